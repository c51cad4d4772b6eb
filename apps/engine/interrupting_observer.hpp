#pragma once
#include "solver/analysis/solution_observer.hpp"

#include <atomic>
#include <stdexcept>

namespace cablespice::app {

// Thrown by InterruptingObserver; runPoint turns it into the point's "run interrupted" error.
class RunInterrupted final : public std::runtime_error {
public:
    RunInterrupted() : std::runtime_error("run interrupted") {}
};

// Forwards every event to `inner` and, once `interrupted` is set, throws RunInterrupted at the
// next solution point. The solver has no cancellation of its own and every analysis emits its
// points on the thread that called it, so this stops a long transient or sweep within one
// point; the unwinding frees what RAII owns. Null `interrupted`: a plain forwarder.
class InterruptingObserver final : public solver::SolutionObserver {
public:
    InterruptingObserver(solver::SolutionObserver& inner, const std::atomic<bool>* interrupted)
        : inner_(inner), interrupted_(interrupted) {}

    void begin(const solver::AnalysisInfo& info) override;
    void realPoint(double scale, std::span<const double> x) override;
    void complexPoint(double scale, std::span<const std::complex<double>> x) override;
    void end(bool complete) override { inner_.end(complete); }

private:
    void throwIfInterrupted() const;

    solver::SolutionObserver& inner_;
    const std::atomic<bool>* interrupted_;
};

} // namespace cablespice::app
