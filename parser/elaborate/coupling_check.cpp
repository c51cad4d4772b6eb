#include "parser/elaborate/coupling_check.hpp"

#include "solver/devices/mutual_inductance.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <map>

namespace cablespice::elab {

namespace {

std::vector<const solver::MutualInductance*> couplings(const solver::Circuit& circuit) {
    std::vector<const solver::MutualInductance*> result;
    for (const auto& device : circuit.devices())
        if (auto* k = dynamic_cast<const solver::MutualInductance*>(device.get())) result.push_back(k);
    return result;
}

} // namespace

void checkCouplingMatrix(ElabContext& context) {
    auto ks = couplings(context.circuit());
    if (ks.empty()) return;
    std::map<const solver::Inductor*, int> index;
    for (const auto* k : ks)
        for (const auto* l : k->inductors()) index.emplace(l, static_cast<int>(index.size()));
    Eigen::MatrixXd matrix = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(index.size()), static_cast<Eigen::Index>(index.size()));
    for (auto [l, i] : index) matrix(i, i) = l->inductance();
    for (const auto* k : ks) {
        const auto& ls = k->inductors();
        for (std::size_t a = 0; a < ls.size(); ++a)
            for (std::size_t b = a + 1; b < ls.size(); ++b) {
                double m = k->coupling() * std::sqrt(ls[a]->inductance() * ls[b]->inductance());
                matrix(index[ls[a]], index[ls[b]]) += m;
                matrix(index[ls[b]], index[ls[a]]) += m;
            }
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(matrix, Eigen::EigenvaluesOnly);
    double largest = eigen.eigenvalues().cwiseAbs().maxCoeff();
    if (eigen.eigenvalues().minCoeff() >= -1e-12 * largest) return;
    std::vector<DiagnosticNote> notes;
    for (std::size_t i = 1; i < ks.size(); ++i) notes.push_back({ks[i]->origin(), "coupling defined here"});
    context.sink().error(ks.front()->origin(),
                         "the coupling coefficients of the K elements make the inductance matrix not positive "
                         "semidefinite (no physical set of coupled inductors has them)",
                         std::move(notes));
}

} // namespace cablespice::elab
