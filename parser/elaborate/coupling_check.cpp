#include "parser/elaborate/coupling_check.hpp"

#include "solver/devices/mutual_inductance.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

namespace cablespice::elab {

namespace {

std::vector<const solver::MutualInductance*> couplings(const solver::Circuit& circuit) {
    std::vector<const solver::MutualInductance*> result;
    for (const auto& device : circuit.devices())
        if (auto* k = dynamic_cast<const solver::MutualInductance*>(device.get())) result.push_back(k);
    return result;
}

// Union-find over inductor indices: inductors joined by any K element form one group.
struct Groups {
    std::vector<int> parent;
    int find(int i) { return parent[static_cast<std::size_t>(i)] == i ? i : parent[static_cast<std::size_t>(i)] = find(parent[static_cast<std::size_t>(i)]); }
    void join(int a, int b) { parent[static_cast<std::size_t>(find(a))] = find(b); }
};

// Checks one group's inductance matrix; returns false when it is not positive semidefinite.
bool groupIsPhysical(const std::vector<const solver::Inductor*>& members,
                     const std::vector<const solver::MutualInductance*>& ks) {
    std::map<const solver::Inductor*, Eigen::Index> index;
    for (const auto* l : members) index.emplace(l, static_cast<Eigen::Index>(index.size()));
    Eigen::MatrixXd matrix = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(members.size()), static_cast<Eigen::Index>(members.size()));
    for (auto [l, i] : index) matrix(i, i) = l->inductance();
    for (const auto* k : ks) {
        const auto& ls = k->inductors();
        if (ls.empty() || !index.count(ls.front())) continue;
        for (std::size_t a = 0; a < ls.size(); ++a)
            for (std::size_t b = a + 1; b < ls.size(); ++b) {
                double m = k->coupling() * std::sqrt(ls[a]->inductance() * ls[b]->inductance());
                matrix(index[ls[a]], index[ls[b]]) += m;
                matrix(index[ls[b]], index[ls[a]]) += m;
            }
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(matrix, Eigen::EigenvaluesOnly);
    double largest = eigen.eigenvalues().cwiseAbs().maxCoeff();
    return eigen.eigenvalues().minCoeff() >= -1e-12 * largest;
}

} // namespace

void checkCouplingMatrix(ElabContext& context) {
    auto ks = couplings(context.circuit());
    if (ks.empty()) return;
    // Hashed, and indexed by group root, rather than ordered maps: the 1e5-unknown harness has
    // 33,312 K elements over 33,312 inductors, in groups of three.
    std::unordered_map<const solver::Inductor*, int> index;
    index.reserve(2 * ks.size());
    std::vector<const solver::Inductor*> inductors;
    for (const auto* k : ks)
        for (const auto* l : k->inductors())
            if (index.emplace(l, static_cast<int>(inductors.size())).second) inductors.push_back(l);
    Groups groups{std::vector<int>(inductors.size())};
    std::iota(groups.parent.begin(), groups.parent.end(), 0);
    for (const auto* k : ks)
        for (std::size_t i = 1; i < k->inductors().size(); ++i) groups.join(index[k->inductors()[0]], index[k->inductors()[i]]);
    // Each group of magnetically coupled inductors is checked on its own (small dense matrices),
    // in the order of their roots.
    std::vector<std::vector<const solver::Inductor*>> members(inductors.size());
    std::vector<std::vector<const solver::MutualInductance*>> groupKs(inductors.size());
    for (std::size_t i = 0; i < inductors.size(); ++i)
        members[static_cast<std::size_t>(groups.find(static_cast<int>(i)))].push_back(inductors[i]);
    for (const auto* k : ks)
        if (!k->inductors().empty())
            groupKs[static_cast<std::size_t>(groups.find(index[k->inductors().front()]))].push_back(k);
    for (std::size_t root = 0; root < members.size(); ++root) {
        const auto& group = members[root];
        if (group.empty()) continue;
        const auto& groupCouplings = groupKs[root];
        if (groupIsPhysical(group, groupCouplings)) continue;
        std::vector<DiagnosticNote> notes;
        for (std::size_t i = 1; i < groupCouplings.size(); ++i) notes.push_back({groupCouplings[i]->origin(), "coupling defined here"});
        context.sink().error(groupCouplings.front()->origin(),
                             "the coupling coefficients of the K elements make the inductance matrix not positive "
                             "semidefinite (no physical set of coupled inductors has them)",
                             std::move(notes));
    }
}

} // namespace cablespice::elab
