#include "apps/engine/solve_error_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cablespice::app {

namespace {

std::string joinNames(const elab::Deck& deck, const std::vector<const solver::Device*>& devices) {
    std::string text;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (i > 0) text += ", ";
        text += deck.displayName(devices[i]->name());
    }
    return text;
}

bool allVoltageSources(const std::vector<const solver::Device*>& devices) {
    return std::all_of(devices.begin(), devices.end(), [](const solver::Device* d) { return d->name().starts_with('v'); });
}

Diagnostic describeFloating(const elab::Deck& deck, const solver::TopologyProblem& problem) {
    const auto& name = deck.circuit->nodes().name(problem.node);
    std::string message = "node '" + name + "' has no DC path to ground";
    if (problem.nodes.size() > 1) message += fmt::format(" (nor have {} other nodes connected to it)", problem.nodes.size() - 1);
    if (!problem.devices.empty()) message += " (connected only to " + joinNames(deck, problem.devices) + ")";
    SourceRange where = problem.devices.empty() ? SourceRange{} : problem.devices.front()->origin();
    return Diagnostic{Severity::Error, where, message, {}};
}

Diagnostic describeLoop(const elab::Deck& deck, const solver::TopologyProblem& problem) {
    std::string what = allVoltageSources(problem.devices) ? "voltage sources " : "voltage-defining elements ";
    std::string message = what + joinNames(deck, problem.devices) + " form a loop";
    if (!allVoltageSources(problem.devices)) message += " (inductors and E/H sources are voltage sources at DC)";
    std::vector<DiagnosticNote> notes;
    for (std::size_t i = 0; i + 1 < problem.devices.size(); ++i)
        notes.push_back({problem.devices[i]->origin(), "'" + deck.displayName(problem.devices[i]->name()) + "' is part of the loop"});
    return Diagnostic{Severity::Error, problem.devices.back()->origin(), message, std::move(notes)};
}

} // namespace

std::vector<Diagnostic> describeTopologyProblems(const elab::Deck& deck,
                                                 const std::vector<solver::TopologyProblem>& problems) {
    std::vector<Diagnostic> diagnostics;
    for (const auto& problem : problems)
        diagnostics.push_back(problem.kind == solver::TopologyProblemKind::FloatingNode ? describeFloating(deck, problem)
                                                                                         : describeLoop(deck, problem));
    return diagnostics;
}

Diagnostic describeSolveError(const elab::Deck& deck, const solver::SolveError& error, SourceRange analysisOrigin) {
    const auto& circuit = *deck.circuit;
    std::string message = error.message;
    SourceRange where = analysisOrigin;
    if (error.unknown > 0 && error.unknown <= circuit.unknownCount()) {
        const auto& nodes = circuit.nodes();
        bool isNode = nodes.type(error.unknown) == solver::UnknownType::Voltage;
        message += fmt::format(" at {} '{}'", isNode ? "node" : "the branch current of",
                               isNode ? nodes.name(error.unknown) : deck.displayName(nodes.name(error.unknown)));
        // A nonlinear device on the node is the likelier culprit (no convergence): point at it.
        const solver::Device* first = nullptr;
        for (const auto& device : circuit.devices()) {
            auto terminals = device->terminals();
            bool attached = std::find(terminals.begin(), terminals.end(), error.unknown) != terminals.end() ||
                            device->branchCurrent() == error.unknown;
            if (!attached) continue;
            if (dynamic_cast<const solver::NonlinearDevice*>(device.get())) {
                first = device.get();
                break;
            }
            if (!first) first = device.get();
        }
        if (first) where = first->origin();
    }
    return Diagnostic{Severity::Error, where, message, {}};
}

} // namespace cablespice::app
