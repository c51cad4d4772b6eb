#pragma once
#include <complex>

namespace cablespice::solver {

// The Gummel-Poon transistor's excess phase (PTF) as ngspice 39 models it (bjtload.c, bjtacld.c):
// the forward transport current I_F = I_BE/qb reaches the collector through Weil's second-order
// delay, (td²/3) y'' + td y' + y = I_F with td = PTF (in radians) times TF, so that the phase
// lag at 1/(2 pi TF) is about PTF.
// - DC: y = I_F (no effect).
// - AC: the transconductance dI_C/dV_BE is multiplied by exp(-j omega td) (phaseFactor).
// - Transient: backward differences over the present step h and the previous accepted one h1
//   (the step's value is history + gain * I_F, linear in the present iterate's I_F); the state
//   is the filtered current at the last two accepted points, changed only by accept() or
//   settle(), so a rejected step leaves nothing behind.
class BjtExcessPhase {
public:
    explicit BjtExcessPhase(double delaySeconds = 0.0) : delay_(delaySeconds) {}

    bool active() const { return delay_ > 0.0; }
    double delay() const { return delay_; }

    // y at the end of a step of h: history + gain * (I_F at the end of the step).
    struct Step {
        double history = 0.0;
        double gain = 1.0;
    };
    Step step(double h) const;
    double filtered(double h, double forward) const {
        const Step s = step(h);
        return s.history + s.gain * forward;
    }

    // A steady state (a DC point, the transient's initial point): y = I_F at both past points.
    void settle(double forward);
    // The accepted end of a step of h, where the forward current is `forward`.
    void accept(double h, double forward);

    // exp(-j omega td): what the small-signal transconductance is multiplied by.
    std::complex<double> phaseFactor(double omega) const { return std::polar(1.0, -omega * delay_); }

private:
    double delay_;
    double previous_ = 0.0, beforePrevious_ = 0.0;  // y at the last two accepted points
    double previousStep_ = 0.0;                     // the step that reached `previous_` (0: a steady state)
};

} // namespace cablespice::solver
