#include "solver/support/fork_join_pair.hpp"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace cablespice::solver {

namespace {

// How long a waiting thread spins before it sleeps: about one solve's worth of separator work
// on the 1e5-unknown harness, well below the gap between two time steps.
constexpr auto kSpinFor = std::chrono::microseconds(50);

void relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
}

// Waits until `value` differs from `old`: spins for kSpinFor, then blocks in atomic::wait.
unsigned awaitChange(const std::atomic<unsigned>& value, unsigned old) {
    const auto deadline = std::chrono::steady_clock::now() + kSpinFor;
    for (int round = 0;; ++round) {
        const unsigned now = value.load(std::memory_order_acquire);
        if (now != old) return now;
        if ((round & 63) == 63 && std::chrono::steady_clock::now() > deadline) break;
        relax();
    }
    for (;;) {
        value.wait(old, std::memory_order_acquire);
        const unsigned now = value.load(std::memory_order_acquire);
        if (now != old) return now;
    }
}

} // namespace

ForkJoinPair::ForkJoinPair() : helper_([this] { helperLoop(); }) {}

ForkJoinPair::~ForkJoinPair() {
    stopping_ = true;
    posted_.fetch_add(1, std::memory_order_release);
    posted_.notify_one();
    helper_.join();
}

void ForkJoinPair::runErased(void* task, Call call) {
    task_ = task;
    call_ = call;
    const unsigned generation = posted_.load(std::memory_order_relaxed) + 1;
    posted_.store(generation, std::memory_order_release);
    posted_.notify_one();
    call(task, 0);
    for (unsigned done = finished_.load(std::memory_order_acquire); done != generation;)
        done = awaitChange(finished_, done);
}

void ForkJoinPair::helperLoop() {
    unsigned seen = 0;
    for (;;) {
        seen = awaitChange(posted_, seen);
        if (stopping_) return;
        call_(task_, 1);
        finished_.store(seen, std::memory_order_release);
        finished_.notify_one();
    }
}

} // namespace cablespice::solver
