#include "parser/elaborate/floating_nodes.hpp"

#include "solver/devices/resistor.hpp"

#include <algorithm>
#include <variant>

namespace cablespice::elab {

namespace {

constexpr double kGmin = 1e-12;  // ngspice's default GMIN, siemens

} // namespace

bool isAcOnly(const Deck& deck) {
    return !deck.analyses.empty() && std::all_of(deck.analyses.begin(), deck.analyses.end(), [](const auto& analysis) {
        return std::holds_alternative<solver::AcSpec>(analysis.kind) || std::holds_alternative<solver::CmrrSpec>(analysis.kind) ||
               std::holds_alternative<solver::NoiseSpec>(analysis.kind);
    });
}

std::vector<FloatingNode> floatingNodesAmong(const Deck& deck, const std::vector<solver::TopologyProblem>& problems) {
    std::vector<FloatingNode> nodes;
    for (const auto& problem : problems) {
        if (problem.kind != solver::TopologyProblemKind::FloatingNode) continue;
        SourceRange origin = problem.devices.empty() ? SourceRange{} : problem.devices.front()->origin();
        nodes.push_back({deck.circuit->nodes().name(problem.node), origin});
    }
    return nodes;
}

void addGmin(const std::vector<FloatingNode>& nodes, solver::Circuit& circuit) {
    for (const auto& node : nodes) {
        auto unknown = circuit.nodes().findNode(node.name);
        if (!unknown) continue;
        // A numerical aid, not a part: it makes no noise (ngspice's gmin makes none either).
        circuit.add<solver::Resistor>("gmin#" + node.name, node.origin, *unknown, solver::kGround, 1.0 / kGmin).setNoisy(false);
    }
}

void warnGmin(const std::vector<FloatingNode>& nodes, DiagnosticSink& sink) {
    for (const auto& node : nodes)
        sink.warning(node.origin, "node '" + node.name + "' has no DC path to ground: solved with gmin (1e-12 S) from it "
                                                         "to ground, as ngspice does");
}

} // namespace cablespice::elab
