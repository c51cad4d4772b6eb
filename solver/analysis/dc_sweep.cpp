#include "solver/analysis/dc_sweep.hpp"

#include "solver/devices/current_source.hpp"
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

// One swept source: where its DC value lives and what it was before the sweep.
struct SweptSource {
    SourceValue* value = nullptr;
    double originalDc = 0.0;
    VectorType type = VectorType::Voltage;
};

Outcome<SweptSource> findSweptSource(Circuit& circuit, const std::string& name) {
    Device* device = circuit.findDevice(name);
    if (auto* v = dynamic_cast<VoltageSource*>(device)) return SweptSource{&v->value(), v->value().dc, VectorType::Voltage};
    if (auto* i = dynamic_cast<CurrentSource*>(device)) return SweptSource{&i->value(), i->value().dc, VectorType::Current};
    return SolveError{SolveErrorKind::Numerical, "dc sweep: '" + name + "' is not an independent source", -1, 0.0};
}

// Restores the swept sources' DC values when the sweep ends, however it ends.
class SweepRestorer {
public:
    explicit SweepRestorer(std::vector<SweptSource>& sources) : sources_(sources) {}
    ~SweepRestorer() {
        for (auto& source : sources_) source.value->dc = source.originalDc;
    }
    SweepRestorer(const SweepRestorer&) = delete;
    SweepRestorer& operator=(const SweepRestorer&) = delete;

private:
    std::vector<SweptSource>& sources_;
};

AnalysisInfo sweepInfo(const SweptSource& inner) {
    const bool voltage = inner.type == VectorType::Voltage;
    return {"DC transfer characteristic", voltage ? "v-sweep" : "i-sweep", inner.type, false};
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
        auto found = findSweptSource(circuit, sweep.source);
        if (!found) return found.error();
        sources.push_back(found.value());
    }
    SweepRestorer restorer(sources);

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
        if (sources.size() > 1) sources[1].value->dc = sweepValue(outer, j);
        for (int i = 0; i < innerCount; ++i) {
            const double value = sweepValue(inner, i);
            sources[0].value->dc = value;
            system.solve(x);
            observer.realPoint(value, x);
        }
    }
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
