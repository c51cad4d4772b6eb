// .sens cmrr (the imbalance budget) through the CLI: the example netlists/examples/imbalance_budget.cir
// against closed forms of the difference amplifier's bridge and against a 2,000-run Monte Carlo
// of the same link (the example with its .sens card replaced by .step param run 1 2000 1):
// the predicted standard deviation of acm within 10 %, the predicted median CMRR within 1 dB
// (issue 20's Done-when). Also .options deftol (a Gaussian relative tolerance) against the
// closed form of a zero-mean real acm, and the errors of a misused card.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const std::string kExample = std::string(CABLESPICE_SOURCE_DIR) + "/netlists/examples/imbalance_budget.cir";

// The number after `label` on the first line that has it.
double numberAfter(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) FAIL("no '" << label << "' in:\n" << text);
    return std::stod(text.substr(at + label.size()));
}

// The printed ranked table row of an element: sd, Re and Im of d acm / d value, share %.
struct BudgetRow {
    double sd = 0.0, re = 0.0, im = 0.0, share = 0.0;
};
BudgetRow budgetRow(const std::string& out, const std::string& element) {
    std::istringstream lines(out.substr(out.find("Imbalance budget at")));
    std::string line, name;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        BudgetRow row;
        if (fields >> name && name == element && fields >> row.sd >> row.re >> row.im >> row.share) return row;
    }
    FAIL("no budget row for " << element);
    return {};
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The example as a Monte Carlo: the .sens card becomes 2,000 .step points measuring acm and the
// CMRR at 60 Hz, the .cmrr sweep the one frequency 60 Hz; the libraries by absolute path.
std::string monteCarloOfExample() {
    std::string text = readFile(kExample);
    text = std::regex_replace(text, std::regex(R"(\.\./lib/)"), std::string(CABLESPICE_SOURCE_DIR) + "/netlists/lib/");
    text = std::regex_replace(text, std::regex(R"(\n\.cmrr [^\n]*)"), "\n.cmrr v(out) vdm vcm ac lin 1 60 60");
    text = std::regex_replace(text, std::regex(R"(\n\.sens cmrr at=60)"),
                              "\n.step param run 1 2000 1\n.meas cmrr acmre FIND real(acm) AT=60\n"
                              ".meas cmrr acmim FIND imag(acm) AT=60\n.meas cmrr c60 FIND cmrr AT=60");
    return text;
}

// "NAME: count=... std=S ... p50=M ..." of the statistics block.
double statistic(const std::string& out, const std::string& measure, const std::string& field) {
    const std::string block = out.substr(out.find("--- .meas statistics"));
    const std::string line = block.substr(block.find("\n" + measure + ": ") + 1);
    return numberAfter(line.substr(0, line.find('\n')), " " + field + "=");
}

} // namespace

TEST_CASE("The imbalance budget of the example: d acm / d R = +-1/(2R) per receiver resistor, equal shares, "
          "sd(acm) = 0.01/sqrt(3)",
          "[app][sens][budget]") {
    auto run = runFile(kExample);
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const double r = 10e3, sdR = r * 0.01 / std::sqrt(3.0);
    for (const char* element : {"r.xrx.r1", "r.xrx.r2", "r.xrx.r3", "r.xrx.r4"}) {
        INFO(element);
        const BudgetRow row = budgetRow(run.out, element);
        CHECK_THAT(row.sd, WithinRel(sdR, 1e-6));
        // The legs (50 ohm), the cable and the op-amp's finite gain move it by under 1 %.
        CHECK_THAT(std::abs(row.re), WithinRel(1.0 / (2.0 * r), 0.01));
        CHECK(std::abs(row.im) < 1e-3 * std::abs(row.re));
        CHECK_THAT(row.share, WithinAbs(25.0, 0.5));
    }
    CHECK_THAT(budgetRow(run.out, "Rsp").sd, WithinRel(50.0 * 0.01 / std::sqrt(3.0), 1e-6));
    CHECK(budgetRow(run.out, "Rsp").share < 0.01);
    CHECK_THAT(numberAfter(run.out, "sd(acm) = "), WithinRel(2.0 * sdR / (2.0 * r), 0.01));
    // acm0 ~ 0: |acm| is the modulus of a (nearly real) zero-mean normal, median 0.6745 sd.
    CHECK_THAT(numberAfter(run.out, "predicted median "),
               WithinAbs(20.0 * std::log10(1.0 / (0.67449 * numberAfter(run.out, "sd(acm) = "))), 0.05));
}

