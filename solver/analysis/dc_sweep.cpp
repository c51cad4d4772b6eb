#include "solver/analysis/dc_sweep.hpp"

#include "solver/devices/current_source.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <cassert>
#include <cmath>

namespace cablespice::solver {

int sweepPointCount(const DcSweepSpec::Sweep& sweep) {
    if (sweep.increment == 0.0) return 1;
    const double steps = (sweep.stop - sweep.start) / sweep.increment;
    if (steps < -1e-9) return 0;
    return static_cast<int>(std::floor(steps + 1e-9)) + 1;
}

double sweepValue(const DcSweepSpec::Sweep& sweep, int index) { return sweep.start + index * sweep.increment; }

namespace {

// One swept value: an independent source's DC value or a resistor's resistance, and what it
// was before the sweep.
struct SweptSource {
    SourceValue* value = nullptr;
    Resistor* resistor = nullptr;
    double original = 0.0;
    VectorType type = VectorType::Voltage;

    void set(double v) const {
        if (resistor) resistor->setResistance(v);
        else value->dc = v;
    }
};

Outcome<SweptSource> findSweptSource(Circuit& circuit, const DcSweepSpec::Sweep& sweep) {
    Device* device = circuit.findDevice(sweep.source);
    if (auto* v = dynamic_cast<VoltageSource*>(device)) return SweptSource{&v->value(), nullptr, v->value().dc, VectorType::Voltage};
    if (auto* i = dynamic_cast<CurrentSource*>(device)) return SweptSource{&i->value(), nullptr, i->value().dc, VectorType::Current};
    if (auto* r = dynamic_cast<Resistor*>(device)) {
        for (int k = 0; k < sweepPointCount(sweep); ++k)
            if (sweepValue(sweep, k) == 0.0)
                return SolveError{SolveErrorKind::Numerical, "dc sweep: the resistance of '" + sweep.source + "' reaches 0", -1, 0.0};
        return SweptSource{nullptr, r, r->resistance(), VectorType::Other};
    }
    return SolveError{SolveErrorKind::Numerical,
                      "dc sweep: '" + sweep.source + "' is not an independent source or a resistor", -1, 0.0};
}

// Restores the swept values when the sweep ends, however it ends.
class SweepRestorer {
public:
    SweepRestorer(std::vector<SweptSource>& sources, Circuit& circuit) : sources_(sources), circuit_(circuit) {}
    ~SweepRestorer() {
        bool resistors = false;
        for (auto& source : sources_) {
            source.set(source.original);
            resistors = resistors || source.resistor;
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
    if (inner.resistor) return {"DC transfer characteristic", "res-sweep", inner.type, false};
    const bool voltage = inner.type == VectorType::Voltage;
    AnalysisInfo info{"DC transfer characteristic", voltage ? "v-sweep" : "i-sweep", inner.type, false};
    info.sweptSource = inner.value;
    return info;
}

// A swept resistor changes G: reload and factor again (a source only changes b).
Outcome<Done> setSwept(const SweptSource& source, double value, Circuit& circuit, DcSystem& system) {
    source.set(value);
    if (!source.resistor) return Done{};
    circuit.reloadConstant();
    return system.factor();
}

// The single-sweep case as a nested sweep with one fixed outer value.
DcSweepSpec::Sweep outerSweepOf(const DcSweepSpec& spec) {
    if (spec.sweeps.size() > 1) return spec.sweeps[1];
    return {"", 0.0, 0.0, 0.0};
}

} // namespace

Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer) {
    DcSystem system(circuit);
    return runDcSweep(circuit, spec, observer, system);
}

Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer, DcSystem& system) {
    assert(!spec.sweeps.empty() && spec.sweeps.size() <= 2 && "a .dc sweeps one or two sources");
    assert(circuit.isLinear() && "nonlinear DC sweeps need Newton iterations per point");
    std::vector<SweptSource> sources;
    for (const auto& sweep : spec.sweeps) {
        auto found = findSweptSource(circuit, sweep);
        if (!found) return found.error();
        sources.push_back(found.value());
    }
    SweepRestorer restorer(sources, circuit);

    observer.begin(sweepInfo(sources.front()));
    auto factored = system.factor();
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
            system.solve(x);
            observer.realPoint(value, x);
        }
    }
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
