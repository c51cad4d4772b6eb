#include "apps/engine/measurement.hpp"
#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/param_cards.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <sstream>

using namespace cablespice;
using cablespice::app::MeasureResult;
using cablespice::app::RecordedAnalysis;

namespace {

// A deck holding the .meas cards of `text` and a circuit with nodes in, out, a, b, c and a
// branch current for v1 (unknowns 1..6), for hand-made RecordedAnalysis data.
struct MeasureDeck {
    SourceManager sources;
    DiagnosticSink sink;
    elab::Deck deck;
};

std::unique_ptr<MeasureDeck> measureDeck(const std::string& cards) {
    auto result = std::make_unique<MeasureDeck>();
    result->deck.circuit = std::make_unique<solver::Circuit>();
    auto& nodes = result->deck.circuit->nodes();
    for (const char* name : {"in", "out", "a", "b", "c"}) nodes.node(name);
    nodes.addBranch("v1");
    auto netlist = parseNetlistText(result->sources, "meas.cir", "t\n" + cards + ".end\n", result->sink);
    elab::ElabContext context(result->deck, result->sink);
    for (const auto& card : netlist.cards) {
        std::string head = elab::toLower(card.tokens.front().text);
        elab::CardReader reader = context.reader(card);
        if (head == ".param") elab::readParam(reader, context);
        else if (head == ".meas" || head == ".measure") elab::readMeasure(reader, context);
    }
    return result;
}

// evaluateMeasures on hand-made results: the deck's one analysis card is the one that recorded them.
std::vector<app::MeasureResult> evaluate(MeasureDeck& m, solver::AnalysisSpec card, RecordedAnalysis recorded) {
    m.deck.analyses = {std::move(card)};
    return app::evaluateMeasures(m.deck, {std::move(recorded)});
}

constexpr std::size_t kWidth = 7;  // ground, in, out, a, b, c, i(v1)
constexpr double kR = 1e3;
constexpr double kRC = 1e-3;

// v(in) = 1 step into an RC low-pass: v(out) = 1 - exp(-t/RC), i(v1) = -(1 - v(out))/R.
RecordedAnalysis rcStep() {
    RecordedAnalysis analysis{{"Transient Analysis", "time", solver::VectorType::Time, false}, kWidth, {}, {}, {}, true, {}, {}, 0};
    const int n = 20000;
    for (int k = 0; k <= n; ++k) {
        double t = 5 * kRC * k / n;
        double out = 1 - std::exp(-t / kRC);
        analysis.scale.push_back(t);
        double row[kWidth] = {0, 1, out, 0, 0, 0, -(1 - out) / kR};
        analysis.real.insert(analysis.real.end(), row, row + kWidth);
    }
    return analysis;
}

// Two periods of 1 kHz: v(a) = 1 + 2 sin, v(b) = 3 sin, v(c) = 3, i(v1) = -v(b)/R.
RecordedAnalysis sines() {
    RecordedAnalysis analysis{{"Transient Analysis", "time", solver::VectorType::Time, false}, kWidth, {}, {}, {}, true, {}, {}, 0};
    const int perPeriod = 400;
    for (int k = 0; k <= 2 * perPeriod; ++k) {
        double t = 1e-3 * k / perPeriod;
        double s = std::sin(2 * std::numbers::pi * 1e3 * t);
        analysis.scale.push_back(t);
        double row[kWidth] = {0, 0, 0, 1 + 2 * s, 3 * s, 3, -3 * s / kR};
        analysis.real.insert(analysis.real.end(), row, row + kWidth);
    }
    return analysis;
}

// RC low-pass, fc = 1 kHz, 10 points per decade from 10 Hz to 100 kHz (1 kHz is a point).
RecordedAnalysis rcAc() {
    RecordedAnalysis analysis{{"AC Analysis", "frequency", solver::VectorType::Frequency, true}, kWidth, {}, {}, {}, true, {}, {}, 0};
    for (int k = 0; k <= 40; ++k) {
        double f = std::pow(10.0, 1 + k / 10.0);
        std::complex<double> out = 1.0 / std::complex<double>(1.0, f / 1e3);
        analysis.scale.push_back(f);
        std::complex<double> row[kWidth] = {0, 1, out, 0, 0, 0, -(1.0 - out) / kR};
        analysis.complex.insert(analysis.complex.end(), row, row + kWidth);
    }
    return analysis;
}

const MeasureResult& result(const std::vector<MeasureResult>& results, const std::string& name) {
    for (const auto& r : results)
        if (r.name == name) return r;
    throw std::runtime_error("no result " + name);
}

double value(const std::vector<MeasureResult>& results, const std::string& name) {
    const auto& r = result(results, name);
    INFO(name << ": " << r.failureReason);
    REQUIRE(r.value);
    return *r.value;
}

} // namespace

