#pragma once
// Helpers shared by the cable tests: AC solutions by node name, line parameter sets.
#include "solver/analysis/ac_analysis.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/devices/mtl_parameters.hpp"
#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <complex>
#include <numbers>
#include <string>
#include <vector>

namespace cablespice::test {

using Complex = std::complex<double>;

struct AcSolution {
    const Circuit* circuit = nullptr;
    std::vector<Complex> x;

    Complex v(std::string_view nodeName) const {
        auto u = circuit->nodes().findNode(nodeName);
        if (!u) throw std::invalid_argument("no node named " + std::string(nodeName));
        return x.at(static_cast<std::size_t>(*u));
    }
};

// Finalizes (if needed) and solves the AC system at frequency f [Hz].
inline AcSolution solveAc(Circuit& c, double frequencyHertz) {
    if (!c.finalized()) c.finalize();
    AcSystem system(c);
    auto factored = system.factorAt(2.0 * std::numbers::pi * frequencyHertz);
    INFO("factor error: " << (factored ? std::string() : factored.error().message));
    REQUIRE(factored.ok());
    AcSolution solution{&c, std::vector<Complex>(static_cast<std::size_t>(c.unknownCount()) + 1)};
    system.loadExcitation(solution.x);
    system.solve(solution.x);
    return solution;
}

inline double dB(Complex v) { return 20.0 * std::log10(std::abs(v)); }

inline std::vector<Unknown> nodesOf(Circuit& c, const std::vector<std::string>& names) {
    std::vector<Unknown> out;
    for (const auto& n : names) out.push_back(c.nodes().node(n));
    return out;
}

// A 2-conductor line with coupling, loss in R (with a common reference term) and G.
inline MtlParameters twoConductorLine() {
    MtlParameters p;
    p.l.resize(2, 2);
    p.l << 400e-9, 100e-9, 100e-9, 400e-9;
    p.c.resize(2, 2);
    p.c << 60e-12, -20e-12, -20e-12, 60e-12;
    p.r.resize(2, 2);
    p.r << 0.12, 0.02, 0.02, 0.12;
    p.g = Eigen::MatrixXd::Identity(2, 2) * 1e-6;
    return p;
}

// An asymmetric 3-conductor line.
inline MtlParameters threeConductorLine() {
    MtlParameters p;
    p.l.resize(3, 3);
    p.l << 500e-9, 150e-9, 100e-9, 150e-9, 450e-9, 150e-9, 100e-9, 150e-9, 520e-9;
    p.c.resize(3, 3);
    p.c << 70e-12, -20e-12, -5e-12, -20e-12, 80e-12, -20e-12, -5e-12, -20e-12, 72e-12;
    p.r = Eigen::MatrixXd::Identity(3, 3) * 0.2;
    p.r(0, 0) = 0.25;
    p.g = Eigen::MatrixXd::Zero(3, 3);
    return p;
}

// A single line (N = 1) from loop values.
inline MtlParameters singleLine(double rPerMetre, double lPerMetre, double gPerMetre, double cPerMetre) {
    MtlParameters p;
    p.r = Eigen::MatrixXd::Constant(1, 1, rPerMetre);
    p.l = Eigen::MatrixXd::Constant(1, 1, lPerMetre);
    p.g = Eigen::MatrixXd::Constant(1, 1, gPerMetre);
    p.c = Eigen::MatrixXd::Constant(1, 1, cPerMetre);
    return p;
}

} // namespace cablespice::test
