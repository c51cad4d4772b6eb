#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>

// B sources and POLY controlled sources through the whole program: values against closed forms
// (the expression or polynomial written out by hand), problems as file:line:col diagnostics.

using namespace cablespice::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("B sources evaluate parameters, .func calls, v(a,b), i(vsrc), ternaries and u() at the operating point",
          "[elab][bsource]") {
    auto result = runText("bsource_op.cir", R"(B sources at the operating point
.param k=2
.func sq(x) = {x*x}
V1 a 0 3
Ra a 0 1k
V2 b 0 1
B1 o 0 V={k*sq(v(a,b))}
R1 o 0 1k
B2 p 0 I=v(a)*1m
R2 p 0 1k
B3 q 0 V={-1000*i(v1)}
R3 q 0 1k
B4 r 0 V={v(a) > 2 ? 1 : 0}
R4 r 0 1k
B5 s 0 V=u(v(b)-1) + if(v(a) < 0, 5, uramp(-v(b))) + pwr(-v(a), 2) + (-v(a))^2
R5 s 0 1k
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(o)"), WithinRel(8.0, 1e-12));       // 2 (3 - 1)^2
    CHECK_THAT(opValue(result.out, "v(p)"), WithinRel(-3.0, 1e-12));      // 3 mA from p through B2 to ground, 1 k
    CHECK_THAT(opValue(result.out, "v(q)"), WithinRel(3.0, 1e-12));       // i(v1) = -3 mA (into its + terminal)
    CHECK_THAT(opValue(result.out, "v(r)"), WithinRel(1.0, 1e-12));
    CHECK_THAT(opValue(result.out, "v(s)"), WithinRel(0.5 + 0.0 - 9.0 + 9.0, 1e-12));  // u(0) = 0.5, |-3|^2 = 9
    CHECK_THAT(opValue(result.out, "i(b1)"), WithinRel(-8e-3, 1e-12));
}

TEST_CASE("A B source's AC gain is the derivative of its expression at the operating point", "[elab][bsource]") {
    auto result = runText("bsource_ac.cir", R"(B source small-signal gain
Vi i 0 DC 2 AC 1
B1 o 0 V={v(i)^3/4 + 1}
R1 o 0 1k
.ac lin 1 1k 1k
.meas ac gain FIND vm(o) AT=1k
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "gain"), WithinRel(3.0, 1e-12));  // d/dv (v^3/4) = 3 v^2 / 4 at 2 V
}

