#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

// The Q element and .model NPN/PNP cards: currents from the Ebers-Moll closed form with ngspice
// 39's k/q, problems as file:line:col diagnostics.

using namespace cablespice::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

double thermalVoltage(double celsius) { return 1.38064852e-23 * (celsius + 273.15) / 1.6021766208e-19; }

} // namespace

TEST_CASE("A transistor held at vbe = 0.65 V, vce = 5 V carries the Ebers-Moll currents, with area, m and .temp",
          "[elab][bjt]") {
    // ngspice's defaults: IS = 1e-16, BF = 100, BR = 1, EG = 1.11, XTI = 3, no Early, no knee.
    // ic = area IS(T) (exp(vbe/vt) - 1) - (1 + 1/BR) cbc - gmin vbc + gmin vcs (the substrate
    // junction, at ground, to the collector), ib = cbe/BF + cbc/BR + gmin (vbe + vbc), per copy,
    // times m; cbc ~ -area^2 IS(T) (ngspice scales the B-C current by the area twice).
    for (double celsius : {27.0, 60.0}) {
        INFO("at " << celsius << " degC");
        const std::string deck = "bjt closed form\n.model qd NPN\nVB b 0 0.65\nVC c 0 5\nQ1 c b 0 qd 2 m=3\n.op\n.temp " +
                                 std::to_string(celsius) + "\n.end\n";
        auto result = runText("bjt_closed_form.cir", deck);
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        const double vt = thermalVoltage(celsius), ratio = (celsius + 273.15) / 300.15;
        const double is = 1e-16 * std::pow(ratio, 3.0) * std::exp((ratio - 1.0) * 1.11 / vt);
        const double vbe = 0.65, vbc = 0.65 - 5.0, gmin = 1e-12;
        const double cbe = 2.0 * is * std::expm1(vbe / vt), cbc = 4.0 * is * std::expm1(vbc / vt);
        const double ic = cbe - 2.0 * cbc - gmin * vbc + gmin * 5.0, ib = cbe / 100.0 + cbc + gmin * (vbe + vbc);
        // The source voltages fix both junctions, so the converged currents are the model's at
        // them; the output prints 9 significant digits.
        CHECK_THAT(opValue(result.out, "i(vc)"), WithinRel(-3.0 * ic, 1e-8));
        CHECK_THAT(opValue(result.out, "i(vb)"), WithinRel(-3.0 * ib, 1e-8));
    }
}

TEST_CASE("A PNP mirrors the NPN: every current reverses with the bias", "[elab][bjt]") {
    // Both vertical (SUBS=1): by default a PNP is lateral, its substrate gmin then at the base.
    auto npn = runText("npn.cir", "t\n.model q NPN(is=1e-15 bf=80 vaf=50 subs=1)\nVB b 0 0.7\nVC c 0 3\nQ1 c b 0 q\n.op\n.end\n");
    auto pnp = runText("pnp.cir", "t\n.model q PNP(is=1e-15 bf=80 vaf=50 subs=1)\nVB b 0 -0.7\nVC c 0 -3\nQ1 c b 0 q\n.op\n.end\n");
    REQUIRE(npn.exitCode == 0);
    REQUIRE(pnp.exitCode == 0);
    CHECK_THAT(opValue(pnp.out, "i(vc)"), WithinRel(-opValue(npn.out, "i(vc)"), 1e-9));
    CHECK_THAT(opValue(pnp.out, "i(vb)"), WithinRel(-opValue(npn.out, "i(vb)"), 1e-9));
}

TEST_CASE("A Q card with a missing node or model, or a model parameter out of range, is an error at its place",
          "[elab][bjt]") {
    auto missing = runText("q_missing.cir", "t\nV1 c 0 1\nQ1 c b e nosuch\n.op\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Contains("q_missing.cir:3:10: error: no bipolar model named 'nosuch'"));
    auto diode = runText("q_diode.cir", "t\n.model dm D(is=1e-14)\nV1 c 0 1\nQ1 c 0 0 dm\n.op\n.end\n");
    CHECK(diode.exitCode == 1);
    CHECK_THAT(diode.err, Contains("q_diode.cir:4:10: error: model 'dm' is not a bipolar model (NPN or PNP)"));
    auto node = runText("q_node.cir", "t\n.model qn NPN\nV1 c 0 1\nQ1 c c\n.op\n.end\n");
    CHECK(node.exitCode == 1);
    CHECK_THAT(node.err, Contains("q_node.cir:4:7: error: expected emitter node after 'c'"));
    auto beta = runText("q_beta.cir", "t\n.model qn NPN(bf=-1)\nV1 c 0 1\nQ1 c 0 0 qn\n.op\n.end\n");
    CHECK(beta.exitCode == 1);
    CHECK_THAT(beta.err, Contains("q_beta.cir:2:15: error: bipolar model parameter 'bf' must be positive (got -1)"));
    auto subs = runText("q_subs.cir", "t\n.model qn NPN(subs=2)\nV1 c 0 1\nQ1 c c 0 qn\n.op\n.end\n");
    CHECK(subs.exitCode == 1);
    CHECK_THAT(subs.err, Contains("q_subs.cir:2:15: error: bipolar model parameter 'subs' must be 1 (vertical) or -1 (lateral)"));
    auto area = runText("q_area.cir", "t\n.model qn NPN\nV1 c 0 1\nQ1 c c 0 sub qn 0\n.op\n.end\n");
    CHECK(area.exitCode == 1);
    CHECK_THAT(area.err, Contains("q_area.cir:4:1: error: area and m of bipolar transistor 'Q1' must be positive"));
    auto ic = runText("q_ic.cir", "t\n.model qn NPN\nV1 c 0 1\nQ1 c c 0 qn ic=0.7,5\n.op\n.end\n");
    CHECK(ic.exitCode == 1);
    CHECK_THAT(ic.err, Contains("q_ic.cir:4:13: error: IC= on a bipolar transistor is not supported yet"));
}

TEST_CASE("A bipolar model parameter cablespice does not model, and a non-zero PTF, are named in warnings",
          "[elab][bjt]") {
    auto result = runText("q_warn.cir", "t\n.model qn NPN(bf=100 rco=3 ptf=30 va=50 ik=1m)\nV1 c 0 1\nQ1 c c 0 qn\n.op\n.end\n");
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.err, Contains("q_warn.cir:2:22: warning: parameter 'rco' of bipolar model 'qn' is not supported and has no effect"));
    CHECK_THAT(result.err, Contains("q_warn.cir:2:28: warning: parameter 'ptf' of bipolar model 'qn': excess phase is not modelled"));
    CHECK_THAT(result.err, !Contains("'va'"));  // ngspice's aliases of VAF and IKF
    CHECK_THAT(result.err, !Contains("'ik'"));
}

TEST_CASE("A Q card's fourth node is the substrate when it names no bipolar model", "[elab][bjt]") {
    // Substrate junction (vertical NPN: substrate to collector) reverse biased by 5 V: it
    // carries gmin * 5 V and nothing else at DC, from the collector into VS's + terminal.
    auto result = runText("q_sub.cir", "t\n.model qn NPN\nVB b 0 0\nVC c 0 0\nVS sub 0 -5\nQ1 c b 0 sub qn\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "i(vs)"), WithinRel(1e-12 * 5.0, 1e-8));
}
