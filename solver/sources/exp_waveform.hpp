#pragma once
#include "solver/sources/waveform.hpp"

namespace cablespice::solver {

// EXP(V1 V2 TD1 TAU1 TD2 TAU2), SPICE3/ngspice semantics (vsrcload.c):
//   t <= TD1:       V1
//   TD1 < t <= TD2: V1 + (V2-V1)*(1 - exp(-(t-TD1)/TAU1))
//   t > TD2:        the above + (V1-V2)*(1 - exp(-(t-TD2)/TAU2))
// Defaults are resolved by makeWaveform() (see waveform_factory.hpp).
struct ExpParameters {
    double initial = 0.0;           // V1
    double pulsed = 0.0;            // V2
    double riseDelaySeconds = 0.0;  // TD1
    double riseTauSeconds = 0.0;    // TAU1
    double fallDelaySeconds = 0.0;  // TD2
    double fallTauSeconds = 0.0;    // TAU2
};

class ExpWaveform final : public Waveform {
public:
    explicit ExpWaveform(ExpParameters parameters) : p_(parameters) {}

    double value(double time) const override;
    // TD1 and TD2: slope discontinuities (ngspice reports none; hitting them exactly is cheaper
    // than a rejected step).
    void breakpoints(double from, double to, std::vector<double>& out) const override;

    const ExpParameters& parameters() const { return p_; }

private:
    ExpParameters p_;
};

} // namespace cablespice::solver
