// Output cards as users of other simulators write them (issue 25, item 1): an item that cannot
// be evaluated is left out with a warning and the run goes on; --strict makes it an error.
// Expected values are closed forms of the circuits written here.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <complex>
#include <numbers>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// .print tables carry 9 significant digits, so values are checked to 1e-7 (relative) or
// 1e-7 dB.

// R1 = 1k from `in` (1 V AC) to node 1b, C1 = 1 uF from 1b to ground: an RC low-pass whose
// node name starts with a digit.
const std::string kLowPass = "rc\n"
                             ".param gain=2\n"
                             "V1 in 0 dc 1 ac 1\n"
                             "R1 in 1b 1k\n"
                             "C1 1b 0 1u\n"
                             "I1 0 1b dc 0 ac 1m\n"
                             ".ac lin 1 1k 1k\n";

// The low-pass at 1 kHz with I1 injecting 1 mA into 1b: v(1b) = (V/R + I) / (1/R + jwC).
std::complex<double> lowPassOutput() {
    const double omega = 2.0 * std::numbers::pi * 1e3;
    return (1.0 / 1e3 + 1e-3) / std::complex<double>(1.0 / 1e3, omega * 1e-6);
}

bool has(const RunResult& result, const std::string& text) { return result.err.find(text) != std::string::npos; }

} // namespace

