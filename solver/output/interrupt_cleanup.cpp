#include "solver/output/interrupt_cleanup.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

#include <unistd.h>  // unlink

namespace cablespice::solver {

namespace {

constexpr int kSlots = 64;
constexpr std::size_t kPathBytes = 4096;

struct Slot {
    std::atomic<bool> used{false};
    std::atomic<bool> claimed{false};
    char path[kPathBytes]{};
};

// Constant-initialized (all zero, in .bss): a dynamic initializer would touch each slot's page at
// start-up, 64 page faults in every run.
constinit std::array<Slot, kSlots> slots{};

extern "C" void removeAndDie(int signal) {
    removeRegisteredTemporaries();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

} // namespace

int registerTemporary(const char* path) {
    const std::size_t length = std::strlen(path);
    if (length >= kPathBytes) return -1;
    for (int i = 0; i < kSlots; ++i) {
        bool expected = false;
        if (!slots[i].claimed.compare_exchange_strong(expected, true)) continue;
        std::memcpy(slots[i].path, path, length + 1);
        slots[i].used.store(true, std::memory_order_release);
        return i;
    }
    return -1;
}

void unregisterTemporary(int slot) {
    if (slot < 0 || slot >= kSlots) return;
    slots[slot].used.store(false, std::memory_order_release);
    slots[slot].claimed.store(false, std::memory_order_release);
}

void removeRegisteredTemporaries() {
    for (auto& slot : slots)
        if (slot.used.load(std::memory_order_acquire)) ::unlink(slot.path);
}

void removeTemporariesOnInterrupt() {
    std::signal(SIGINT, removeAndDie);
    std::signal(SIGTERM, removeAndDie);
}

} // namespace cablespice::solver
