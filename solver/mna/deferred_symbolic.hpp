#pragma once
#include "solver/mna/klu_factorization.hpp"
#include "solver/mna/sparse_pattern.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace cablespice::solver {

// A KLU symbolic analysis made on its first use, once, whichever thread asks first; shared by
// the circuits of one topology (the .step and Monte Carlo points of a base circuit). The
// operating point's COLAMD analysis waits here: a linear .ac, .cmrr or .noise never factors G
// alone, and on the 1e4-unknown harness that analysis is ~4 ms of the load.
//
// startInBackground() makes it at once on a thread of its own, for a caller with a core to
// spare; the first get() waits for that thread's analysis (or, had it failed, makes it again
// and reports the failure itself).
class DeferredSymbolic {
public:
    DeferredSymbolic(std::shared_ptr<const SparsePattern> pattern, const KluSettings& settings)
        : pattern_(std::move(pattern)), settings_(settings) {}

    const KluSymbolic& get() const {
        std::call_once(once_, [this] {
            symbolic_ = std::make_unique<KluSymbolic>(*pattern_, settings_);
            made_.store(true, std::memory_order_release);
        });
        return *symbolic_;
    }
    // True once get() has made the analysis.
    bool made() const { return made_.load(std::memory_order_acquire); }

    void startInBackground() {
        background_ = std::jthread([this] {
            try {
                get();
            } catch (...) {  // the once_flag stays unset: the next get() tries again and throws there
            }
        });
    }

private:
    std::shared_ptr<const SparsePattern> pattern_;
    KluSettings settings_;
    mutable std::once_flag once_;
    mutable std::unique_ptr<KluSymbolic> symbolic_;
    mutable std::atomic<bool> made_{false};
    std::jthread background_;  // last: joined before the members it uses are destroyed
};

} // namespace cablespice::solver
