#include "solver/circuit/topology_check.hpp"

#include <algorithm>
#include <optional>
#include <queue>
#include <span>

namespace cablespice::solver {

namespace {

// A graph grown edge by edge, each edge with its device: the voltage-defining branches seen so far,
// where a loop is reported with the elements along it.
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

// Which nodes the voltage-defining branches seen so far connect (union by size, path halving):
// a new branch closes a loop exactly when its ends are already connected. Near O(1) per branch,
// where a path search per branch would be quadratic in the size of a cable harness.
class ConnectedSets {
public:
    explicit ConnectedSets(int nodeCount) : parent_(static_cast<std::size_t>(nodeCount) + 1), size_(parent_.size(), 1) {
        for (std::size_t i = 0; i < parent_.size(); ++i) parent_[i] = static_cast<Unknown>(i);
    }
    Unknown find(Unknown u) {
        while (parent_[static_cast<std::size_t>(u)] != u) {
            auto& p = parent_[static_cast<std::size_t>(u)];
            p = parent_[static_cast<std::size_t>(p)];
            u = p;
        }
        return u;
    }
    void join(Unknown a, Unknown b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (size_[static_cast<std::size_t>(a)] < size_[static_cast<std::size_t>(b)]) std::swap(a, b);
        parent_[static_cast<std::size_t>(b)] = a;
        size_[static_cast<std::size_t>(a)] += size_[static_cast<std::size_t>(b)];
    }

private:
    std::vector<Unknown> parent_;
    std::vector<int> size_;
};

void findVoltageLoops(const Circuit& circuit, int limit, std::vector<TopologyProblem>& problems) {
    Adjacency voltageGraph(limit);
    ConnectedSets connected(limit);
    for (const auto& device : circuit.devices()) {
        if (!device->definesVoltage()) continue;
        for (auto edge : device->dcPaths()) {
            if (edge.a == edge.b || connected.find(edge.a) == connected.find(edge.b)) {
                auto path = pathBetween(voltageGraph, edge.a, edge.b);
                path.push_back(device.get());
                problems.push_back({TopologyProblemKind::VoltageLoop, kGround, {}, std::move(path)});
                continue;
            }
            voltageGraph.connect(edge.a, edge.b, device.get());
            connected.join(edge.a, edge.b);
        }
    }
}

// An undirected graph over the unknowns, stored by node compressed (one array of neighbours, a
// start per node), each node's neighbours in the order of the edges: built in two passes over the
// edges instead of a growing vector per node, which at 1e5 unknowns was most of this check's time.
class CompressedGraph {
public:
    CompressedGraph(int limit, const std::vector<DcEdge>& edges) : start_(static_cast<std::size_t>(limit) + 2, 0) {
        for (auto edge : edges) {
            ++start_[static_cast<std::size_t>(edge.a) + 1];
            ++start_[static_cast<std::size_t>(edge.b) + 1];
        }
        for (std::size_t u = 1; u < start_.size(); ++u) start_[u] += start_[u - 1];
        neighbours_.resize(start_.back());
        std::vector<std::size_t> next(start_.begin(), start_.end() - 1);
        for (auto edge : edges) {
            neighbours_[next[static_cast<std::size_t>(edge.a)]++] = edge.b;
            neighbours_[next[static_cast<std::size_t>(edge.b)]++] = edge.a;
        }
    }
    std::span<const Unknown> neighbours(Unknown u) const {
        const auto i = static_cast<std::size_t>(u);
        return std::span(neighbours_).subspan(start_[i], start_[i + 1] - start_[i]);
    }

private:
    std::vector<std::size_t> start_;
    std::vector<Unknown> neighbours_;
};

std::vector<DcEdge> dcPathEdges(const Circuit& circuit) {
    std::vector<DcEdge> edges;
    for (const auto& device : circuit.devices())
        for (auto edge : device->dcPaths()) edges.push_back(edge);
    return edges;
}

// Every element joins its first terminal to each of the others.
std::vector<DcEdge> terminalEdges(const Circuit& circuit) {
    std::vector<DcEdge> edges;
    for (const auto& device : circuit.devices()) {
        auto terminals = device->terminals();
        for (std::size_t i = 1; i < terminals.size(); ++i) edges.push_back({terminals[0], terminals[i]});
    }
    return edges;
}

std::vector<bool> reachableFromGround(const Circuit& circuit, int limit) {
    const CompressedGraph graph(limit, dcPathEdges(circuit));
    std::vector<bool> reached(static_cast<std::size_t>(limit) + 1, false);
    std::vector<Unknown> pending{kGround};
    reached[0] = true;
    while (!pending.empty()) {
        const Unknown u = pending.back();
        pending.pop_back();
        for (Unknown v : graph.neighbours(u)) {
            if (reached[static_cast<std::size_t>(v)]) continue;
            reached[static_cast<std::size_t>(v)] = true;
            pending.push_back(v);
        }
    }
    return reached;
}

bool touches(const Device& device, Unknown u) {
    auto terminals = device.terminals();
    return std::find(terminals.begin(), terminals.end(), u) != terminals.end();
}

// One problem per group of floating nodes joined by any element: the group's first node and
// every element attached to the group.
void findFloatingNodes(const Circuit& circuit, int limit, std::vector<TopologyProblem>& problems) {
    auto reached = reachableFromGround(circuit, limit);
    std::optional<CompressedGraph> anyConnection;  // built at the first floating node, if any
    for (Unknown u = 1; u <= limit; ++u) {
        if (reached[static_cast<std::size_t>(u)] || circuit.nodes().type(u) != UnknownType::Voltage) continue;
        if (!anyConnection) anyConnection.emplace(limit, terminalEdges(circuit));
        TopologyProblem problem{TopologyProblemKind::FloatingNode, u, {}, {}};
        std::vector<Unknown> group{u};
        reached[static_cast<std::size_t>(u)] = true;
        for (std::size_t k = 0; k < group.size(); ++k)
            for (Unknown v : anyConnection->neighbours(group[k])) {
                if (v == kGround || reached[static_cast<std::size_t>(v)]) continue;
                reached[static_cast<std::size_t>(v)] = true;
                group.push_back(v);
            }
        for (const auto& device : circuit.devices())
            for (Unknown member : group)
                if (touches(*device, member)) {
                    problem.devices.push_back(device.get());
                    break;
                }
        problem.nodes = std::move(group);
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
