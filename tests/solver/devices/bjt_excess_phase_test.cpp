#include "solver/devices/bjt_excess_phase.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

// Weil's excess-phase delay against its differential equation (td²/3) y'' + td y' + y = I_F:
// the unit-step response in closed form, 1 - exp(-at) (cos bt + (a/b) sin bt) with a = 1.5/td
// and b = (sqrt 3 / 2)/td (roots of (td²/3) s² + td s + 1), which backward differences reach
// to first order in h/td; the AC factor exp(-j omega td).

using namespace cablespice::solver;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kDelay = 0.5e-9;

double stepResponse(double t) {
    const double a = 1.5 / kDelay, b = std::sqrt(3.0) / 2.0 / kDelay;
    return 1.0 - std::exp(-a * t) * (std::cos(b * t) + a / b * std::sin(b * t));
}

// The worst distance from the closed form over 5 td, the input stepping from 0 to 1 at t = 0,
// with steps alternating h and 2h or all h.
double worstError(double h, bool alternate) {
    BjtExcessPhase filter(kDelay);
    filter.settle(0.0);
    double t = 0.0, worst = 0.0;
    for (int k = 0; t < 5.0 * kDelay; ++k) {
        const double step = alternate && k % 2 == 1 ? 2.0 * h : h;
        t += step;
        const double y = filter.filtered(step, 1.0);
        filter.accept(step, 1.0);
        worst = std::max(worst, std::abs(y - stepResponse(t)));
    }
    return worst;
}

} // namespace

TEST_CASE("Excess phase: a steady input passes unchanged at any step", "[device][bjt]") {
    BjtExcessPhase filter(kDelay);
    filter.settle(2.5e-3);
    for (double h : {1e-12, 3e-11, 7e-10, 1e-8}) {
        CHECK_THAT(filter.filtered(h, 2.5e-3), WithinRel(2.5e-3, 1e-14));
        filter.accept(h, 2.5e-3);
    }
}

TEST_CASE("Excess phase: the step response converges to the second-order closed form at first order in h",
          "[device][bjt]") {
    // The backward differences' worst error over the response is 0.332 h/td at constant steps
    // and 0.553 h/td with steps alternating h and 2h (computed independently in Python at
    // h = td/400, td/800, td/1600); a coefficient off by 1 % would leave an error of order 1e-2.
    for (bool alternate : {false, true}) {
        INFO((alternate ? "steps alternating h and 2h" : "constant steps"));
        const double h = kDelay / 400.0;
        const double coarse = worstError(h, alternate), fine = worstError(h / 2.0, alternate);
        CHECK(coarse < (alternate ? 0.6 : 0.35) * h / kDelay);
        CHECK_THAT(coarse / fine, WithinAbs(2.0, 0.1));  // first order
    }
}

TEST_CASE("Excess phase: the first step after a steady state and its gain follow the discretised equation",
          "[device][bjt]") {
    // From y1 = y2 = F0: y (1 + 3h/td + 3h²/td²) = F0 (1 + 3h/td) + (3h²/td²) F, for any previous step.
    BjtExcessPhase filter(kDelay);
    filter.settle(1e-3);
    const double h = 0.1e-9, a = 3.0 * h / kDelay, b = a * h / kDelay;
    const auto step = filter.step(h);
    CHECK_THAT(step.gain, WithinRel(b / (1.0 + a + b), 1e-14));
    CHECK_THAT(step.history, WithinRel(1e-3 * (1.0 + a) / (1.0 + a + b), 1e-14));
    // The next step of h2 after that one: y1 (1 + h2/h + 3h2/td) - y2 h2/h, over the same denominator.
    filter.accept(h, 2e-3);
    const double y1 = (1e-3 * (1.0 + a) + b * 2e-3) / (1.0 + a + b);
    const double h2 = 0.25e-9, a2 = 3.0 * h2 / kDelay, b2 = a2 * h2 / kDelay;
    CHECK_THAT(filter.filtered(h2, 3e-3),
               WithinRel((y1 * (1.0 + h2 / h + a2) - 1e-3 * h2 / h + b2 * 3e-3) / (1.0 + a2 + b2), 1e-14));
}

TEST_CASE("Excess phase: in AC the transconductance turns by -omega td, -PTF at 1/(2 pi TF)", "[device][bjt]") {
    const double tf = 0.4e-9, ptfDegrees = 60.0;
    const BjtExcessPhase filter(ptfDegrees * std::numbers::pi / 180.0 * tf);
    const auto factor = filter.phaseFactor(1.0 / tf);
    CHECK_THAT(std::abs(factor), WithinRel(1.0, 1e-15));
    CHECK_THAT(std::arg(factor) * 180.0 / std::numbers::pi, WithinRel(-ptfDegrees, 1e-13));
}
