#include "solver/circuit/topology_check.hpp"

#include <algorithm>
#include <queue>

namespace cablespice::solver {

namespace {

struct Adjacency {
    std::vector<std::vector<std::pair<Unknown, const Device*>>> edges;
    explicit Adjacency(int nodeCount) : edges(static_cast<std::size_t>(nodeCount) + 1) {}
    void connect(Unknown a, Unknown b, const Device* device) {
        edges[static_cast<std::size_t>(a)].push_back({b, device});
        edges[static_cast<std::size_t>(b)].push_back({a, device});
    }
};

int nodeLimit(const Circuit& circuit) {
    int limit = 0;
    for (const auto& d : circuit.devices())
        for (Unknown u : d->terminals()) limit = std::max(limit, static_cast<int>(u));
    return std::max(limit, circuit.nodes().count());
}

// Breadth-first path search; returns the devices on a path from `from` to `to`.
std::vector<const Device*> pathBetween(const Adjacency& graph, Unknown from, Unknown to) {
    std::vector<std::pair<Unknown, const Device*>> parent(graph.edges.size(), {-1, nullptr});
    std::queue<Unknown> pending;
    pending.push(from);
    parent[static_cast<std::size_t>(from)] = {from, nullptr};
    while (!pending.empty()) {
        Unknown u = pending.front();
        pending.pop();
        if (u == to) break;
        for (auto [v, device] : graph.edges[static_cast<std::size_t>(u)]) {
            if (parent[static_cast<std::size_t>(v)].first != -1) continue;
            parent[static_cast<std::size_t>(v)] = {u, device};
            pending.push(v);
        }
    }
    std::vector<const Device*> path;
    if (parent[static_cast<std::size_t>(to)].first == -1) return path;
    for (Unknown u = to; u != from; u = parent[static_cast<std::size_t>(u)].first)
        path.push_back(parent[static_cast<std::size_t>(u)].second);
    std::reverse(path.begin(), path.end());
    return path;
}

void findVoltageLoops(const Circuit& circuit, int limit, std::vector<TopologyProblem>& problems) {
    Adjacency voltageGraph(limit);
    for (const auto& device : circuit.devices()) {
        if (!device->definesVoltage()) continue;
        for (auto edge : device->dcPaths()) {
            auto path = pathBetween(voltageGraph, edge.a, edge.b);
            if (!path.empty() || edge.a == edge.b) {
                path.push_back(device.get());
                problems.push_back({TopologyProblemKind::VoltageLoop, kGround, std::move(path)});
                continue;
            }
            voltageGraph.connect(edge.a, edge.b, device.get());
        }
    }
}

std::vector<bool> reachableFromGround(const Circuit& circuit, int limit) {
    Adjacency graph(limit);
    for (const auto& device : circuit.devices())
        for (auto edge : device->dcPaths()) graph.connect(edge.a, edge.b, device.get());
    std::vector<bool> reached(static_cast<std::size_t>(limit) + 1, false);
    std::queue<Unknown> pending;
    pending.push(kGround);
    reached[0] = true;
    while (!pending.empty()) {
        Unknown u = pending.front();
        pending.pop();
        for (auto [v, device] : graph.edges[static_cast<std::size_t>(u)]) {
            if (reached[static_cast<std::size_t>(v)]) continue;
            reached[static_cast<std::size_t>(v)] = true;
            pending.push(v);
        }
    }
    return reached;
}

void findFloatingNodes(const Circuit& circuit, int limit, std::vector<TopologyProblem>& problems) {
    auto reached = reachableFromGround(circuit, limit);
    for (Unknown u = 1; u <= limit; ++u) {
        if (reached[static_cast<std::size_t>(u)] || circuit.nodes().type(u) != UnknownType::Voltage) continue;
        TopologyProblem problem{TopologyProblemKind::FloatingNode, u, {}};
        for (const auto& device : circuit.devices()) {
            auto terminals = device->terminals();
            if (std::find(terminals.begin(), terminals.end(), u) != terminals.end())
                problem.devices.push_back(device.get());
        }
        problems.push_back(std::move(problem));
    }
}

} // namespace

std::vector<TopologyProblem> checkDcTopology(const Circuit& circuit) {
    int limit = nodeLimit(circuit);
    std::vector<TopologyProblem> problems;
    findVoltageLoops(circuit, limit, problems);
    findFloatingNodes(circuit, limit, problems);
    return problems;
}

} // namespace cablespice::solver
