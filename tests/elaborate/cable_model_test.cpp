// The datasheet -> RLGC conversion of `.model NAME cable`: matrices written out by hand from
// the formulas in README "Cables" (parser/elaborate/cable_model.hpp), plus the physics the
// construction must keep (closed shield, differential impedance).
#include "parser/elaborate/cable_model.hpp"
#include "parser/elaborate/cable_model_card.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <cmath>
#include <numbers>

using namespace cablespice::elab;
using cablespice::DiagnosticSink;
using cablespice::SourceRange;

namespace {

constexpr double kPi = std::numbers::pi;

ModelCard card(std::string type, std::initializer_list<std::pair<const char*, double>> numbers) {
    ModelCard model;
    model.name = "cab";
    model.type = "cable";
    if (!type.empty()) model.params["type"] = ModelParam{{}, SourceRange{}, std::move(type), SourceRange{}};
    for (const auto& [key, value] : numbers) model.params[key] = ModelParam{{value}, SourceRange{}, {}, SourceRange{}};
    return model;
}

Eigen::MatrixXd matrix3(std::initializer_list<double> rowMajor) {
    Eigen::MatrixXd m(3, 3);
    auto it = rowMajor.begin();
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) m(i, j) = *it++;
    return m;
}

Eigen::MatrixXd matrix2(double a, double b, double c, double d) {
    Eigen::MatrixXd m(2, 2);
    m << a, b, c, d;
    return m;
}

// |a - b| relative to the largest entry of b.
bool close(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance = 1e-12) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    return (a - b).cwiseAbs().maxCoeff() <= tolerance * b.cwiseAbs().maxCoeff();
}

} // namespace

TEST_CASE("Cable model, shielded pair: per-metre matrices match the hand-derived ones", "[elab][cable]") {
    // 20 mohm/m legs (leg b +1 mohm/m), 15 mohm/m shield, 100 pF/m leg-leg, 200 pF/m leg-shield
    // (+1.2 % on leg b), 0.5 uH/m loops with k = 0.3, shield 1 uH/m and 20 pF/m to the
    // reference, tan(delta) = 0.01 taken at 1 kHz only (FTAND: the constant-G approximation).
    auto model = card("pair", {{"rleg", 0.02}, {"rshield", 0.015}, {"ccc", 100e-12}, {"ccs", 200e-12},
                               {"lloop", 0.5e-6}, {"k", 0.3}, {"lshield", 1e-6}, {"cshield", 20e-12},
                               {"tand", 0.01}, {"ftand", 1e3}, {"dccs_rel", 0.012}, {"drleg", 0.001}});
    DiagnosticSink sink;
    auto line = readCableModel(model, {}, SourceRange{}, sink);
    INFO((sink.diagnostics().empty() ? "" : sink.diagnostics().front().message));
    REQUIRE(line);
    const auto& p = line->perMetre;
    CHECK(close(p.r, matrix3({0.02, 0, 0, 0, 0.021, 0, 0, 0, 0.015})));
    // L = lshield * ones + lloop [1 k 0; k 1 0; 0 0 0]
    CHECK(close(p.l, matrix3({1.5e-6, 1.15e-6, 1e-6, 1.15e-6, 1.5e-6, 1e-6, 1e-6, 1e-6, 1e-6})));
    // leg b to shield 200 pF * 1.012 = 202.4 pF; shield row: 200 + 202.4 + 20 pF.
    CHECK(close(p.c, matrix3({300e-12, -100e-12, -200e-12, -100e-12, 302.4e-12, -202.4e-12, -200e-12, -202.4e-12,
                              422.4e-12})));
    const double w = 2 * kPi * 1e3 * 0.01;  // G = 2 pi f tand C
    const double gcc = w * 100e-12, gsa = w * 200e-12, gsb = w * 202.4e-12;
    CHECK(close(p.g, matrix3({gcc + gsa, -gcc, -gsa, -gcc, gcc + gsb, -gsb, -gsa, -gsb, gsa + gsb})));
    CHECK_FALSE(p.frequencyDependent());
}

