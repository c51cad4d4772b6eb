#pragma once
#include "solver/sources/waveform.hpp"

namespace cablespice::solver {

// PULSE(V1 V2 TD TR TF PW PER [NP]), SPICE3/ngspice semantics (vsrcload.c). Defaults for
// missing or zero TR/TF (TSTEP) and PW/PER (TSTOP) are resolved by makeWaveform().
// NP (ngspice's 8th field outside XSPICE compatibility) limits the number of pulses;
// 0 means unlimited.
struct PulseParameters {
    double initial = 0.0;       // V1
    double pulsed = 0.0;        // V2
    double delaySeconds = 0.0;  // TD
    double riseSeconds = 0.0;   // TR
    double fallSeconds = 0.0;   // TF
    double widthSeconds = 0.0;  // PW
    double periodSeconds = 0.0; // PER
    double pulseCount = 0.0;    // NP
};

class PulseWaveform final : public Waveform {
public:
    explicit PulseWaveform(PulseParameters parameters) : p_(parameters) {}

    double value(double time) const override;
    // Start of rise, end of rise, start of fall, end of fall of every period in range.
    void breakpoints(double from, double to, std::vector<double>& out) const override;

    const PulseParameters& parameters() const { return p_; }

private:
    double valueInPeriod(double local) const;
    bool pulsesExhausted(double elapsed) const;

    PulseParameters p_;
};

} // namespace cablespice::solver
