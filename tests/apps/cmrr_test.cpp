#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

namespace {

// Rows of the printed CMRR table: frequency and cmrr (the real part of "x,0").
std::vector<std::pair<double, double>> cmrrRows(const std::string& out) {
    std::vector<std::pair<double, double>> rows;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string index, frequency, adm, acm, cmrr;
        if (!(fields >> index >> frequency >> adm >> acm >> cmrr)) continue;
        if (index.empty() || !std::isdigit(static_cast<unsigned char>(index[0]))) continue;
        rows.emplace_back(std::stod(frequency), std::stod(cmrr.substr(0, cmrr.find(','))));
    }
    return rows;
}

const char* kReceiver = R"(CMRR of an ideal receiver
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep p gs d 0 0.5
En gs n d 0 0.5
Rsp p ip 50
Rsn n in 60
Rcp ip 0 20k
Rcn in 0 20k
Cp ip 0 {cp}
Cn in 0 {cn}
Erx out 0 ip in 1
.param cp=1f cn=1f
.cmrr v(out) vdm vcm ac dec 1 60 6k
.end
)";

} // namespace

TEST_CASE(".cmrr of a 20k-per-leg receiver with 10 ohm imbalance is 66.04 dB and flat", "[app][cmrr]") {
    auto result = runText("cmrr_r.cir", kReceiver);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto rows = cmrrRows(result.out);
    REQUIRE(rows.size() == 3);
    // (2 Zcm + Zs+ + Zs-) / (2 dZ) = (40000 + 110) / 20 = 2005.5
    for (auto [f, cmrr] : rows) CHECK_THAT(cmrr, WithinAbs(20 * std::log10(2005.5), 0.001));
}

TEST_CASE(".cmrr with a capacitance imbalance falls 20 dB per decade", "[app][cmrr]") {
    cablespice::app::RunOptions options;
    std::string text = kReceiver;
    text.replace(text.find("Rsn n in 60"), 11, "Rsn n in 50");
    options.overrides.push_back({"cp", "10n"});
    options.overrides.push_back({"cn", "10.12n"});
    auto result = runText("cmrr_c.cir", text, options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto rows = cmrrRows(result.out);
    REQUIRE(rows.size() == 3);
    // Conversion by the capacitance difference grows with frequency: CMRR falls ~20 dB/decade
    // while omega*R*C << 1 (here 2*pi*6k*50*10n = 0.019).
    CHECK_THAT(rows[0].second - rows[1].second, WithinAbs(20.0, 0.05));
    CHECK_THAT(rows[1].second - rows[2].second, WithinAbs(20.0, 0.05));
}

TEST_CASE(".cmrr naming a source that does not exist is an error", "[app][cmrr]") {
    std::string text = kReceiver;
    text.replace(text.find("vdm vcm"), 7, "vxx vcm");
    auto result = runText("cmrr_bad.cir", text);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("differential-mode source 'vxx'") != std::string::npos);
}
