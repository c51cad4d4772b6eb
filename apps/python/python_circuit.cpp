#include "apps/python/python_circuit.hpp"

#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "apps/python/python_errors.hpp"
#include "apps/python/python_outcome.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace py = pybind11;

namespace cablespice::python {

namespace {

std::string lowerCase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// A value as -D takes it: numbers in full precision, strings (expressions, "10k") as written.
std::string overrideText(const py::handle& value) {
    if (py::isinstance<py::str>(value)) return value.cast<std::string>();
    return fmt::format("{:.17g}", value.cast<double>());
}

std::vector<elab::ParamOverride> overridesFrom(const py::object& params) {
    std::vector<elab::ParamOverride> overrides;
    if (params.is_none()) return overrides;
    for (const auto& [name, value] : params.cast<py::dict>())
        overrides.push_back({name.cast<std::string>(), overrideText(value)});
    return overrides;
}

// Caller-given points become .step-like specs (one per name) so the engine runs them exactly
// as it runs a .step grid.
struct CallerPoints {
    std::vector<elab::StepSpec> specs;
    std::vector<elab::StepPoint> points;
};

CallerPoints callerPoints(const py::list& points, const elab::Deck& deck) {
    CallerPoints result;
    for (const auto& handle : points)
        for (const auto& item : handle.cast<py::dict>()) {
            std::string name = lowerCase(item.first.cast<std::string>());
            auto known = [&](const elab::StepSpec& spec) { return spec.name == name; };
            if (std::any_of(result.specs.begin(), result.specs.end(), known)) continue;
            if (!deck.parameters.count(name))
                throw py::value_error("'" + name + "' is not a top-level .param of the netlist");
            result.specs.push_back(elab::StepSpec{elab::StepSpec::Target::Parameter, name, {}, {}, {}, {}});
        }
    for (const auto& handle : points) {
        auto values = handle.cast<py::dict>();
        elab::StepPoint point;
        for (const auto& spec : result.specs) {
            py::object value;
            for (const auto& item : values)
                if (lowerCase(item.first.cast<std::string>()) == spec.name) value = py::reinterpret_borrow<py::object>(item.second);
            if (!value) throw py::value_error("every point must give the same parameters; one lacks '" + spec.name + "'");
            point.values.emplace_back(&spec, value.cast<double>());
        }
        result.points.push_back(std::move(point));
    }
    return result;
}

std::string describePosition(const SourceManager& sources, const SourceRange& range) {
    if (!sources.isValid(range.begin.file)) return "an unknown position";
    const auto position = sources.lineCol(range.begin);
    return fmt::format("{}:{}:{}", sources.name(range.begin.file), position.line, position.column);
}

// A caller's name that a .step card of the netlist also sweeps: both cannot hold.
void rejectStepped(const CallerPoints& caller, const elab::Deck& deck, const SourceManager& sources) {
    for (const auto& spec : caller.specs)
        for (const auto& step : deck.steps)
            if (step.name == spec.name)
                throw py::value_error(fmt::format("'{}' is swept by the netlist's .step card at {}; sweep it in one "
                                                  "place: remove that card or leave '{}' out of params",
                                                  spec.name, describePosition(sources, step.origin), spec.name));
}

// Each caller point crossed with every point of the netlist's own .step grid (the caller's
// outermost): the .step cards become the inner dimensions of the sweep.
std::vector<elab::StepPoint> withDeckSteps(const std::vector<elab::StepPoint>& callerPoints, const elab::Deck& deck) {
    if (deck.steps.empty()) return callerPoints;
    const auto inner = elab::stepPoints(deck.steps);
    std::vector<elab::StepPoint> points;
    points.reserve(callerPoints.size() * inner.size());
    for (const auto& outer : callerPoints)
        for (const auto& step : inner) {
            elab::StepPoint point = outer;
            point.values.insert(point.values.end(), step.values.begin(), step.values.end());
            points.push_back(std::move(point));
        }
    return points;
}

} // namespace

PythonCircuit::PythonCircuit(std::vector<elab::ParamOverride> overrides, bool strict)
    : loaded_(std::make_shared<app::LoadedNetlist>()), overrides_(std::move(overrides)), strict_(strict) {}

elab::ElaborationOptions PythonCircuit::loadOptions() const {
    elab::ElaborationOptions options;
    options.overrides = overrides_;
    options.strictOutputs = strict_;
    return options;
}

PythonCircuit PythonCircuit::fromFile(const std::string& path, const py::object& params, bool strict) {
    PythonCircuit circuit(overridesFrom(params), strict);
    try {
        circuit.loaded_->loadFile(path, circuit.loadOptions());
    } catch (const app::NetlistOpenError& error) {
        PyErr_SetString(PyExc_FileNotFoundError, error.what());
        throw py::error_already_set();
    } catch (const SourceError& error) {
        raiseNetlistError(circuit.loaded_->sources(), error.diagnostics());
    }
    return circuit;
}

PythonCircuit PythonCircuit::fromString(std::string text, const py::object& params, std::string name, bool strict) {
    PythonCircuit circuit(overridesFrom(params), strict);
    try {
        circuit.loaded_->loadText(std::move(text), std::move(name), circuit.loadOptions());
    } catch (const SourceError& error) {
        raiseNetlistError(circuit.loaded_->sources(), error.diagnostics());
    }
    return circuit;
}

py::dict PythonCircuit::params() const {
    py::dict values;
    for (const auto& [name, value] : loaded_->deck().parameters) values[py::str(name)] = value;
    return values;
}

py::list PythonCircuit::stepNames() const {
    py::list names;
    for (const auto& step : loaded_->deck().steps) names.append(step.name);
    return names;
}

py::list PythonCircuit::stepValues() const {
    py::list values;
    for (const auto& step : loaded_->deck().steps) values.append(py::cast(step.values));
    return values;
}

py::list PythonCircuit::warnings() const {
    py::list texts;
    for (const auto& warning : loaded_->warnings()) texts.append(renderDiagnostics(loaded_->sources(), {warning}));
    // The command line writes .wave files; the module returns the vectors instead.
    for (const auto& wave : loaded_->deck().waves) {
        const Diagnostic ignored{Severity::Warning, wave.origin,
                                 ".wave is not written by the Python module (the command line writes it); card ignored", {}};
        texts.append(renderDiagnostics(loaded_->sources(), {ignored}));
    }
    return texts;
}

py::list PythonCircuit::runPoints(const py::object& points, std::optional<int> jobs, std::size_t firstIndex) const {
    const elab::Deck& deck = loaded_->deck();
    if (auto problems = app::topologyProblems(deck); !problems.empty())
        raiseSimulationError(renderDiagnostics(loaded_->sources(), problems));
    CallerPoints caller;
    std::vector<elab::StepPoint> stepPoints;
    app::EngineOptions options;
    options.overrides = overrides_;
    options.strict = strict_;
    options.jobs = jobs.value_or(0);
    if (points.is_none()) {
        stepPoints = deck.steps.empty() ? std::vector<elab::StepPoint>(1) : elab::stepPoints(deck.steps);
    } else {
        caller = callerPoints(points.cast<py::list>(), deck);
        rejectStepped(caller, deck, loaded_->sources());
        stepPoints = withDeckSteps(caller.points, deck);
        // A swept parameter takes the point's value, not the circuit's override.
        std::erase_if(options.overrides, [&](const elab::ParamOverride& o) {
            return std::any_of(caller.specs.begin(), caller.specs.end(),
                               [&](const elab::StepSpec& spec) { return spec.name == lowerCase(o.name); });
        });
    }
    auto outcomes = app::pendingOutcomes(stepPoints);
    // Point k of a share that starts at caller point firstIndex is point firstIndex * (points
    // per caller point) + k of the whole sweep.
    const std::size_t perCallerPoint = points.is_none() || deck.steps.empty() ? 1 : elab::stepPoints(deck.steps).size();
    for (auto& outcome : outcomes) outcome.index += firstIndex * perCallerPoint;
    runInterruptibly(loaded_->netlist(), deck, options, outcomes);
    py::list results;
    for (const auto& outcome : outcomes) results.append(outcomeToPython(outcome, loaded_->sources()));
    return results;
}

} // namespace cablespice::python
