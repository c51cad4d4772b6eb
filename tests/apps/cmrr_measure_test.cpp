// .meas cmrr: measurements on the .cmrr plot's vectors (cmrr in dB, adm, acm), with expected
// values from the bridge law and from the nodal solution of the two-leg receiver.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <sstream>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Complex = std::complex<double>;

// Balanced source (+-vdm/2 around gs, vcm = v(gs)) through Zs+ = 50 and Zs- = 50 + dr into
// 20 kohm per leg with optional leg capacitances; an ideal difference receiver.
std::string receiver(const std::string& measures, const std::string& extra = "") {
    return R"(CMRR of an ideal receiver
.param dr=10 cp=1f cn=1f
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep p gs d 0 0.5
En gs n d 0 0.5
Rsp p ip 50
Rsn n in {50+dr}
Rcp ip 0 20k
Rcn in 0 20k
Cp ip 0 {cp}
Cn in 0 {cn}
Erx out 0 ip in 1
.cmrr v(out) vdm vcm ac dec 10 20 20k
)" + extra + measures +
           ".end\n";
}

double dB(double x) { return 20.0 * std::log10(x); }

// The receiver above solved by hand: each leg a divider Zs / (1/Ycm).
struct Gains {
    Complex adm, acm;
};
Gains receiverGains(double f, double zsp, double zsn, double cp, double cn) {
    double w = 2 * std::numbers::pi * f;
    Complex yp(1 / 20e3, w * cp), yn(1 / 20e3, w * cn);
    Complex vp = 1.0 / (1.0 + zsp * yp), vn = 1.0 / (1.0 + zsn * yn);
    return {0.5 * vp + 0.5 * vn, vp - vn};
}

} // namespace

