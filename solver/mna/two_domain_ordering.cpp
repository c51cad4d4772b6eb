#include "solver/mna/two_domain_ordering.hpp"

#include <camd.h>

#include <algorithm>

namespace cablespice::solver {

namespace {

// A + A' without the diagonal, as adjacency lists in CSR form.
struct Graph {
    std::vector<int> start, neighbour;
};

Graph symmetricGraph(const SparsePattern& pattern) {
    const int n = pattern.size();
    const auto& cp = pattern.columnPointers();
    const auto& ri = pattern.rowIndices();
    Graph graph;
    graph.start.assign(static_cast<std::size_t>(n) + 1, 0);
    for (int j = 0; j < n; ++j)
        for (int k = cp[j]; k < cp[j + 1]; ++k)
            if (ri[k] != j) {
                ++graph.start[ri[k] + 1];
                ++graph.start[j + 1];
            }
    for (int i = 0; i < n; ++i) graph.start[i + 1] += graph.start[i];
    graph.neighbour.resize(static_cast<std::size_t>(graph.start[n]));
    std::vector<int> cursor(graph.start.begin(), graph.start.end() - 1);
    for (int j = 0; j < n; ++j)
        for (int k = cp[j]; k < cp[j + 1]; ++k)
            if (ri[k] != j) {
                graph.neighbour[cursor[ri[k]]++] = j;
                graph.neighbour[cursor[j]++] = ri[k];
            }
    return graph;
}

// Breadth-first levels from `root` (-1: not reached); returns the last unknown reached.
int breadthFirstLevels(const Graph& graph, int root, std::vector<int>& level, std::vector<int>& queue) {
    std::fill(level.begin(), level.end(), -1);
    queue.clear();
    queue.push_back(root);
    level[root] = 0;
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const int u = queue[head];
        for (int k = graph.start[u]; k < graph.start[u + 1]; ++k) {
            const int v = graph.neighbour[k];
            if (level[v] < 0) {
                level[v] = level[u] + 1;
                queue.push_back(v);
            }
        }
    }
    return queue.back();
}

// The level whose removal leaves the most even halves (unreached unknowns, which touch
// nothing reached, count with the first half).
int balancedLevel(const std::vector<int>& level, int unreached) {
    const int levels = *std::max_element(level.begin(), level.end()) + 1;
    std::vector<int> count(static_cast<std::size_t>(levels), 0);
    for (int l : level)
        if (l >= 0) ++count[l];
    const int n = static_cast<int>(level.size());
    int before = unreached, best = 0, bestImbalance = n + 1;
    for (int l = 0; l < levels; ++l) {
        const int after = n - before - count[l];
        const int imbalance = std::abs(after - before);
        if (imbalance < bestImbalance) {
            bestImbalance = imbalance;
            best = l;
        }
        before += count[l];
    }
    return best;
}

} // namespace

std::optional<TwoDomainOrdering> twoDomainOrdering(const SparsePattern& pattern) {
    const int n = pattern.size();
    if (n < 4) return std::nullopt;
    const Graph graph = symmetricGraph(pattern);
    std::vector<int> level(static_cast<std::size_t>(n)), queue;
    queue.reserve(static_cast<std::size_t>(n));
    // Two sweeps find a pseudo-peripheral root: the far end of a long cable.
    int root = breadthFirstLevels(graph, 0, level, queue);
    root = breadthFirstLevels(graph, root, level, queue);
    breadthFirstLevels(graph, root, level, queue);
    const int unreached = n - static_cast<int>(queue.size());
    const int middle = balancedLevel(level, unreached);

    // CAMD constraint sets: 0 first domain, 1 second, 2 separator (ordered last).
    std::vector<int> part(static_cast<std::size_t>(n));
    DomainSplit split;
    for (int i = 0; i < n; ++i) {
        part[i] = level[i] < middle ? 0 : level[i] > middle ? 1 : 2;
        (part[i] == 0 ? split.first : part[i] == 1 ? split.second : split.separator)++;
    }
    const int separatorLimit = std::max(kMinSeparatorLimit, n / 64);
    if (split.separator > separatorLimit || 4 * std::min(split.first, split.second) < n) return std::nullopt;

    TwoDomainOrdering ordering{std::vector<int>(static_cast<std::size_t>(n)), split};
    double control[CAMD_CONTROL], info[CAMD_INFO];
    camd_defaults(control);
    const int status = camd_order(n, pattern.columnPointers().data(), pattern.rowIndices().data(),
                                  ordering.permutation.data(), control, info, part.data());
    if (status != CAMD_OK && status != CAMD_OK_BUT_JUMBLED) return std::nullopt;
    ordering.strictLowerNonzeros = info[CAMD_LNZ];
    return ordering;
}

} // namespace cablespice::solver
