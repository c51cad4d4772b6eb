#pragma once
#include "solver/sources/waveform.hpp"

#include <memory>

namespace cablespice::solver {

// Another waveform times a constant (a current source standing for m parallel copies).
class ScaledWaveform final : public Waveform {
public:
    ScaledWaveform(std::shared_ptr<const Waveform> inner, double scale) : inner_(std::move(inner)), scale_(scale) {}

    double value(double time) const override { return scale_ * inner_->value(time); }
    void breakpoints(double from, double to, std::vector<double>& out) const override { inner_->breakpoints(from, to, out); }

private:
    std::shared_ptr<const Waveform> inner_;
    double scale_;
};

} // namespace cablespice::solver
