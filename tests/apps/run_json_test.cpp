// --json output is valid JSON whatever mix of diagnostics and failed measurements a point has
// (two failed measurements and no diagnostic once wrote "errors": ["x: ...""y: ..."]).
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace cablespice::testing;

TEST_CASE("JSON output lists every failed measurement of a point as a separate error, in valid JSON", "[app][json]") {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / "two_failed.json";
    options.jsonFile = json;
    auto result = runText("two_failed.cir", "rc\nV1 a 0 1\nR1 a b 1k\nC1 b 0 1u\n.tran 10u 1m\n"
                                            ".meas tran x FIND v(b) AT=5m\n.meas tran y FIND v(a) AT=6m\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // Python's json module (python3 is a build dependency) parses the file and prints the errors.
    auto parsed = runShell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
                           "print(len(d[\"points\"][0][\"errors\"]), *[e.split(\":\")[0] for e in d[\"points\"][0][\"errors\"]])' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "2 x y\n");
}

TEST_CASE("JSON output gives each .noise card's audio figures and integrated totals per element", "[app][json][noise]") {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / "noise.json";
    options.jsonFile = json;
    auto result = runText("noise_json.cir", "divider\nV1 in 0 DC 0 AC 1\nR1 in out 1k\nR2 out 0 1k\n"
                                            ".options noisecontrib\n.noise v(out) V1 dec 5 10 100k\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // Two 1k resistors in parallel at 27 degC: a white 4kT*500 V^2/Hz at the output, half of it
    // from each; the input (V1) sees twice the voltage. Over 20 Hz-20 kHz and over the sweep.
    auto parsed = runShell("python3 -c 'import json,sys,math; d=json.load(open(sys.argv[1])); "
                           "n=d[\"points\"][0][\"noise\"]; a=n[0][\"audio\"]; t=n[0][\"integrated\"]; "
                           "e=math.sqrt(4*1.380649e-23*300.15*500); "
                           "ok=[len(n)==1, abs(a[\"output\"]/(e*math.sqrt(19980))-1)<1e-6, "
                           "abs(a[\"input\"]/a[\"output\"]-2)<1e-9, a[\"output_a\"]<a[\"output\"], "
                           "abs(t[\"onoise_total\"]/(e*math.sqrt(99990))-1)<1e-6, "
                           "abs(t[\"onoise_total_r1\"]/(e*math.sqrt(99990/2))-1)<1e-6, "
                           "abs(a[\"output_dbu\"]-20*math.log10(a[\"output\"]/math.sqrt(0.6)))<1e-9]; print(ok)' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "[True, True, True, True, True, True, True]\n");
}

TEST_CASE("JSON output gives the per-element noise totals without .options noisecontrib, not printed", "[app][json][noise]") {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / "noise_no_contrib.json";
    options.jsonFile = json;
    auto result = runText("noise_json_plain.cir", "divider\nV1 in 0 DC 0 AC 1\nR1 in out 1k\nR2 out 0 3k\n"
                                                  ".noise v(out) V1 dec 5 10 100k\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // The printed plots keep ngspice's columns without noisecontrib.
    CHECK(result.out.find("onoise_r1") == std::string::npos);
    CHECK(result.out.find("onoise_total_r1") == std::string::npos);
    // 1k/3k at 27 degC: each resistor's noise current 4kT/R into 750 ohm, white over 10 Hz-100 kHz;
    // referred to the input by the divider's gain 0.75.
    auto parsed = runShell("python3 -c 'import json,sys,math; d=json.load(open(sys.argv[1])); "
                           "t=d[\"points\"][0][\"noise\"][0][\"integrated\"]; k=4*1.380649e-23*300.15; b=99990; "
                           "r1=math.sqrt(k/1e3*750**2*b); r2=math.sqrt(k/3e3*750**2*b); "
                           "ok=[abs(t[\"onoise_total_r1\"]/r1-1)<1e-6, abs(t[\"onoise_total_r2\"]/r2-1)<1e-6, "
                           "abs(t[\"inoise_total_r2\"]/(r2/0.75)-1)<1e-6, "
                           "abs(t[\"onoise_total\"]/math.hypot(r1,r2)-1)<1e-6]; print(ok)' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "[True, True, True, True]\n");
}

// A stepped run frees each point's solutions once its text is written; the JSON's sensitivity
// and noise entries, read from them at the end, once came out empty without --csv or --plot.
TEST_CASE("Stepped JSON output keeps each point's sensitivity and noise entries", "[app][json][step]") {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / "stepped_sens_noise.json";
    options.jsonFile = json;
    options.jobs = 2;
    auto result = runText("stepped_sens_noise.cir", "divider\n.param r=1k\nV1 in 0 DC 1 AC 1\nR1 in out {r}\nR2 out 0 1k\n"
                                                    ".sens v(out)\n.noise v(out) V1 dec 5 10 100k\n"
                                                    ".step param r list 1k 3k\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // v(out) = R2/(R1+R2): d/dR1 = -R2/(R1+R2)^2 at each point's R1. R1 || R2 at 27 degC gives a
    // white 4kT(R1 R2/(R1+R2)) V^2/Hz at the output, integrated over 10 Hz-100 kHz.
    auto parsed = runShell("python3 -c 'import json,sys,math; d=json.load(open(sys.argv[1])); ok=[]\n"
                           "for p in d[\"points\"]:\n"
                           "  r=p[\"parameters\"][\"r\"]; s=p[\"sensitivity\"][0][\"points\"][0][\"elements\"]\n"
                           "  ok.append(abs(s[\"r1\"][\"sensitivity\"]/(-1e3/(r+1e3)**2)-1)<1e-9)\n"
                           "  ok.append(s[\"r1\"][\"value\"]==r)\n"
                           "  t=p[\"noise\"][0][\"integrated\"][\"onoise_total\"]\n"
                           "  ok.append(abs(t/math.sqrt(4*1.380649e-23*300.15*r*1e3/(r+1e3)*99990)-1)<1e-6)\n"
                           "print(ok)' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "[True, True, True, True, True, True]\n");
}
