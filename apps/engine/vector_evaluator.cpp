#include "apps/engine/vector_evaluator.hpp"

#include <algorithm>
#include <numbers>

namespace cablespice::app {

VectorEvaluator::VectorEvaluator(const elab::VectorProbe& probe, const solver::AnalysisInfo& info)
    : probe_(probe), sweptSource_(info.sweptSource) {
    domain_ = info.scaleName == "time" ? Domain::Transient
              : info.complex          ? Domain::Ac
                                      : Domain::Dc;
}

std::complex<double> VectorEvaluator::next(double scale, const ValueAt& valueAt) {
    if (probe_.kind == elab::ProbeKind::Difference && !probe_.power)
        return valueAt(probe_.unknown) - valueAt(probe_.reference);
    std::complex<double> v = valueAt(probe_.a) - valueAt(probe_.b);
    std::complex<double> i = current(scale, v, valueAt);
    if (!probe_.power) return i;
    return domain_ == Domain::Ac ? v * std::conj(i) : v * i;
}

std::complex<double> VectorEvaluator::current(double scale, std::complex<double> v, const ValueAt& valueAt) {
    switch (probe_.kind) {
    case elab::ProbeKind::Difference: return valueAt(probe_.unknown);
    case elab::ProbeKind::LinearCurrent: return probe_.value * (valueAt(probe_.unknown) - valueAt(probe_.reference));
    case elab::ProbeKind::CapacitorCurrent:
        if (domain_ == Domain::Ac) return std::complex<double>(0.0, 2.0 * std::numbers::pi * scale * probe_.value) * v;
        if (domain_ == Domain::Transient) return probe_.value * derivative(scale, v.real());
        return 0.0;
    case elab::ProbeKind::SourceCurrent:
        if (domain_ == Domain::Ac) return probe_.source->acPhasor();
        if (domain_ == Domain::Transient) return probe_.source->at(scale);
        if (probe_.source == sweptSource_) return scale;  // the swept source: its value is the scale
        return probe_.source->dc;
    }
    return 0.0;
}

double VectorEvaluator::derivative(double time, double v) {
    double result = 0.0;
    double h1 = time - t1_;
    if (history_ > 0 && h1 <= 0.0) {
        result = lastDerivative_;  // a repeated time point (a breakpoint written twice)
    } else if (history_ == 1) {
        result = (v - v1_) / h1;
    } else if (history_ == 2) {
        double h0 = t1_ - t0_;
        result = v * (2.0 * h1 + h0) / (h1 * (h1 + h0)) - v1_ * (h1 + h0) / (h1 * h0) + v0_ * h1 / (h0 * (h1 + h0));
    }
    if (history_ == 0 || h1 > 0.0) {
        t0_ = t1_;
        v0_ = v1_;
        t1_ = time;
        v1_ = v;
        history_ = std::min(history_ + 1, 2);
    }
    lastDerivative_ = result;
    return result;
}

} // namespace cablespice::app