TEST_CASE("The imbalance budget's prediction agrees with a 2,000-run Monte Carlo of the same link: sd(acm) within "
          "10 %, median CMRR within 1 dB",
          "[app][sens][budget]") {
    auto budget = runFile(kExample);
    REQUIRE(budget.exitCode == 0);
    cablespice::app::RunOptions options;
    options.jobs = 2;
    auto monteCarlo = runText("imbalance_budget_mc.cir", monteCarloOfExample(), options);
    INFO(monteCarlo.err);
    REQUIRE(monteCarlo.exitCode == 0);
    CHECK(statistic(monteCarlo.out, "c60", "count") == 2000);
    // sqrt(E|acm - mean|^2) from the sample variances of the real and imaginary parts.
    const double sdMonteCarlo = std::hypot(statistic(monteCarlo.out, "acmre", "std"), statistic(monteCarlo.out, "acmim", "std"));
    const double sdPredicted = numberAfter(budget.out, "sd(acm) = ");
    const double medianMonteCarlo = statistic(monteCarlo.out, "c60", "p50");
    const double medianPredicted = numberAfter(budget.out, "predicted median ");
    INFO("sd(acm): predicted " << sdPredicted << ", Monte Carlo " << sdMonteCarlo << "; median CMRR: predicted "
                               << medianPredicted << " dB, Monte Carlo " << medianMonteCarlo << " dB");
    CHECK_THAT(sdPredicted, WithinRel(sdMonteCarlo, 0.10));
    CHECK_THAT(medianPredicted, WithinAbs(medianMonteCarlo, 1.0));
}

namespace {

// An ideal difference amplifier (E op-amp) of plain resistors: tolerances from .options deftol.
std::string deftolDiffamp(const std::string& extra) {
    return "deftol difference amplifier\n.options deftol=0.01\nVdm d 0 AC 1\nVcm gs 0 AC 1\nEp p gs d 0 0.5\n"
           "En gs n d 0 0.5\nR1 n m 10k\nR2 m out 10k\nR3 p q 10k\nR4 q 0 10k\nEop out 0 q m 1e9\n"
           ".cmrr v(out) vdm vcm ac lin 1 60 60\n" + extra + "\n.end\n";
}

} // namespace

TEST_CASE(".options deftol=0.01 gives R a Gaussian 1 % sd: sd(acm) = 0.01, median CMRR 20 log10(1/(0.6745 * 0.01))",
          "[app][sens][budget]") {
    // acm = (e1 - e2 - e3 + e4)/2 for relative errors e_i of sd 0.01: sd 0.01, real, zero mean.
    auto run = runText("budget_deftol.cir", deftolDiffamp(".sens cmrr"));
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK_THAT(numberAfter(run.out, "sd(acm) = "), WithinRel(0.01, 1e-6));
    // Printed to 0.01 dB.
    CHECK_THAT(numberAfter(run.out, "predicted median "),
               WithinAbs(20.0 * std::log10(1.0 / (0.6744897502 * 0.01)), 0.006));
    // The 1 % point of the CMRR is the 99 % point of |acm|: 2.5758 sd.
    CHECK_THAT(numberAfter(run.out, "1 % point "), WithinAbs(20.0 * std::log10(1.0 / (2.5758293035 * 0.01)), 0.006));
    CHECK_THAT(budgetRow(run.out, "R1").sd, WithinRel(100.0, 1e-9));
}

TEST_CASE(".sens cmrr in a .step run is an error at its card", "[app][sens][budget]") {
    auto stepped = runText("budget_step.cir", deftolDiffamp(".sens cmrr\n.step param run 1 3 1"));
    CHECK(stepped.exitCode == 1);
    CHECK(stepped.err.find("budget_step.cir:13:1: error: .sens cmrr budgets the nominal circuit") != std::string::npos);
}

TEST_CASE("A deftol below 0 or from 1 up is an error, and a budget without any tolerance says so", "[app][sens][budget]") {
    auto bad = runText("budget_bad_deftol.cir", "x\n.options deftol=1.5\nV1 a 0 AC 1\nR1 a 0 1k\n.end\n");
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find("budget_bad_deftol.cir:2:10: error: deftol must be in [0, 1)") != std::string::npos);

    std::string none = deftolDiffamp(".sens cmrr");
    none.replace(none.find(".options deftol=0.01\n"), 21, "");
    auto run = runText("budget_none.cir", none);
    INFO(run.err);
    CHECK(run.exitCode == 0);
    CHECK(run.err.find("warning: .sens cmrr: no element has a tolerance") != std::string::npos);
    CHECK_THAT(numberAfter(run.out, "sd(acm) = "), WithinAbs(0.0, 1e-300));
}
