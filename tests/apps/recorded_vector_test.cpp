// RecordedVector: the one resolver from an output vector to its values in a recorded analysis,
// against closed forms of an RC low-pass and of a resistive balanced bridge (CASES.md B1).
#include "apps/engine/recorded_vector.hpp"

#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>

using namespace cablespice;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;
using Complex = std::complex<double>;

namespace {

struct Run {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;
    elab::Deck base;
    std::vector<app::PointOutcome> outcomes;

    const elab::Deck& deck() const { return *outcomes.at(0).deck; }
    const app::RecordedAnalysis& analysis() const { return outcomes.at(0).analyses.at(0); }
};

std::unique_ptr<Run> run(const std::string& text) {
    auto result = std::make_unique<Run>();
    result->netlist = parseNetlistText(result->sources, "rv.cir", text, result->sink);
    result->base = elab::elaborate(result->netlist, result->sink);
    result->outcomes = app::pendingOutcomes(std::vector<elab::StepPoint>(1));
    app::runPoints(result->netlist, result->base, {}, 1, result->outcomes);
    REQUIRE(result->outcomes.at(0).ok);
    return result;
}

std::vector<Complex> valuesOf(const Run& r, const elab::OutputVector& vector) {
    auto located = app::RecordedVector::locate(vector, r.deck(), r.analysis());
    if (const auto* reason = std::get_if<std::string>(&located)) FAIL(*reason);
    return std::get<app::RecordedVector>(located).values();
}

std::string reasonFor(const Run& r, const elab::OutputVector& vector) {
    auto located = app::RecordedVector::locate(vector, r.deck(), r.analysis());
    REQUIRE(std::holds_alternative<std::string>(located));
    return std::get<std::string>(located);
}

elab::OutputVector voltage(std::string a, std::string b = {}) {
    return {elab::OutputQuantity::Voltage, elab::OutputPart::Value, a, b, "v(" + a + (b.empty() ? "" : "," + b) + ")"};
}

elab::OutputVector current(std::string element) {
    return {elab::OutputQuantity::Current, elab::OutputPart::Value, element, {}, "i(" + element + ")"};
}

void checkClose(Complex actual, Complex expected) {
    CHECK_THAT(actual.real(), WithinRel(expected.real(), 1e-12));
    CHECK_THAT(actual.imag(), WithinRel(expected.imag(), 1e-12));
}

constexpr double kR = 1e3, kC = 1e-6;

const char* kLowPass = R"(rc low-pass
V1 in 0 AC 1
R1 in out 1k
C1 out 0 1u
.ac lin 3 100 1k
.print ac {2*vm(out)}
.end
)";

} // namespace

TEST_CASE("RecordedVector: node voltages, differences and element currents of an AC plot", "[app][vector]") {
    auto r = run(kLowPass);
    const auto& scale = r->analysis().scale;
    REQUIRE(scale.size() == 3);
    const auto out = valuesOf(*r, voltage("out"));
    const auto across = valuesOf(*r, voltage("in", "out"));
    const auto capacitor = valuesOf(*r, current("c1"));
    const auto source = valuesOf(*r, current("v1"));
    for (std::size_t p = 0; p < scale.size(); ++p) {
        const Complex jwc(0.0, 2.0 * std::numbers::pi * scale[p] * kC);
        const Complex expected = 1.0 / (1.0 + jwc * kR);  // v(out) = 1 / (1 + j w R C)
        checkClose(out[p], expected);
        checkClose(across[p], 1.0 - expected);
        checkClose(capacitor[p], jwc * expected);   // i(c1) = j w C v(out)
        checkClose(source[p], -jwc * expected);     // into V1's + terminal: minus the loop current
    }
}

TEST_CASE("RecordedVector: a {expression} item is evaluated at every point", "[app][vector]") {
    auto r = run(kLowPass);
    const auto& item = r->deck().prints.at(0).items.at(0);
    REQUIRE(item.expression);
    const auto doubled = valuesOf(*r, item);
    const auto out = valuesOf(*r, voltage("out"));
    for (std::size_t p = 0; p < out.size(); ++p) CHECK_THAT(doubled[p].real(), WithinRel(2.0 * std::abs(out[p]), 1e-12));
}

TEST_CASE("RecordedVector: a vector the circuit lacks gives the locator's reason", "[app][vector]") {
    auto r = run(kLowPass);
    CHECK_THAT(reasonFor(*r, voltage("nothere")), Contains("nothere"));
    CHECK_THAT(reasonFor(*r, current("r9")), Contains("r9"));
}

TEST_CASE("RecordedVector: a .cmrr plot's own vectors by name, real cmrr, differences, and nothing else", "[app][vector]") {
    auto r = run(R"(balanced bridge, 50 and 60 ohm legs into 20k each
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep p gs d 0 0.5
En gs n d 0 0.5
Rsp p ip 50
Rsn n in 60
Rcp ip 0 20k
Rcn in 0 20k
Erx out 0 ip in 1
.cmrr v(out) vdm vcm ac lin 1 60 60
.end
)");
    // Differential: +-0.5 V through each leg's divider; common mode: the bridge law.
    const double adm = 0.5 * 20e3 / 20050.0 + 0.5 * 20e3 / 20060.0;
    const double acm = 20e3 / 20050.0 - 20e3 / 20060.0;
    checkClose(valuesOf(*r, voltage("adm")).at(0), adm);
    checkClose(valuesOf(*r, voltage("acm")).at(0), acm);
    checkClose(valuesOf(*r, voltage("adm", "acm")).at(0), adm - acm);
    auto cmrr = app::RecordedVector::locate(voltage("cmrr"), r->deck(), r->analysis());
    REQUIRE(std::holds_alternative<app::RecordedVector>(cmrr));
    CHECK(std::get<app::RecordedVector>(cmrr).realValued());
    CHECK_THAT(std::get<app::RecordedVector>(cmrr).values().at(0).real(), WithinRel(20.0 * std::log10(adm / acm), 1e-12));
    CHECK_THAT(reasonFor(*r, voltage("out")), Contains("is not a vector of the CMRR Analysis"));
    CHECK_THAT(reasonFor(*r, current("adm")), Contains("is not a vector of the CMRR Analysis"));
}
