#pragma once
#include <vector>

namespace cablespice::solver {

// A time function of an independent source (SIN, PULSE, PWL, EXP, ...).
class Waveform {
public:
    virtual ~Waveform() = default;
    virtual double value(double time) const = 0;
    // Corners of the waveform inside [from, to], appended to out (any order).
    virtual void breakpoints(double /*from*/, double /*to*/, std::vector<double>& /*out*/) const {}
};

} // namespace cablespice::solver