TEST_CASE(".meas cmrr: 20k per leg with 10 ohm imbalance gives CMRR = 2005.5 (66.044 dB) at every frequency",
          "[app][cmrr][meas]") {
    auto result = runText("meas_cmrr_r.cir", receiver(R"(.meas cmrr c60 FIND cmrr AT=60
.meas cmrr cmin MIN cmrr FROM=20 TO=20k
.meas cmrr cmax MAX cmrr
.meas cmrr acm60 FIND vdb(acm) AT=60
.meas cmrr adm60 FIND mag(adm) AT=60
.meas cmrr admvm FIND vm(adm) AT=1k
.meas cmrr admdb FIND db(adm) AT=1k
.meas cmrr bare FIND acm AT=1k
.meas cmrr phase FIND ph(acm) AT=60
.meas cmrr margin PARAM='c60 - 60'
)"));
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    const double cmrr = dB(2005.5);  // (2 Zcm + Zs+ + Zs-) / (2 dZ) = 40110 / 20
    auto gains = receiverGains(60, 50, 60, 0, 0);
    CHECK_THAT(opValue(result.out, "c60"), WithinAbs(cmrr, 1e-3));
    CHECK_THAT(opValue(result.out, "cmin"), WithinAbs(cmrr, 1e-3));
    CHECK_THAT(opValue(result.out, "cmax"), WithinAbs(cmrr, 1e-3));
    CHECK_THAT(opValue(result.out, "acm60"), WithinAbs(dB(20e3 * 10 / (20050.0 * 20060.0)), 1e-3));  // -66.0683
    CHECK_THAT(opValue(result.out, "adm60"), WithinRel(std::abs(gains.adm), 1e-6));                  // 0.997258
    CHECK_THAT(opValue(result.out, "admvm"), WithinRel(std::abs(gains.adm), 1e-6));
    CHECK_THAT(opValue(result.out, "admdb"), WithinAbs(dB(std::abs(gains.adm)), 1e-4));
    CHECK_THAT(opValue(result.out, "bare"), WithinRel(std::abs(gains.acm), 1e-6));  // a bare complex vector: magnitude
    CHECK_THAT(opValue(result.out, "phase"), WithinAbs(0.0, 1e-6));                 // resistive: in phase
    CHECK_THAT(opValue(result.out, "margin"), WithinAbs(cmrr - 60, 1e-3));
}

TEST_CASE(".meas cmrr follows .step: one value per point from the bridge law", "[app][cmrr][meas][step]") {
    auto result = runText("meas_cmrr_step.cir",
                          receiver(".meas cmrr c1k FIND cmrr AT=1k\n", ".step param dr list 1 100 600\n"));
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    for (int dr : {1, 100, 600}) {
        INFO("dr = " << dr);
        // (2 Zcm + Zs+ + Zs-) / (2 dZ) with Zs+ = 50, Zs- = 50 + dr
        double expected = dB((40000 + 100 + dr) / (2.0 * dr));
        int found = 0;
        std::istringstream lines(result.out);
        for (std::string text; std::getline(lines, text);)
            if (text.starts_with("c1k = ") && text.ends_with(" dr=" + std::to_string(dr))) {
                CHECK_THAT(std::stod(text.substr(6)), WithinAbs(expected, 1e-3));
                ++found;
            }
        CHECK(found == 1);
    }
}

TEST_CASE(".meas cmrr WHEN finds the frequency where a capacitance imbalance brings CMRR down to 80 dB",
          "[app][cmrr][meas]") {
    cablespice::app::RunOptions options;
    options.overrides = {{"dr", "0"}, {"cp", "1n"}, {"cn", "1.1n"}};
    std::string text = receiver(".meas cmrr f80 WHEN cmrr=80\n.meas cmrr c10k FIND cmrr AT=10k\n");
    text.replace(text.find("dec 10 20 20k"), 13, "dec 200 20 20k");
    auto result = runText("meas_cmrr_when.cir", text, options);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    auto cmrrAt = [](double f) {
        auto gains = receiverGains(f, 50, 50, 1e-9, 1.1e-9);
        return dB(std::abs(gains.adm / gains.acm));
    };
    // CMRR falls monotonically (~ -20 log10(w dC Zs)); bisect the closed form for 80 dB.
    double lo = 20, hi = 20e3;
    for (int i = 0; i < 100; ++i) {
        double mid = std::sqrt(lo * hi);
        (cmrrAt(mid) > 80 ? lo : hi) = mid;
    }
    CHECK_THAT(opValue(result.out, "f80"), WithinRel(lo, 2e-3));  // ~3.18 kHz; linear interpolation on a 200/decade grid
    CHECK_THAT(opValue(result.out, "c10k"), WithinAbs(cmrrAt(10e3), 1e-3));
}

TEST_CASE(".meas cmrr names only the CMRR plot's vectors", "[app][cmrr][meas][diagnostics]") {
    // A warning and the measurement left out; an error with --strict.
    auto check = [](const std::string& card, const std::string& message) {
        auto result = runText("meas_cmrr_bad.cir", receiver(card + "\n"));
        INFO(card << "\n" << result.err);
        CHECK(result.exitCode == 0);
        CHECK(result.err.find("warning: " + message) != std::string::npos);
        CHECK(result.err.find("; measurement left out") != std::string::npos);
        CHECK(result.err.find(result.path + ":15:") != std::string::npos);  // file:line:col of the card
        cablespice::app::RunOptions strict;
        strict.strict = true;
        auto strictResult = runText("meas_cmrr_bad.cir", receiver(card + "\n"), strict);
        CHECK(strictResult.exitCode == 1);
        CHECK(strictResult.err.find("error: " + message) != std::string::npos);
    };
    check(".meas cmrr x FIND v(out) AT=60", "'v(out)' is not a vector of the .cmrr plot");
    check(".meas cmrr x FIND i(vdm) AT=60", "'i(vdm)' is not a vector of the .cmrr plot");
    check(".meas cmrr x FIND db(out) AT=60", "'db(out)' is not a vector of the .cmrr plot");
    check(".meas cmrr x FIND nosuch AT=60", "unknown name 'nosuch'");
    check(".meas cmrx x FIND cmrr AT=60", "unknown .meas analysis 'cmrx': expected dc, ac, tran, cmrr or noise");
}

TEST_CASE(".meas cmrr without a .cmrr analysis fails with a reason", "[app][cmrr][meas]") {
    auto result = runText("meas_cmrr_none.cir", R"(no cmrr
V1 a 0 AC 1
R1 a 0 1k
.ac lin 1 60 60
.meas cmrr x FIND cmrr AT=60
.meas ac y FIND vdb(a) AT=60
.end
)");
    INFO(result.out << result.err);
    CHECK(result.exitCode == 0);
    CHECK(result.out.find("x = failed: no .cmrr analysis results to measure") != std::string::npos);
    CHECK_THAT(opValue(result.out, "y"), WithinAbs(0.0, 1e-9));
}
