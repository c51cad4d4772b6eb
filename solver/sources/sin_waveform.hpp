#pragma once
#include "solver/sources/waveform.hpp"

namespace cablespice::solver {

// SIN(VO VA FREQ TD THETA PHASE), SPICE3/ngspice semantics (vsrcload.c):
//   t <  TD: VO + VA*sin(2*pi*PHASE/360)
//   t >= TD: VO + VA*exp(-(t-TD)*THETA)*sin(2*pi*(FREQ*(t-TD) + PHASE/360))
// Defaults (FREQ = 1/TSTOP when missing or 0) are resolved by makeWaveform().
struct SinParameters {
    double offset = 0.0;        // VO
    double amplitude = 0.0;     // VA
    double frequencyHz = 0.0;   // FREQ
    double delaySeconds = 0.0;  // TD (may be negative)
    double dampingPerSecond = 0.0;  // THETA
    double phaseDegrees = 0.0;  // PHASE
};

class SinWaveform final : public Waveform {
public:
    explicit SinWaveform(SinParameters parameters) : p_(parameters) {}

    double value(double time) const override;
    // The only corner is the onset at TD (ngspice reports none; the onset is a slope
    // discontinuity, so hitting it exactly costs one step and avoids a rejected one).
    void breakpoints(double from, double to, std::vector<double>& out) const override;

    const SinParameters& parameters() const { return p_; }

private:
    SinParameters p_;
};

} // namespace cablespice::solver
