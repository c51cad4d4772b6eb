#pragma once
#include "parser/elaborate/output_request.hpp"
#include "solver/analysis/solution_observer.hpp"

#include <complex>
#include <functional>

namespace cablespice::app {

// The value of one resolved output vector (elab::VectorProbe) at each point of an analysis,
// points given in order. Node voltages and branch currents are read from the solution; the
// current of a resistor is G*v (of a VCCS or CCCS gain times its control), of a current
// source its value, of a capacitor j*omega*C*v in
// AC, 0 at DC and C*dv/dt in transient, dv/dt taken from this point and the two before
// (second-order backward difference; first-order at the second point, 0 at the first).
// Power is v times that current (v times its conjugate in AC).
class VectorEvaluator {
public:
    using ValueAt = std::function<std::complex<double>(solver::Unknown)>;

    VectorEvaluator(const elab::VectorProbe& probe, const solver::AnalysisInfo& info);

    // The value at the next point: `scale` is its time, frequency or sweep value and
    // `valueAt(u)` reads unknown u (or own vector u) of its solution.
    std::complex<double> next(double scale, const ValueAt& valueAt);

private:
    enum class Domain { Dc, Ac, Transient };

    std::complex<double> current(double scale, std::complex<double> v, const ValueAt& valueAt);
    double derivative(double time, double v);

    elab::VectorProbe probe_;
    const solver::SourceValue* sweptSource_ = nullptr;  // AnalysisInfo::sweptSource
    Domain domain_;
    int history_ = 0;  // points seen (up to 2) for the transient derivative
    double t1_ = 0.0, v1_ = 0.0, t0_ = 0.0, v0_ = 0.0;  // the last point and the one before
    double lastDerivative_ = 0.0;
};

} // namespace cablespice::app
