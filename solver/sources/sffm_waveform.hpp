#pragma once
#include "solver/sources/waveform.hpp"

namespace cablespice::solver {

// SFFM(VO VA FC MDI FS PHASEC PHASES), ngspice 39 semantics (checked against `ngspice -b`):
//   VO + VA*sin(2*pi*FC*t + PHASEC + MDI*sin(2*pi*FS*t + PHASES)),  phases in degrees;
// FC and FS default to 1/TSTOP (resolved by makeWaveform()). Smooth: no corners.
struct SffmParameters {
    double offset = 0.0;           // VO
    double amplitude = 0.0;        // VA
    double carrierHz = 0.0;        // FC
    double modulationIndex = 0.0;  // MDI
    double signalHz = 0.0;         // FS
    double carrierPhaseDegrees = 0.0;
    double signalPhaseDegrees = 0.0;
};

class SffmWaveform final : public Waveform {
public:
    explicit SffmWaveform(SffmParameters parameters) : p_(parameters) {}
    double value(double time) const override;

private:
    SffmParameters p_;
};

} // namespace cablespice::solver