TEST_CASE("Cable model: TAND without FTAND is a loss growing with f, RS the legs' skin effect", "[elab][cable][skin]") {
    auto model = card("pair", {{"rleg", 0.02}, {"rshield", 0.015}, {"ccc", 100e-12}, {"ccs", 200e-12},
                               {"lloop", 0.5e-6}, {"tand", 0.01}, {"dccs_rel", 0.012}, {"rs", 1.2e-4}});
    DiagnosticSink sink;
    auto line = readCableModel(model, {}, SourceRange{}, sink);
    REQUIRE(line);
    const auto& p = line->perMetre;
    CHECK(p.g.isZero(0.0));
    // G(f) = w tand C, so GD = 2 pi tand C per Hz; the shield-reference capacitance (air) has none.
    const double perHertz = 2 * kPi * 0.01;
    const double gcc = perHertz * 100e-12, gsa = perHertz * 200e-12, gsb = perHertz * 202.4e-12;
    CHECK(close(p.gd, matrix3({gcc + gsa, -gcc, -gsa, -gcc, gcc + gsb, -gsb, -gsa, -gsb, gsa + gsb})));
    CHECK(close(p.rs, matrix3({1.2e-4, 0, 0, 0, 1.2e-4, 0, 0, 0, 0})));
    CHECK(!cablespice::solver::checkMtlParameters(p));
}

TEST_CASE("Cable model: the shield transfer impedance RT + jw LT is what shield current drives around each leg's loop",
          "[elab][cable][skin]") {
    auto base = card("pair", {{"rleg", 0.02}, {"rshield", 0.015}, {"ccc", 100e-12}, {"ccs", 200e-12}, {"lloop", 0.5e-6}});
    auto braided = base;
    braided.params["rt"] = ModelParam{{0.012}, SourceRange{}, {}, SourceRange{}};
    braided.params["lt"] = ModelParam{{0.8e-9}, SourceRange{}, {}, SourceRange{}};
    auto defaults = base;
    defaults.params["rt"] = ModelParam{{0.015}, SourceRange{}, {}, SourceRange{}};
    defaults.params["lt"] = ModelParam{{0.0}, SourceRange{}, {}, SourceRange{}};
    DiagnosticSink sink;
    const auto plain = readCableModel(base, {}, SourceRange{}, sink);
    const auto explicitDefaults = readCableModel(defaults, {}, SourceRange{}, sink);
    const auto withZt = readCableModel(braided, {}, SourceRange{}, sink);
    REQUIRE((plain && explicitDefaults && withZt));
    // RT = RSHIELD, LT = 0: today's matrices, entry for entry.
    CHECK(explicitDefaults->perMetre.r == plain->perMetre.r);
    CHECK(explicitDefaults->perMetre.l == plain->perMetre.l);
    const auto& p = withZt->perMetre;
    for (int leg : {0, 1}) {
        // Z(s,s) - Z(leg,s) = ZT: R part RT, L part LT.
        CHECK_THAT(p.r(2, 2) - p.r(leg, 2), Catch::Matchers::WithinRel(0.012, 1e-12));
        CHECK_THAT(p.l(2, 2) - p.l(leg, 2), Catch::Matchers::WithinRel(0.8e-9, 1e-9));
        // Each leg's loop against the shield keeps its own impedance: rleg + rshield, lloop.
        const Eigen::Vector3d loop(leg == 0 ? 1 : 0, leg == 1 ? 1 : 0, -1);
        CHECK_THAT(loop.dot(p.r * loop), Catch::Matchers::WithinRel(0.035, 1e-12));
        CHECK_THAT(loop.dot(p.l * loop), Catch::Matchers::WithinRel(0.5e-6, 1e-12));
    }
    // The two loops' mutual (k lloop, k = 0.3 by default) is kept too.
    const Eigen::Vector3d loopA(1, 0, -1), loopB(0, 1, -1);
    CHECK_THAT(loopA.dot(p.l * loopB), Catch::Matchers::WithinRel(0.3 * 0.5e-6, 1e-12));
    CHECK_THAT(loopA.dot(p.r * loopB), Catch::Matchers::WithinRel(0.015, 1e-12));
    CHECK(!cablespice::solver::checkMtlParameters(p));
}

