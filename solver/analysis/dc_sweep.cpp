#include "solver/analysis/dc_sweep.hpp"

#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/circuit/valued_device.hpp"

#include <cassert>
#include <cmath>
#include <optional>

namespace cablespice::solver {

int sweepPointCount(const DcSweepSpec::Sweep& sweep) {
    if (sweep.increment == 0.0) return 1;
    const double steps = (sweep.stop - sweep.start) / sweep.increment;
    if (steps < -1e-9) return 0;
    return static_cast<int>(std::floor(steps + 1e-9)) + 1;
}

double sweepValue(const DcSweepSpec::Sweep& sweep, int index) { return sweep.start + index * sweep.increment; }

namespace {

// One swept element (an independent source's DC value or a resistance) and its value before
// the sweep.
struct SweptSource {
    ValuedDevice* device = nullptr;
    double original = 0.0;

    void set(double v) const { device->setPrimaryValue(v); }
    ValueKind kind() const { return device->valueKind(); }
    bool inConstantMatrices() const { return kind() == ValueKind::Resistance; }
};

Outcome<SweptSource> findSweptSource(Circuit& circuit, const DcSweepSpec::Sweep& sweep) {
    auto* device = dynamic_cast<ValuedDevice*>(circuit.findDevice(sweep.source));
    if (!device || device->valueKind() == ValueKind::Other)
        return SolveError{SolveErrorKind::Numerical,
                          "dc sweep: '" + sweep.source + "' is not an independent source or a resistor", -1, 0.0};
    if (device->valueKind() == ValueKind::Resistance)
        for (int k = 0; k < sweepPointCount(sweep); ++k)
            if (sweepValue(sweep, k) == 0.0)
                return SolveError{SolveErrorKind::Numerical, "dc sweep: the resistance of '" + sweep.source + "' reaches 0", -1, 0.0};
    return SweptSource{device, device->primaryValue()};
}

// Restores the swept values when the sweep ends, however it ends.
class SweepRestorer {
public:
    SweepRestorer(std::vector<SweptSource>& sources, Circuit& circuit) : sources_(sources), circuit_(circuit) {}
    ~SweepRestorer() {
        bool resistors = false;
        for (auto& source : sources_) {
            source.set(source.original);
            resistors = resistors || source.inConstantMatrices();
        }
        if (resistors) circuit_.reloadConstant();
    }
    SweepRestorer(const SweepRestorer&) = delete;
    SweepRestorer& operator=(const SweepRestorer&) = delete;

private:
    std::vector<SweptSource>& sources_;
    Circuit& circuit_;
};

AnalysisInfo sweepInfo(const SweptSource& inner) {
    if (inner.kind() == ValueKind::Resistance) return {std::string(plot_names::kDcSweep), "res-sweep", VectorType::Other, false};
    const bool voltage = inner.kind() == ValueKind::Voltage;
    AnalysisInfo info{std::string(plot_names::kDcSweep), voltage ? "v-sweep" : "i-sweep",
                      voltage ? VectorType::Voltage : VectorType::Current, false};
    info.sweptSource = inner.device->sourceValue();
    return info;
}

// A swept resistor changes G: reload and factor again (a source only changes b). The nonlinear
// route reads G from the circuit at every iteration and has no linear factorization.
Outcome<Done> setSwept(const SweptSource& source, double value, Circuit& circuit, DcSystem& system) {
    source.set(value);
    if (!source.inConstantMatrices()) return Done{};
    circuit.reloadConstant();
    if (!circuit.isLinear()) return Done{};
    return system.factor();
}

// One sweep point's solution: the linear route is one solve with the factorization kept; a
// nonlinear circuit is solved by Newton from the previous point (tol.itl2 iterations), else by
// the operating-point procedure (gmin, then source stepping). The first point starts from 0.
class PointSolver {
public:
    PointSolver(const Circuit& circuit, DcSystem& system, const Tolerances& tol)
        : circuit_(circuit), system_(system), tol_(tol),
          b_(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0) {
        if (!circuit.isLinear())
            newton_.emplace(circuit, circuit.dcSymbolic(), circuit.dcSymbolic().settings(), tol);
    }

    Outcome<Done> factor() {
        if (newton_) return Done{};
        return system_.factor();
    }

    Outcome<Done> solve(std::vector<double>& x) {
        if (!newton_) {
            system_.solve(x);
            return Done{};
        }
        std::fill(b_.begin(), b_.end(), 0.0);
        for (const auto* source : circuit_.excitations()) source->loadDc(b_, 1.0);
        b_[0] = 0.0;
        OperatingPointRequest request;
        request.excitation = b_;
        request.tol = tol_;
        auto op = solveNonlinearOperatingPoint(*newton_, request, x, first_ ? tol_.itl1 : tol_.itl2);
        if (!op) return op.error();
        first_ = false;
        x = std::move(op.value().x);
        for (auto* device : circuit_.nonlinearDevices()) device->acceptSolution(x, 0.0);  // a switch's hysteresis
        return Done{};
    }

private:
    const Circuit& circuit_;
    DcSystem& system_;
    Tolerances tol_;
    std::vector<double> b_;
    std::optional<NewtonSolver> newton_;
    bool first_ = true;
};

// The single-sweep case as a nested sweep with one fixed outer value.
DcSweepSpec::Sweep outerSweepOf(const DcSweepSpec& spec) {
    if (spec.sweeps.size() > 1) return spec.sweeps[1];
    return {"", 0.0, 0.0, 0.0};
}

} // namespace

Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer,
                         const Tolerances& tol) {
    DcSystem system(circuit);
    return runDcSweep(circuit, spec, observer, system, tol);
}

Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer, DcSystem& system,
                         const Tolerances& tol) {
    assert(!spec.sweeps.empty() && spec.sweeps.size() <= 2 && "a .dc sweeps one or two sources");
    std::vector<SweptSource> sources;
    for (const auto& sweep : spec.sweeps) {
        auto found = findSweptSource(circuit, sweep);
        if (!found) return found.error();
        sources.push_back(found.value());
    }
    SweepRestorer restorer(sources, circuit);

    observer.begin(sweepInfo(sources.front()));
    PointSolver points(circuit, system, tol);
    auto factored = points.factor();
    if (!factored) {
        observer.end(false);
        return factored.error();
    }
    const DcSweepSpec::Sweep& inner = spec.sweeps.front();
    const DcSweepSpec::Sweep outer = outerSweepOf(spec);
    const int innerCount = sweepPointCount(inner);
    const int outerCount = sweepPointCount(outer);
    std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
    for (int j = 0; j < outerCount; ++j) {
        if (sources.size() > 1)
            if (auto set = setSwept(sources[1], sweepValue(outer, j), circuit, system); !set) {
                observer.end(false);
                return set.error();
            }
        for (int i = 0; i < innerCount; ++i) {
            const double value = sweepValue(inner, i);
            if (auto set = setSwept(sources[0], value, circuit, system); !set) {
                observer.end(false);
                return set.error();
            }
            if (auto solved = points.solve(x); !solved) {
                observer.end(false);
                return solved.error();
            }
            observer.realPoint(value, x);
        }
    }
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
