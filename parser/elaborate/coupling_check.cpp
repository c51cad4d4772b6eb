#include "parser/elaborate/coupling_check.hpp"

#include "solver/devices/mutual_inductance.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <numeric>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>

namespace cablespice::elab {

namespace {

// MutualInductance is final, so its type alone identifies one: a failing dynamic_cast across
// the devices' capability bases was 4 % of the 1e4-unknown harness's load (16,000 devices).
std::vector<const solver::MutualInductance*> couplings(const solver::Circuit& circuit) {
    static_assert(std::is_final_v<solver::MutualInductance>, "a subclass would not be found by its type");
    std::vector<const solver::MutualInductance*> result;
    for (const auto& device : circuit.devices())
        if (typeid(*device) == typeid(solver::MutualInductance))
            result.push_back(static_cast<const solver::MutualInductance*>(device.get()));
    return result;
}

// Union-find over inductor indices: inductors joined by any K element form one group.
struct Groups {
    std::vector<int> parent;
    int find(int i) { return parent[static_cast<std::size_t>(i)] == i ? i : parent[static_cast<std::size_t>(i)] = find(parent[static_cast<std::size_t>(i)]); }
    void join(int a, int b) { parent[static_cast<std::size_t>(find(a))] = find(b); }
};

// Checks one group's inductance matrix; returns false when it is not positive semidefinite.
// `positionOf` gives an inductor's row in the group's matrix. `Matrix` is a dense type able to
// hold the group: small groups (a cable's pair and shield) use one with its storage inline, as
// the 1e4-unknown harness checks 1,104 groups of three.
template <class Matrix, class PositionOf>
bool groupIsPhysical(const std::vector<const solver::Inductor*>& members,
                     const std::vector<const solver::MutualInductance*>& ks, const PositionOf& positionOf) {
    const auto size = static_cast<Eigen::Index>(members.size());
    Matrix matrix = Matrix::Zero(size, size);
    for (Eigen::Index i = 0; i < size; ++i) matrix(i, i) = members[static_cast<std::size_t>(i)]->inductance();
    for (const auto* k : ks) {
        const auto& ls = k->inductors();
        for (std::size_t a = 0; a < ls.size(); ++a)
            for (std::size_t b = a + 1; b < ls.size(); ++b) {
                const double m = k->coupling() * std::sqrt(ls[a]->inductance() * ls[b]->inductance());
                const Eigen::Index i = positionOf(ls[a]), j = positionOf(ls[b]);
                matrix(i, j) += m;
                matrix(j, i) += m;
            }
    }
    // A Cholesky factorization that succeeds proves the matrix positive definite up to rounding
    // (its smallest eigenvalue is then above -1e-15 of the largest, within the bound below) at a
    // fraction of the eigenvalues' cost: most groups end here. The rest, semidefinite or not,
    // are decided by their eigenvalues.
    if (Eigen::LLT<Matrix> cholesky(matrix); cholesky.info() == Eigen::Success) return true;
    Eigen::SelfAdjointEigenSolver<Matrix> eigen(matrix, Eigen::EigenvaluesOnly);
    const double largest = eigen.eigenvalues().cwiseAbs().maxCoeff();
    return eigen.eigenvalues().minCoeff() >= -1e-12 * largest;
}

constexpr int kInlineGroup = 4;
using SmallMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kInlineGroup, kInlineGroup>;

template <class PositionOf>
bool groupIsPhysical(const std::vector<const solver::Inductor*>& members,
                     const std::vector<const solver::MutualInductance*>& ks, const PositionOf& positionOf) {
    if (members.size() <= static_cast<std::size_t>(kInlineGroup)) return groupIsPhysical<SmallMatrix>(members, ks, positionOf);
    return groupIsPhysical<Eigen::MatrixXd>(members, ks, positionOf);
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
    std::vector<Eigen::Index> position(inductors.size());  // an inductor's row in its group's matrix
    for (std::size_t i = 0; i < inductors.size(); ++i) {
        auto& group = members[static_cast<std::size_t>(groups.find(static_cast<int>(i)))];
        position[i] = static_cast<Eigen::Index>(group.size());
        group.push_back(inductors[i]);
    }
    auto positionOf = [&](const solver::Inductor* l) { return position[static_cast<std::size_t>(index.at(l))]; };
    for (const auto* k : ks)
        if (!k->inductors().empty())
            groupKs[static_cast<std::size_t>(groups.find(index[k->inductors().front()]))].push_back(k);
    for (std::size_t root = 0; root < members.size(); ++root) {
        const auto& group = members[root];
        if (group.empty()) continue;
        const auto& groupCouplings = groupKs[root];
        if (groupIsPhysical(group, groupCouplings, positionOf)) continue;
        std::vector<DiagnosticNote> notes;
        for (std::size_t i = 1; i < groupCouplings.size(); ++i) notes.push_back({groupCouplings[i]->origin(), "coupling defined here"});
        context.sink().error(groupCouplings.front()->origin(),
                             "the coupling coefficients of the K elements make the inductance matrix not positive "
                             "semidefinite (no physical set of coupled inductors has them)",
                             std::move(notes));
    }
}

} // namespace cablespice::elab