TEST_CASE("Cable model, coax: Z0 and default shield values give the hand-derived matrices", "[elab][cable]") {
    auto model = card("coax", {{"rleg", 0.03}, {"rshield", 0.01}, {"ccs", 67e-12}, {"z0", 75}, {"gcs", 1e-9}});
    DiagnosticSink sink;
    auto line = readCableModel(model, {}, SourceRange{}, sink);
    REQUIRE(line);
    const auto& p = line->perMetre;
    // lloop = Z0^2 C = 5625 * 67 pF = 376.875 nH/m; lshield defaults to 1 uH/m and cshield to the
    // air line 1/(c0^2 * 1 uH/m) = eps0 mu0 / 1 uH = 11.1265 pF/m.
    const double cshield = 1.0 / (299792458.0 * 299792458.0 * 1e-6);
    // The model's own shield-to-reference capacitance (row sum of the shield's C row) is the
    // air line's 11.1265 pF/m, a figure independent of the formula above.
    CHECK_THAT(p.c(1, 0) + p.c(1, 1), Catch::Matchers::WithinRel(11.1265e-12, 1e-5));
    CHECK(close(p.r, matrix2(0.03, 0, 0, 0.01)));
    CHECK(close(p.l, matrix2(1.376875e-6, 1e-6, 1e-6, 1e-6)));
    CHECK(close(p.c, matrix2(67e-12, -67e-12, -67e-12, 67e-12 + cshield)));
    CHECK(close(p.g, matrix2(1e-9, -1e-9, -1e-9, 1e-9)));
    // Centre against shield: sqrt((L11 - 2 L12 + L22) / C12') = 75 ohm.
    CHECK_THAT(std::sqrt((p.l(0, 0) - 2 * p.l(0, 1) + p.l(1, 1)) / -p.c(0, 1)), Catch::Matchers::WithinRel(75.0, 1e-12));
}

TEST_CASE("Cable model, pair with Z0: the differential impedance of the matrices is Z0", "[elab][cable]") {
    // AES3-style 110 ohm pair: lloop = Z0^2 (ccc + ccs/2) / (2 (1 - k)) = 12100 * 150p / 1.4.
    auto model = card("", {{"rleg", 0.0}, {"rshield", 0.0}, {"ccc", 50e-12}, {"ccs", 200e-12}, {"z0", 110}});
    DiagnosticSink sink;
    auto line = readCableModel(model, {}, SourceRange{}, sink);
    REQUIRE(line);
    const auto& p = line->perMetre;
    CHECK_THAT(p.l(0, 0) - p.l(2, 2), Catch::Matchers::WithinRel(12100.0 * 150e-12 / 1.4, 1e-12));
    // Differential mode: i = (1, -1, 0); v = (1/2, -1/2, 0) per volt between the legs.
    const Eigen::Vector3d current(1, -1, 0), voltage(0.5, -0.5, 0);
    const double loopL = current.dot(p.l * current);
    const double chargePerVolt = (p.c * voltage)(0);
    CHECK_THAT(std::sqrt(loopL / chargePerVolt), Catch::Matchers::WithinRel(110.0, 1e-12));
}

TEST_CASE("Cable model: a closed shield couples its current into the legs' loops only resistively", "[elab][cable]") {
    CableDatasheet cable;
    cable.rleg = 0.02;
    cable.rshield = 0.01;
    cable.ccc = 50e-12;
    cable.ccs = 100e-12;
    cable.lloop = 0.4e-6;
    cable.k = 0.5;
    cable.lshield = 0.8e-6;
    cable.cshield = 10e-12;
    const auto p = cableMatrices(cable);
    // d(v_leg - v_shield)/dz from a shield current i_s: -(L(leg,s) - L(s,s)) di_s/dt = 0 and
    // +R_s i_s; the common-mode emf inside the shield is purely resistive.
    for (int leg : {0, 1}) {
        CHECK(p.l(leg, 2) == p.l(2, 2));
        CHECK(p.r(leg, 2) == 0.0);
    }
    CHECK_THAT(p.c.row(0).sum(), Catch::Matchers::WithinAbs(0.0, 1e-24));  // legs see the reference only via the shield
    CHECK_THAT(p.c.row(2).sum(), Catch::Matchers::WithinRel(10e-12, 1e-12));
    CHECK(!cablespice::solver::checkMtlParameters(p));
}

TEST_CASE("Cable model: instance imbalance overrides the model's pair of values", "[elab][cable]") {
    auto model = card("pair", {{"rleg", 0.05}, {"rshield", 0.02}, {"ccc", 50e-12}, {"ccs", 100e-12},
                               {"lloop", 0.5e-6}, {"dccs", 5e-12}, {"drleg_rel", 0.1}});
    DiagnosticSink sink;
    // dccs_rel on the card replaces the model's dccs (both of the pair); drleg_rel stays.
    CableOverrides overrides{{"dccs_rel", InstanceValue{0.02, SourceRange{}}}};
    auto cable = readCableDatasheet(model, overrides, SourceRange{}, sink);
    REQUIRE(cable);
    CHECK_THAT(cable->capacitance.apply(cable->ccs), Catch::Matchers::WithinRel(102e-12, 1e-12));
    CHECK_THAT(cable->resistance.apply(cable->rleg), Catch::Matchers::WithinRel(0.055, 1e-12));
}