TEST_CASE("A B source reads the transient's time", "[elab][bsource]") {
    auto result = runText("bsource_time.cir", R"(B source of time
B1 o 0 V={2*sin(2*pi*1k*time) + time*1k}
R1 o 0 1k
.tran 1u 1m
.meas tran at250 FIND v(o) AT=0.25m
.meas tran at1000 FIND v(o) AT=1m
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // linear interpolation between points at most TMAX = 1 us apart: |error| <= 2 (w h)^2 / 8 = 1e-5
    CHECK_THAT(opValue(result.out, "at250"), WithinAbs(2.0 + 0.25, 2e-5));
    CHECK_THAT(opValue(result.out, "at1000"), WithinAbs(1.0, 1e-9));
}

TEST_CASE("POLY on E, F, G and H: SPICE2 coefficient order, and POLY(1) with one coefficient is its gain",
          "[elab][poly]") {
    auto result = runText("poly_op.cir", R"(POLY sources
V1 a 0 3
V2 b 0 0.5
I1 0 x 2m
Vx x 0 0
I2 0 y 1m
Vy y 0 0
E1 e 0 POLY(1) a 0 5
R1 e 0 1k
E2 e2 0 POLY(2) a 0 b 0 1 2 3 4 5 6
R2 e2 0 1k
E3 e3 0 poly(2) (a,0) (b 0) 1 2 3 4 5 6
R3 e3 0 1k
F1 0 f POLY(2) vx vy 0 1 2 100
Rf f 0 1k
G1 0 g POLY(2) a 0 b 0 0 0 0 0 1m
Rg g 0 1k
H1 h 0 POLY(1) vx 0 1k 1meg
Rh h 0 1k
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double a = 3.0, b = 0.5, ix = 2e-3, iy = 1e-3;
    CHECK_THAT(opValue(result.out, "v(e)"), WithinRel(5.0 * a, 1e-12));
    CHECK_THAT(opValue(result.out, "v(e2)"), WithinRel(1 + 2 * a + 3 * b + 4 * a * a + 5 * a * b + 6 * b * b, 1e-12));
    CHECK_THAT(opValue(result.out, "v(e3)"), WithinRel(1 + 2 * a + 3 * b + 4 * a * a + 5 * a * b + 6 * b * b, 1e-12));
    CHECK_THAT(opValue(result.out, "v(f)"), WithinRel((ix + 2 * iy + 100 * ix * ix) * 1e3, 1e-12));
    CHECK_THAT(opValue(result.out, "v(g)"), WithinRel(1e-3 * a * b * 1e3, 1e-12));
    CHECK_THAT(opValue(result.out, "v(h)"), WithinRel(1e3 * ix + 1e6 * ix * ix, 1e-12));
}

TEST_CASE("B-source expression problems are errors at their place", "[elab][bsource]") {
    const std::string head = "t\nV1 a 0 1\nR1 a 0 1k\n";
    auto run = [&](const std::string& name, const std::string& card) {
        return runText(name, head + card + "\nRo o 0 1k\n.op\n.end\n");
    };
    auto node = run("b_node.cir", "B1 o 0 V={2*v(nosuch)}");
    CHECK(node.exitCode == 1);
    CHECK_THAT(node.err, Contains("b_node.cir:4:15: error: node 'nosuch' in v() of 'B1' is not connected to any element"));
    auto source = run("b_source.cir", "B1 o 0 V=i(vnone)+1");
    CHECK_THAT(source.err, Contains("b_source.cir:4:12: error: i(vnone) in 'B1': no element named 'vnone'"));
    auto resistor = run("b_resistor.cir", "B1 o 0 I={i(r1)}");
    CHECK_THAT(resistor.err, Contains("b_resistor.cir:4:13: error: i(r1) in 'B1': 'r1' carries no branch current"));
    auto function = run("b_function.cir", "B1 o 0 V={foo(v(a))}");
    CHECK_THAT(function.err, Contains("b_function.cir:4:11: error: unknown function 'foo' in B-source expression"));
    auto name = run("b_name.cir", "B1 o 0 V={k2*v(a)}");
    CHECK_THAT(name.err, Contains("b_name.cir:4:11: error: unknown name 'k2' in B-source expression"));
    auto missing = run("b_missing.cir", "B1 o 0 {v(a)}");
    CHECK_THAT(missing.err, Contains("b_missing.cir:4:8: error: expected V=expression or I=expression after '0'"));
    auto arity = run("b_arity.cir", "B1 o 0 V={v(a,0,a)}");
    CHECK_THAT(arity.err, Contains("b_arity.cir:4:11: error: v() takes one or two node names"));
    auto syntax = run("b_syntax.cir", "B1 o 0 V={v(a)*}");
    CHECK(syntax.exitCode == 1);
    CHECK_THAT(syntax.err, Contains("b_syntax.cir:4:"));
}

TEST_CASE("POLY card problems are errors at their place", "[elab][poly]") {
    const std::string head = "t\nV1 a 0 1\nR1 a 0 1k\n";
    auto run = [&](const std::string& name, const std::string& card) {
        return runText(name, head + card + "\nRo o 0 1k\n.op\n.end\n");
    };
    auto dimension = run("p_dim.cir", "E1 o 0 POLY(0) a 0 1");
    CHECK_THAT(dimension.err, Contains("p_dim.cir:4:13: error: POLY dimension must be a whole number from 1 to 20, not '0'"));
    auto coefficients = run("p_coef.cir", "G1 o 0 POLY(1) a 0");
    CHECK_THAT(coefficients.err, Contains("p_coef.cir:4:19: error: expected POLY coefficients after '0'"));
    auto controller = run("p_ctrl.cir", "F1 o 0 POLY(2) v1 vnone 0 1 1");
    CHECK_THAT(controller.err, Contains("p_ctrl.cir:4:19: error: i(vnone) in 'F1': no element named 'vnone'"));
    auto bad = run("p_bad.cir", "H1 o 0 POLY(1) v1 0 1k x");
    CHECK_THAT(bad.err, Contains("p_bad.cir:4:24: error: bad number 'x'"));
}

TEST_CASE("A B source inside a subcircuit reads its ports, internal nodes and internal sources", "[elab][bsource]") {
    auto result = runText("bsource_subckt.cir", R"(B source in a subcircuit
.subckt sq in out params: g=1
Vs in mid 0
Rm mid 0 2k
B1 out 0 V={g*v(in)*v(mid) + 1000*i(vs)}
.ends
V1 a 0 2
X1 a o1 sq g=3
Ro1 o1 0 1k
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(o1)"), WithinRel(3.0 * 2.0 * 2.0 + 1000.0 * 1e-3, 1e-12));  // i(vs) = 2 V / 2 k
}

TEST_CASE("A B source evaluated outside its domain fails Newton with an error naming it, not a NaN", "[elab][bsource]") {
    auto result = runText("b_domain.cir", "t\nV1 a 0 -1\nR1 a 0 1k\nB2 0 c V={sqrt(v(a))}\nRc c 0 1k\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Contains("b_domain.cir:4:1: error: no convergence in 100 Newton iterations (device 'b2' "
                                    "evaluated outside its expression's domain) at node 'c'"));
}
