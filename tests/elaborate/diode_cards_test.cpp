#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>

// The D element and .model D cards: values from closed forms (ngspice 39's k/q), problems as
// file:line:col diagnostics.

using namespace cablespice::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

double thermalVoltage(double celsius) { return 1.38064852e-23 * (celsius + 273.15) / 1.6021766208e-19; }

// IS(T) = IS (T/Tnom)^(XTI/N) exp((T/Tnom - 1) EG/(N vt)), XTI = 3, EG = 1.11 (defaults)
double saturationCurrent(double is, double n, double celsius) {
    const double ratio = (celsius + 273.15) / 300.15;
    return is * std::pow(ratio, 3.0 / n) * std::exp((ratio - 1.0) * 1.11 / (n * thermalVoltage(celsius)));
}

} // namespace

TEST_CASE("A diode at 1 mA sits at N vt ln(I/IS(T) + 1), at 27 degC and at .temp 100 with area and m", "[elab][diode]") {
    const std::string deck = R"(
.model dm D (is=1e-14 n=1.3)
I1 0 a 1m
D1 a 0 dm 2 m=2
Rg a 0 1e15
.op
)";
    for (double celsius : {27.0, 100.0}) {
        auto result = runText("diode_temp.cir", "diode at temperature" + deck + ".temp " + std::to_string(celsius) + "\n.end\n");
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        const double is = 4.0 * saturationCurrent(1e-14, 1.3, celsius);  // area 2 times m 2
        // 1 mA = IS (exp(v/(N vt)) - 1) + gmin v; the gmin term moves v by < 1e-12 relative.
        // Newton stops on SPICE's reltol = 1e-3 tests (the last step's quadratic remainder and the
        // residual's reltol*1 mA leave up to ~1e-5 of v; measured 2e-6).
        const double expected = 1.3 * thermalVoltage(celsius) * std::log(1e-3 / is + 1.0);
        CHECK_THAT(opValue(result.out, "v(a)"), WithinRel(expected, 1e-5));
    }
}

TEST_CASE("A D card naming no diode model, or a model parameter out of range, is an error at its place", "[elab][diode]") {
    auto missing = runText("diode_missing.cir", "t\nV1 a 0 1\nD1 a 0 nosuch\n.op\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Contains("diode_missing.cir:3:8: error: no diode model named 'nosuch'"));
    auto negative = runText("diode_negative.cir", "t\n.model dm D(is=-1)\nV1 a 0 1\nD1 a 0 dm\n.op\n.end\n");
    CHECK(negative.exitCode == 1);
    CHECK_THAT(negative.err, Contains("diode_negative.cir:2:13: error: diode model parameter 'is' must be positive"));
}

TEST_CASE("A diode model parameter cablespice does not model is named in a warning", "[elab][diode]") {
    auto result = runText("diode_ikf.cir", "t\n.model dm D(is=1e-14 ikf=1)\nV1 a 0 1\nR1 a b 1k\nD1 b 0 dm\n.op\n.end\n");
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.err, Contains("warning: parameter 'ikf' of diode model 'dm' is not supported and has no effect"));
}

TEST_CASE("An operating point that does not converge names the diode and its node at the diode's card", "[elab][diode]") {
    // 7x - 5 = 1000 id(x) has no root (tests/solver/analysis/operating_point_test.cpp).
    auto result = runText("diode_no_op.cir", "latch without an operating point\nE1 y 0 x 0 10\nR1 y x 1k\nR2 x 0 1k\n"
                                             ".model dm D(is=1e-14)\nD1 x 0 dm\nV1 s 0 -5\nR3 s x 1k\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Contains("diode_no_op.cir:6:1: error: no convergence in 100 Newton iterations (device 'd1') "
                                    "at node 'x'"));
}

TEST_CASE("A diode model's {parameter} follows -D and each .step point, not the .param default", "[elab][diode]") {
    // 1 mA forced through the junction: v = N vt ln(1 mA/IS + 1) for the IS the point sets.
    const std::string deck = "model parameter\n.param isv=1e-14\n.model dm D (is={isv})\nI1 0 a 1m\nD1 a 0 dm\n"
                             "Rg a 0 1e15\n.op\n";
    const auto expected = [](double is) { return thermalVoltage(27.0) * std::log(1e-3 / is + 1.0); };
    cablespice::app::RunOptions options;
    options.overrides.push_back({"isv", "1e-12"});
    auto overridden = runText("model_param_d.cir", deck + ".end\n", options);
    INFO(overridden.err);
    REQUIRE(overridden.exitCode == 0);
    CHECK_THAT(opValue(overridden.out, "v(a)"), WithinRel(expected(1e-12), 1e-5));
    auto stepped = runText("model_param_step.cir", deck + ".step param isv list 1e-13\n.print op v(a)\n.end\n");
    INFO(stepped.err);
    REQUIRE(stepped.exitCode == 0);
    CHECK_THAT(opValue(stepped.out, "v(a)"), WithinRel(expected(1e-13), 1e-5));
}

TEST_CASE("gminsteps=0 srcsteps=0 leave a latch unsolved, by default --stats says gmin stepping reached it", "[elab][diode]") {
    // The latch of tests/solver/analysis/operating_point_test.cpp: plain Newton cycles, gmin stepping solves it.
    const std::string latch = "latch\nE1 y 0 x 0 5\nR1 y x 1k\nR2 x 0 1k\n.model d1m D(is=1e-14)\n.model d2m D(is=1e-9 n=2)\n"
                              "D1 x 0 d1m\nD2 0 x d2m\nV1 s 0 5\nR3 s x 1k\n.op\n";
    cablespice::app::RunOptions stats;
    stats.stats = true;
    auto solved = runText("latch_default.cir", latch + ".end\n", stats);
    INFO(solved.err);
    REQUIRE(solved.exitCode == 0);
    CHECK_THAT(solved.out, Contains("op stats: reached by gmin stepping in "));
    auto unsolved = runText("latch_nosteps.cir", latch + ".options gminsteps=0 srcsteps=0\n.end\n");
    CHECK(unsolved.exitCode == 1);
    CHECK_THAT(unsolved.err, Contains("no convergence in 100 Newton iterations"));
    auto linear = runText("linear_stats.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\n", stats);
    REQUIRE(linear.exitCode == 0);
    CHECK_THAT(linear.out, !Contains("op stats"));
}

TEST_CASE("gminsteps and srcsteps take a whole number of steps >= 0", "[elab][diode]") {
    auto negative = runText("steps_negative.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.options gminsteps=-1\n.op\n.end\n");
    CHECK(negative.exitCode == 1);
    CHECK_THAT(negative.err, Contains("steps_negative.cir:4:10: error: option 'gminsteps' must be a whole number >= 0"));
    auto fraction = runText("steps_fraction.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.options srcsteps=2.5\n.op\n.end\n");
    CHECK(fraction.exitCode == 1);
    CHECK_THAT(fraction.err, Contains("steps_fraction.cir:4:10: error: option 'srcsteps' must be a whole number >= 0"));
}
