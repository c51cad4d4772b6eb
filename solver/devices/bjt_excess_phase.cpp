#include "solver/devices/bjt_excess_phase.hpp"

namespace cablespice::solver {

// (td²/3) y'' + td y' + y = I_F at the end of the step, with y' = (y - y1)/h and
// y'' = ((y - y1)/h - (y1 - y2)/h1)/h; multiplied by 3 h²/td²:
// y (1 + 3h/td + 3h²/td²) = y1 (1 + h/h1 + 3h/td) - y2 h/h1 + (3h²/td²) I_F.
// After a steady state y1 = y2, so the h/h1 terms cancel (and h1 = 0 is not divided by).
BjtExcessPhase::Step BjtExcessPhase::step(double h) const {
    const double a = 3.0 * h / delay_;
    const double b = a * h / delay_;  // 3 h²/td²
    const double denominator = 1.0 + a + b;
    const double ratio = previousStep_ > 0.0 ? h / previousStep_ : 0.0;
    return {(previous_ * (1.0 + ratio + a) - beforePrevious_ * ratio) / denominator, b / denominator};
}

void BjtExcessPhase::settle(double forward) {
    previous_ = beforePrevious_ = forward;
    previousStep_ = 0.0;
}

void BjtExcessPhase::accept(double h, double forward) {
    const double y = filtered(h, forward);
    beforePrevious_ = previous_;
    previous_ = y;
    previousStep_ = h;
}

} // namespace cablespice::solver