TEST_CASE("output cards: an item that cannot be evaluated is left out with a warning and the rest prints", "[app][output]") {
    auto result = runText("print_bad_items.cir", kLowPass + ".print ac vm(1b) vm(nosuch) q(x) i(nosuch) vp(1b)\n"
                                                            ".print ac vm(zz)\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(has(result, result.path + ":8:18: warning: no node named 'nosuch' for vm(nosuch); item left out"));
    CHECK(has(result, result.path + ":8:29: warning: expected an output vector such as v(node)"));
    CHECK(has(result, "warning: no element named 'nosuch' for i(nosuch); item left out"));
    CHECK(has(result, result.path + ":9:11: warning: no node named 'zz' for vm(zz); item left out"));
    CHECK_FALSE(has(result, "error"));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    REQUIRE(tables[0].size() == 4);  // index, frequency, vm(1b), vp(1b)
    CHECK_THAT(tables[0].at("vm(1b)")[0], WithinRel(std::abs(lowPassOutput()), 1e-7));
    CHECK_THAT(tables[0].at("vp(1b)")[0], WithinRel(std::arg(lowPassOutput()) * 180.0 / std::numbers::pi, 1e-7));
}

TEST_CASE("output cards: --strict makes a bad item an error and stops the run", "[app][output]") {
    cablespice::app::RunOptions strict;
    strict.strict = true;
    auto result = runText("print_strict.cir", kLowPass + ".print ac vm(1b) q(x)\n.end\n", strict);
    CHECK(result.exitCode == 1);
    CHECK(has(result, result.path + ":8:18: error: expected an output vector such as v(node)"));
    CHECK(result.out.empty());
    auto unresolved = runText("print_strict_node.cir", kLowPass + ".print ac vm(nosuch)\n.end\n", strict);
    CHECK(unresolved.exitCode == 1);
    CHECK(has(unresolved, "error: no node named 'nosuch' for vm(nosuch)"));
}

TEST_CASE("output cards: commas between items, and FORMAT=/FILE= ignored with a warning", "[app][output]") {
    auto result = runText("print_commas.cir",
                          kLowPass + ".print ac FORMAT=PROBE vm(1b), vdb(1b) ,vm(in) FILE=out.csd\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(has(result, result.path + ":8:11: warning: 'FORMAT=' on an output card is not supported"));
    CHECK(has(result, result.path + ":8:48: warning: 'FILE=' on an output card is not supported"));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    CHECK_THAT(tables[0].at("vdb(1b)")[0], WithinAbs(dB(std::abs(lowPassOutput())), 1e-7));
    CHECK(tables[0].at("vm(in)")[0] == 1.0);
}

TEST_CASE("output cards: SPICE2 plot limits after a .plot vector are ignored with a warning", "[app][output]") {
    auto result = runText("plot_limits.cir", kLowPass + ".plot ac vm(1b) (0,1) vm(in) (0, 2)\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(has(result, result.path + ":8:17: warning: plot limits are not supported (--plot scales its axes); ignored"));
    CHECK(has(result, result.path + ":8:30: warning: plot limits are not supported"));
    auto table = printTables(result.out).at(0);
    CHECK(table.size() == 4);  // index, frequency, vm(1b), vm(in)
    CHECK(table.at("vm(in)")[0] == 1.0);
}

TEST_CASE("output cards: v(*), i(*) and all list every node voltage and branch current", "[app][output]") {
    auto result = runText("print_wildcards.cir", "w\nV1 in 0 dc 2\nR1 in mid 1k\nR2 mid 0 1k\nL1 mid out 1m\nR3 out 0 1k\n"
                                                 ".op\n.print op v(*)\n.print op i(*)\n.print op all\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    const auto& table = tables[0];
    // 2 V into 1k + (1k || 1k): v(mid) = v(out) = 2/3 V, i(v1) = -4/3 mA, i(l1) = 2/3 mA.
    CHECK(table.at("v(in)")[0] == 2.0);
    CHECK_THAT(table.at("v(mid)")[0], WithinRel(2.0 / 3.0, 1e-7));
    CHECK_THAT(table.at("v(out)")[0], WithinRel(2.0 / 3.0, 1e-7));
    CHECK_THAT(table.at("i(v1)")[0], WithinRel(-4e-3 / 3.0, 1e-7));
    CHECK_THAT(table.at("i(l1)")[0], WithinRel(2e-3 / 3.0, 1e-7));
    CHECK(table.size() == 6);  // index and the five vectors (all repeats v(*) and i(*): same columns)
}

TEST_CASE("output cards: {expression} items compute from vectors and parameters", "[app][output]") {
    auto result = runText("print_expressions.cir",
                          kLowPass + ".print ac {db(v(1b))} {mag(v(1b))*gain} {vm(1b)/vm(in)} {vr(in)-vr(1b)} {nope+1}\n"
                                     ".end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(has(result, "warning: unknown name 'nope' in output expression: not a .param; item left out"));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    const auto v = lowPassOutput();
    CHECK_THAT(tables[0].at("{db(v(1b))}")[0], WithinAbs(dB(std::abs(v)), 1e-7));
    CHECK_THAT(tables[0].at("{mag(v(1b))*gain}")[0], WithinRel(2.0 * std::abs(v), 1e-7));
    CHECK_THAT(tables[0].at("{vm(1b)/vm(in)}")[0], WithinRel(std::abs(v), 1e-7));
    CHECK_THAT(tables[0].at("{vr(in)-vr(1b)}")[0], WithinRel(1.0 - v.real(), 1e-7));
}

TEST_CASE("output cards: i() of R, C and I and p() come from the element's branch equation", "[app][output]") {
    auto result = runText("print_currents.cir", kLowPass + ".print ac ir(R1) ii(r1) ir(c1) ii(c1) im(I1)\n"
                                                             ".meas ac icm FIND im(c1) AT=1k\n"
                                                             ".op\n.print op i(R1) p(R1) w(r1) i(c1) i(i1)\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 2);
    const auto v = lowPassOutput();
    const std::complex<double> iR = (1.0 - v) / 1e3;
    const std::complex<double> iC = std::complex<double>(0.0, 2.0 * std::numbers::pi * 1e3 * 1e-6) * v;
    CHECK_THAT(tables[0].at("ir(r1)")[0], WithinRel(iR.real(), 1e-7));
    CHECK_THAT(tables[0].at("ii(r1)")[0], WithinRel(iR.imag(), 1e-7));
    CHECK_THAT(tables[0].at("ir(c1)")[0], WithinRel(iC.real(), 1e-7));
    CHECK_THAT(tables[0].at("ii(c1)")[0], WithinRel(iC.imag(), 1e-7));
    CHECK_THAT(tables[0].at("im(i1)")[0], WithinRel(1e-3, 1e-12));
    CHECK_THAT(opValue(result.out, "icm"), WithinRel(std::abs(iC), 1e-7));
    // At DC (I1 = 0) the capacitor is open: v(1b) = 1 V, no current, no power.
    CHECK_THAT(tables[1].at("i(r1)")[0], WithinAbs(0.0, 1e-15));
    CHECK_THAT(tables[1].at("p(r1)")[0], WithinAbs(0.0, 1e-15));
    CHECK(tables[1].at("i(c1)")[0] == 0.0);
    CHECK(tables[1].at("i(i1)")[0] == 0.0);
}

TEST_CASE("output cards: p() of a resistor at DC is v*i, and i() of a current source its value", "[app][output]") {
    auto result = runText("print_power.cir", "p\nV1 a 0 dc 3\nR1 a b 1k\nR2 b 0 2k\nI1 b 0 dc 1m\n"
                                             ".op\n.print op i(r1) p(r1) p(r2) i(i1) p(v1)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // v(b) = (3/1k - 1m) / (1/1k + 1/2k) = 4/3 V; i(r1) = (3 - 4/3)/1k.
    const double vb = 4.0 / 3.0, ir1 = (3.0 - vb) / 1e3;
    auto table = printTables(result.out).at(0);
    CHECK_THAT(table.at("i(r1)")[0], WithinRel(ir1, 1e-7));
    CHECK_THAT(table.at("p(r1)")[0], WithinRel((3.0 - vb) * ir1, 1e-7));
    CHECK_THAT(table.at("p(r2)")[0], WithinRel(vb * vb / 2e3, 1e-7));
    CHECK_THAT(table.at("i(i1)")[0], WithinRel(1e-3, 1e-12));
    CHECK_THAT(table.at("p(v1)")[0], WithinRel(-3.0 * ir1, 1e-7));  // the source delivers: negative
    // p(*): every element, in netlist order; the powers balance.
    auto all = runText("print_power_all.cir", "p\nV1 a 0 dc 3\nR1 a b 1k\nR2 b 0 2k\nI1 b 0 dc 1m\n"
                                              ".op\n.print op p(*)\n.end\n");
    auto powers = printTables(all.out).at(0);
    REQUIRE(powers.size() == 5);  // index, p(v1), p(r1), p(r2), p(i1)
    double sum = 0.0;
    for (const char* name : {"p(v1)", "p(r1)", "p(r2)", "p(i1)"}) sum += powers.at(name)[0];
    CHECK_THAT(sum, WithinAbs(0.0, 1e-9));
    CHECK_THAT(powers.at("p(i1)")[0], WithinRel(vb * 1e-3, 1e-7));
}

TEST_CASE("output cards: i() and p() of controlled current sources G and F", "[app][output]") {
    // G1 draws gm*v(in) = 2 mA out of `g` through itself to ground: v(g) = -2 mA * 1k = -2 V.
    // F1 carries 3 * i(vs) from `f` to ground; i(vs) = 1 V / 1k = 1 mA: v(f) = -3 mA * 2k = -6 V.
    auto result = runText("print_g_f.cir", "gf\nV1 in 0 dc 1\nG1 g 0 in 0 2m\nRg g 0 1k\n"
                                           "Vs in s 0\nRs s 0 1k\nF1 f 0 vs 3\nRf f 0 2k\n"
                                           ".op\n.print op i(g1) p(g1) i(f1) p(f1) v(g) v(f)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto table = printTables(result.out).at(0);
    CHECK_THAT(table.at("v(g)")[0], WithinRel(-2.0, 1e-9));
    CHECK_THAT(table.at("v(f)")[0], WithinRel(-6.0, 1e-9));
    CHECK_THAT(table.at("i(g1)")[0], WithinRel(2e-3, 1e-9));
    CHECK_THAT(table.at("i(f1)")[0], WithinRel(3e-3, 1e-9));
    CHECK_THAT(table.at("p(g1)")[0], WithinRel(-2.0 * 2e-3, 1e-9));  // both deliver power: negative
    CHECK_THAT(table.at("p(f1)")[0], WithinRel(-6.0 * 3e-3, 1e-9));
}

TEST_CASE("output cards: a capacitor's transient current is C dv/dt", "[app][output][tran]") {
    // RC charging from 0 to 1 V (UIC): i(C1) = i(R1) = exp(-t/RC)/R, RC = 1 ms.
    auto result = runText("print_cap_current.cir", "c\nV1 in 0 dc 1\nR1 in out 1k\nC1 out 0 1u\n"
                                                     ".tran 10u 3m uic\n"
                                                     ".meas tran ic FIND i(c1) AT=1m\n.meas tran ir FIND i(r1) AT=1m\n"
                                                     ".meas tran ic2 FIND i(c1) AT=2m\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "ic"), WithinRel(1e-3 * std::exp(-1.0), 1e-3));
    CHECK_THAT(opValue(result.out, "ir"), WithinRel(1e-3 * std::exp(-1.0), 1e-3));
    CHECK_THAT(opValue(result.out, "ic2"), WithinRel(1e-3 * std::exp(-2.0), 1e-3));
}

TEST_CASE("output cards: Xyce's x1:n1 and x1:r1 name what ngspice calls x1.n1 and r.x1.r1", "[app][output]") {
    auto result = runText("print_hierarchy.cir", "h\n.subckt half a b\nR1 a mid 1k\nR2 mid b 1k\n.ends\n"
                                                 "V1 in 0 dc 1\nX1 in 0 half\n"
                                                 ".op\n.print op v(x1:mid) v(x1.mid) i(x1:r1) i(r.x1.r1)\n"
                                                 ".meas dc m FIND v(x1:mid) AT=1\n.dc v1 1 1 1\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto table = printTables(result.out).at(0);
    CHECK(table.at("v(x1:mid)")[0] == 0.5);
    CHECK(table.at("v(x1.mid)")[0] == 0.5);
    CHECK_THAT(table.at("i(x1:r1)")[0], WithinRel(0.5e-3, 1e-12));
    CHECK_THAT(table.at("i(r.x1.r1)")[0], WithinRel(0.5e-3, 1e-12));
    CHECK(opValue(result.out, "m") == 0.5);
}

TEST_CASE("output cards: .probe keeps vectors as .save does and computed ones are printed, not saved", "[app][output]") {
    cablespice::app::RunOptions options;
    options.rawFile = scratchDirectory() / "probe.raw";
    options.asciiRaw = true;
    auto result = runText("probe.cir", "p\nV1 a 0 dc 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.probe v(b) i(r1)\n.end\n", options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(has(result, "warning: .save keeps node voltages and branch currents; i(r1) is computed: print it with "
                      ".print; item left out"));
    std::ifstream raw(*options.rawFile);
    std::string text((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
    CHECK(text.find("No. Variables: 1") != std::string::npos);
    CHECK(text.find("v(b)") != std::string::npos);
}

TEST_CASE("output cards: analyses cablespice lacks are skipped with a warning", "[app][output]") {
    auto result = runText("skip_pz.cir", kLowPass + ".pz in 0 1b 0 vol pz\n.homotopy\n.print ac vm(1b)\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(has(result, result.path + ":8:1: warning: .pz is not supported yet; card ignored"));
    CHECK(has(result, result.path + ":9:1: warning: unknown control card '.homotopy' ignored"));
    CHECK_THAT(printTables(result.out).at(0).at("vm(1b)")[0], WithinRel(std::abs(lowPassOutput()), 1e-7));
}

TEST_CASE("A measurement of the swept current source's i() in its own .dc reads the swept value", "[output][dc]") {
    // I1 into 1k swept 1..3 mA: i(I1) is the sweep value and v(a) = 1k * i(I1). The measurement
    // is evaluated after the run, when the sweep has restored I1's DC value (1 mA).
    auto result = runText("dc_source_current.cir", "idc\nI1 0 a 1m\nR1 a 0 1k\n.dc I1 1m 3m 1m\n"
                                                   ".meas dc iat FIND i(I1) AT=2m\n.meas dc vat FIND v(a) AT=3m\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("iat = 0.002\n") != std::string::npos);
    CHECK(result.out.find("vat = 3\n") != std::string::npos);
}
