#include "solver/analysis/dc_system.hpp"

#include "solver/analysis/operating_point.hpp"

#include <algorithm>

namespace cablespice::solver {

DcSystem::DcSystem(const Circuit& circuit) : circuit_(circuit), numeric_(circuit.dcSymbolic()) {}

Outcome<Done> DcSystem::factor() { return numeric_.factor(circuit_.gConstant().matrix()); }

void loadDcExcitation(const Circuit& circuit, std::vector<double>& x, double sourceScale) {
    x.assign(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
    for (const auto* source : circuit.excitations()) source->loadDc(x, sourceScale);
    x[0] = 0.0;  // ground bucket
}

void DcSystem::solve(std::vector<double>& x, double sourceScale) {
    loadDcExcitation(circuit_, x, sourceScale);
    numeric_.solve(std::span<double>(x).subspan(1));
}

void DcSystem::solveTransposed(std::vector<double>& rhs) {
    rhs[0] = 0.0;
    numeric_.solveTransposed(std::span<double>(rhs).subspan(1));
}

Outcome<std::vector<double>> solveOperatingPoint(const Circuit& circuit) {
    if (!circuit.isLinear()) {
        auto op = solveDcOperatingPoint(circuit, DcSettings{});
        if (!op) return op.error();
        return std::move(op.value().x);
    }
    DcSystem system(circuit);
    auto factored = system.factor();
    if (!factored) return factored.error();
    std::vector<double> x;
    system.solve(x);
    return x;
}

} // namespace cablespice::solver
