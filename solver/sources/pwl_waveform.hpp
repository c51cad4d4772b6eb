#pragma once
#include "solver/sources/waveform.hpp"

#include <optional>
#include <vector>

namespace cablespice::solver {

// PWL(T1 V1 T2 V2 ...) [r=R] [td=TD], ngspice semantics (vsrcload.c, vsrcpar.c):
// linear between points, V1 before T1 and the last value after the last point; with
// r=R the segment from time point R (which must be one of the Ti) to the last point
// repeats forever; td=TD shifts the whole waveform later. At the end of every repeat the
// waveform holds the last value (left-continuous) and jumps to the value at R just after.
struct PwlPoint {
    double time = 0.0;
    double value = 0.0;
};

struct PwlParameters {
    std::vector<PwlPoint> points;        // strictly increasing times (checked by makeWaveform)
    std::optional<double> repeatFrom;    // r=
    double delaySeconds = 0.0;           // td=
};

class PwlWaveform final : public Waveform {
public:
    explicit PwlWaveform(PwlParameters parameters);

    double value(double time) const override;
    // Every time point (shifted by td) and, when repeating, its copies in later periods.
    void breakpoints(double from, double to, std::vector<double>& out) const override;

    const PwlParameters& parameters() const { return p_; }

private:
    double foldIntoTable(double local) const;
    double interpolate(double local) const;
    double repeatPeriod() const;

    PwlParameters p_;
};

} // namespace cablespice::solver
