#pragma once
#include "solver/sources/waveform.hpp"

#include <complex>
#include <memory>

namespace cablespice::solver {

// What an independent source delivers in each analysis: DC value, AC phasor, waveform.
struct SourceValue {
    double dc = 0.0;
    double acMagnitude = 0.0;
    double acPhaseDegrees = 0.0;
    std::shared_ptr<const Waveform> waveform;  // null: the DC value in transient too

    double at(double time) const { return waveform ? waveform->value(time) : dc; }
    std::complex<double> acPhasor() const;
    // e^(j phase): the phasor's derivative by its magnitude.
    std::complex<double> acUnitPhasor() const;
};

} // namespace cablespice::solver
