#include "solver/analysis/ac_analysis.hpp"

#include "solver/analysis/frequency_grid.hpp"

#include <algorithm>
#include <cassert>
#include <numbers>

namespace cablespice::solver {

AcSystem::AcSystem(const Circuit& circuit) : AcSystem(circuit, circuit.gConstant(), circuit.cConstant()) {}

AcSystem::AcSystem(const Circuit& circuit, const MatrixValues& gOperatingPoint, const MatrixValues& cOperatingPoint)
    : circuit_(circuit),
      g_(gOperatingPoint),
      c_(cOperatingPoint),
      values_(circuit.pattern().nnz()),
      numeric_(circuit.symbolic()) {
    assert(circuit.finalized() && "AcSystem needs a finalized circuit");
    assert(g_.nnz() == values_.nnz() && c_.nnz() == values_.nnz() && "G/C arrays of another pattern");
}

void AcSystem::fillValues(double omega) {
    const auto g = g_.all();
    const auto c = c_.all();
    auto ac = values_.all();
    for (std::size_t k = 0; k < ac.size(); ++k) ac[k] = {g[k], omega * c[k]};
    for (const auto* device : circuit_.frequencyDependent()) device->loadFrequency(omega, values_);
}

Outcome<Done> AcSystem::factorAt(double omegaRadiansPerSecond) {
    fillValues(omegaRadiansPerSecond);
    return numeric_.factor(values_.matrix());
}

void AcSystem::loadExcitation(std::span<std::complex<double>> b) const {
    assert(b.size() == static_cast<std::size_t>(unknownCount()) + 1 && "b must have n + 1 entries");
    std::fill(b.begin(), b.end(), std::complex<double>{});
    for (const auto* source : circuit_.excitations()) source->loadAc(b);
    b[0] = {};  // ground bucket
}

void AcSystem::solve(std::span<std::complex<double>> rhs) {
    assert(rhs.size() == static_cast<std::size_t>(unknownCount()) + 1 && "rhs must have n + 1 entries");
    rhs[0] = {};
    numeric_.solve(rhs.subspan(1));
}

namespace {

AnalysisInfo acInfo(std::size_t points) {
    AnalysisInfo info{"AC Analysis", "frequency", VectorType::Frequency, true, {}};
    info.expectedPoints = points;
    return info;
}

} // namespace

Outcome<Done> runAc(const Circuit& circuit, const std::vector<double>& xOperatingPoint, const AcSpec& spec,
                    SolutionObserver& observer) {
    assert(circuit.isLinear() && "AC of nonlinear circuits needs the Jacobians at the operating point");
    assert(xOperatingPoint.size() == static_cast<std::size_t>(circuit.unknownCount()) + 1 && "x_op has n + 1 entries");
    (void)xOperatingPoint;

    const std::vector<double> frequencies = frequencyPoints(spec);
    AcSystem system(circuit);
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    std::vector<std::complex<double>> b(size), x(size);
    system.loadExcitation(b);  // the AC phasors do not depend on frequency

    observer.begin(acInfo(frequencies.size()));
    for (double frequency : frequencies) {
        auto factored = system.factorAt(2.0 * std::numbers::pi * frequency);
        if (!factored) {
            observer.end(false);
            return factored.error();
        }
        std::copy(b.begin(), b.end(), x.begin());
        system.solve(x);
        observer.complexPoint(frequency, x);
    }
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
