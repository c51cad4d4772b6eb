#include "parser/elaborate/cable_model.hpp"

#include <numbers>
#include <utility>

namespace cablespice::elab {

namespace {

constexpr double kSpeedOfLight = 299792458.0;  // m/s

// Maxwell matrix of partial quantities: `between(i, j)` between conductors, `toReference(i)`
// from conductor i to the reference.
template <typename Between, typename ToReference>
Eigen::MatrixXd maxwellMatrix(int n, Between between, ToReference toReference) {
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i) {
        m(i, i) = toReference(i);
        for (int j = 0; j < n; ++j)
            if (j != i) {
                m(i, j) = -between(i, j);
                m(i, i) += between(i, j);
            }
    }
    return m;
}

// Partial capacitances (or conductances) of a pair: legs 0, 1; shield 2.
Eigen::MatrixXd pairShunt(double legToLeg, double legAToShield, double legBToShield, double shieldToReference) {
    auto between = [&](int i, int j) {
        if (i > j) std::swap(i, j);
        if (i == 0 && j == 1) return legToLeg;
        return i == 0 ? legAToShield : legBToShield;  // (0,2) or (1,2)
    };
    return maxwellMatrix(3, between, [&](int i) { return i == 2 ? shieldToReference : 0.0; });
}

Eigen::MatrixXd coaxShunt(double centreToShield, double shieldToReference) {
    return maxwellMatrix(2, [&](int, int) { return centreToShield; },
                         [&](int i) { return i == 1 ? shieldToReference : 0.0; });
}

// Transfer impedance other than the defaults: Z(leg,s) += d, Z(leg,leg') += 2 d (cable_model.hpp).
void addTransferTerms(Eigen::MatrixXd& m, int shield, double d) {
    for (int i = 0; i < shield; ++i) {
        m(i, shield) += d;
        m(shield, i) += d;
        for (int j = 0; j < shield; ++j) m(i, j) += 2.0 * d;
    }
}

// The pair's leg-b terms and its shunt matrices (the coax has none of these).
void pairMatrices(const CableDatasheet& cable, solver::MtlParameters& p) {
    p.l(1, 1) += cable.lloop;
    p.l(0, 1) = p.l(1, 0) = cable.lshield + cable.k * cable.lloop;
    p.r(1, 1) = cable.resistance.apply(cable.rleg);
    const double legBToShield = cable.capacitance.apply(cable.ccs);
    p.c = pairShunt(cable.ccc, cable.ccs, legBToShield, cable.cshield);
    // Same dielectric: leg b's loss conductance scales with its capacitance.
    const double legBShare = legBToShield / cable.ccs;
    p.g = pairShunt(cable.gcc, cable.gcs, cable.gcs * legBShare, 0.0);
    p.gd = pairShunt(cable.gdcc, cable.gdcs, cable.gdcs * legBShare, 0.0);
}

} // namespace

int cableConductors(CableKind kind) { return kind == CableKind::Pair ? 3 : 2; }

double loopInductanceFromZ0(CableKind kind, double z0, double ccc, double ccs, double k) {
    if (kind == CableKind::Coax) return z0 * z0 * ccs;
    return z0 * z0 * (ccc + 0.5 * ccs) / (2.0 * (1.0 - k));
}

double airLineCapacitance(double lshield) { return 1.0 / (kSpeedOfLight * kSpeedOfLight * lshield); }

double dielectricConductance(double tand, double frequency, double capacitance) {
    return 2.0 * std::numbers::pi * frequency * tand * capacitance;
}

double dielectricLossPerHertz(double tand, double capacitance) { return dielectricConductance(tand, 1.0, capacitance); }

solver::MtlParameters cableMatrices(const CableDatasheet& cable) {
    const int n = cableConductors(cable.kind);
    const int shield = n - 1;
    solver::MtlParameters p;
    p.l = Eigen::MatrixXd::Constant(n, n, cable.lshield);
    p.l(0, 0) += cable.lloop;
    p.r = Eigen::MatrixXd::Zero(n, n);
    p.r(0, 0) = cable.rleg;
    p.r(shield, shield) = cable.rshield;
    p.rs = Eigen::MatrixXd::Zero(n, n);
    p.rs.topLeftCorner(shield, shield).diagonal().setConstant(cable.rsleg);
    if (cable.kind == CableKind::Coax) {
        p.c = coaxShunt(cable.ccs, cable.cshield);
        p.g = coaxShunt(cable.gcs, 0.0);
        p.gd = coaxShunt(cable.gdcs, 0.0);
    } else {
        pairMatrices(cable, p);
    }
    addTransferTerms(p.r, shield, cable.rshield - cable.rt.value_or(cable.rshield));
    addTransferTerms(p.l, shield, -cable.lt);
    return p;
}

} // namespace cablespice::elab
