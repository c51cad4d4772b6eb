#include "apps/engine/interrupting_observer.hpp"

namespace cablespice::app {

void InterruptingObserver::begin(const solver::AnalysisInfo& info) {
    throwIfInterrupted();
    inner_.begin(info);
}

void InterruptingObserver::realPoint(double scale, std::span<const double> x) {
    throwIfInterrupted();
    inner_.realPoint(scale, x);
}

void InterruptingObserver::complexPoint(double scale, std::span<const std::complex<double>> x) {
    throwIfInterrupted();
    inner_.complexPoint(scale, x);
}

void InterruptingObserver::throwIfInterrupted() const {
    if (interrupted_ && interrupted_->load(std::memory_order_relaxed)) throw RunInterrupted();
}

} // namespace cablespice::app