TEST_CASE("meas: FIND AT on an RC low-pass AC sweep", "[meas]") {
    auto m = measureDeck(".meas ac db FIND vdb(out) AT=1k\n"
                         ".meas ac gain FIND vdb(out)-vdb(in) AT=1k\n"
                         ".meas ac ph FIND vp(out) AT=1k\n"
                         ".meas ac mag FIND v(out) AT=1k\n"
                         ".meas ac re FIND vr(out) AT=1k\n"
                         ".meas ac im FIND vi(out) AT=1k\n"
                         ".meas ac f3db WHEN vdb(out)=-3.0103\n"
                         ".meas ac far FIND vdb(out) AT=1meg\n"
                         ".meas dc nodc FIND v(out) AT=1\n");
    REQUIRE_FALSE(m->sink.hasErrors());
    auto results = evaluate(*m, {solver::AcSpec{}, {}}, rcAc());
    CHECK(value(results, "db") == Approx(-3.0102999566));
    CHECK(value(results, "gain") == Approx(-3.0102999566));
    CHECK(value(results, "ph") == Approx(-45.0));
    CHECK(value(results, "mag") == Approx(std::sqrt(0.5)));
    CHECK(value(results, "re") == Approx(0.5));
    CHECK(value(results, "im") == Approx(-0.5));
    CHECK(value(results, "f3db") == Approx(1000.0).epsilon(1e-4));
    CHECK_FALSE(result(results, "far").value);
    CHECK(result(results, "far").failureReason == "1e+06 is outside the analysis range [10, 100000]");
    CHECK(result(results, "nodc").failureReason == "no .dc analysis results to measure");
}

TEST_CASE("meas: WHEN, FIND WHEN and TRIG/TARG on an RC step", "[meas]") {
    auto m = measureDeck(".param half=0.5\n"
                         ".meas tran t50 WHEN v(out)=half\n"
                         ".meas tran t50b WHEN v(out)=v(in)/2 RISE=1\n"
                         ".meas tran trise TRIG v(out) VAL=0.1 RISE=1 TARG v(out) VAL=0.9 RISE=1\n"
                         ".meas tran ttd TRIG AT=1m TARG v(out) VAL=0.9\n"
                         ".meas tran vrc FIND v(out) AT=1m\n"
                         ".meas tran i50 FIND i(v1) WHEN v(out)=0.5\n"
                         ".meas tran late WHEN v(out)=0.5 TD=2m\n"
                         ".meas tran ratio PARAM='trise/t50'\n");
    INFO(m->sink.diagnostics().size());
    REQUIRE_FALSE(m->sink.hasErrors());
    auto results = evaluate(*m, {solver::TranSpec{}, {}}, rcStep());
    CHECK(value(results, "t50") == Approx(kRC * std::log(2.0)).epsilon(1e-6));
    CHECK(value(results, "t50b") == Approx(kRC * std::log(2.0)).epsilon(1e-6));
    CHECK(value(results, "trise") == Approx(kRC * std::log(9.0)).epsilon(1e-6));
    CHECK(value(results, "ttd") == Approx(kRC * std::log(10.0) - 1e-3).epsilon(1e-5));
    CHECK(value(results, "vrc") == Approx(1 - std::exp(-1.0)).epsilon(1e-6));
    CHECK(value(results, "i50") == Approx(-0.5 / kR).epsilon(1e-6));
    CHECK(value(results, "ratio") == Approx(std::log(9.0) / std::log(2.0)).epsilon(1e-6));
    CHECK_FALSE(result(results, "late").value);
    CHECK(result(results, "late").failureReason == "condition v(out)=0.5 is never met (no crossings)");
}

TEST_CASE("meas: MAX MIN PP AVG RMS INTEG of sines over whole periods", "[meas]") {
    auto m = measureDeck(".meas tran vmax MAX v(a)\n"
                         ".meas tran vmin MIN v(a)\n"
                         ".meas tran vpp PP v(a)\n"
                         ".meas tran vavg AVG v(a)\n"
                         ".meas tran vavg1 AVG v(a) FROM=0.5m TO=1.5m\n"
                         ".meas tran vrms RMS v(b)\n"
                         ".meas tran irms RMS i(v1) FROM=0 TO=1m\n"
                         ".meas tran q INTEG v(c) FROM=0.5m TO=1.5m\n"
                         ".meas tran qall INTEGRAL v(c)\n"
                         ".meas tran diff PARAM='vmax-vmin'\n"
                         ".meas tran c2 WHEN v(b)=1.5 CROSS=2\n"
                         ".meas tran f2 WHEN v(b)=1.5 FALL=2\n"
                         ".meas tran rl WHEN v(b)=1.5 RISE=LAST\n");
    REQUIRE_FALSE(m->sink.hasErrors());
    auto results = evaluate(*m, {solver::TranSpec{}, {}}, sines());
    CHECK(value(results, "vmax") == Approx(3.0));
    CHECK(value(results, "vmin") == Approx(-1.0));
    CHECK(value(results, "vpp") == Approx(4.0));
    CHECK(value(results, "vavg") == Approx(1.0));
    CHECK(value(results, "vavg1") == Approx(1.0));
    CHECK(value(results, "vrms") == Approx(3.0 / std::sqrt(2.0)));
    CHECK(value(results, "irms") == Approx(3.0 / kR / std::sqrt(2.0)));
    CHECK(value(results, "q") == Approx(3e-3));
    CHECK(value(results, "qall") == Approx(6e-3));
    CHECK(value(results, "diff") == Approx(4.0));
    // 3 sin(wt) = 1.5: rises at 1/12 and 13/12 ms, falls at 5/12 and 17/12 ms.
    CHECK(value(results, "c2") == Approx(5e-3 / 12).epsilon(1e-4));
    CHECK(value(results, "f2") == Approx(17e-3 / 12).epsilon(1e-4));
    CHECK(value(results, "rl") == Approx(13e-3 / 12).epsilon(1e-4));
}

TEST_CASE("meas: failures carry reasons and are printed as failed", "[meas]") {
    auto m = measureDeck(".meas tran t50 WHEN v(out)=0.5\n"
                         ".meas tran never WHEN v(out)=2\n"
                         ".meas tran nonode FIND v(nope) AT=1m\n"
                         ".meas tran noelem MAX i(vx)\n"
                         ".meas tran third WHEN v(out)=0.5 CROSS=3\n"
                         ".meas tran dep PARAM='never*2'\n"
                         ".meas tran ok PARAM='t50*1000'\n");
    REQUIRE_FALSE(m->sink.hasErrors());
    auto results = evaluate(*m, {solver::TranSpec{}, {}}, rcStep());
    REQUIRE(results.size() == 7);
    CHECK(result(results, "never").failureReason == "condition v(out)=2 is never met (no crossings)");
    CHECK(result(results, "nonode").failureReason == "no node named 'nope' for v(nope)");
    CHECK(result(results, "noelem").failureReason == "no element named 'vx' for i(vx)");
    CHECK(result(results, "third").failureReason == "condition v(out)=0.5: only 1 crossing, CROSS=3 requested");
    CHECK(result(results, "dep").failureReason == "it uses measurement 'never', which failed");

    std::ostringstream out;
    app::printMeasures(results, "", out);
    std::string text = out.str();
    CHECK(text.find("t50 = 0.000693147") == 0);
    CHECK(text.find("\nnever = failed: condition v(out)=2 is never met (no crossings)\n") != std::string::npos);
    CHECK(text.find("\nok = 0.693147") != std::string::npos);

    std::ostringstream stepped;
    app::printMeasures({results[0], results[1]}, "dr=10", stepped);
    CHECK(stepped.str().find(" dr=10\nnever = failed dr=10: condition v(out)=2") != std::string::npos);
}

TEST_CASE("meas: printMeasures uses 9 significant digits and the step suffix", "[meas]") {
    std::vector<MeasureResult> results{{"acm", -66.068312345678, {}, {}}, {"bad", std::nullopt, "why", {}}};
    std::ostringstream out;
    app::printMeasures(results, "dr=10", out);
    CHECK(out.str() == "acm = -66.0683123 dr=10\nbad = failed dr=10: why\n");
}
