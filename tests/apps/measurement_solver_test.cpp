#include "apps/engine/measurement.hpp"
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/parse_netlist.hpp"
#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/analysis/transient.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <variant>

using namespace cablespice;

namespace {

// Elaborates `circuit` (no .meas cards), reads `measures` into the deck with readMeasure and
// runs the deck's .ac/.tran analyses through the solver into RecordedAnalysis objects.
std::vector<app::MeasureResult> runMeasured(const std::string& circuit, const std::string& measures) {
    SourceManager sources;
    DiagnosticSink sink;
    auto netlist = parseNetlistText(sources, "rc.cir", circuit, sink);
    elab::Deck deck = elab::elaborate(netlist, sink);
    auto cards = parseNetlistText(sources, "meas.cir", "t\n" + measures + ".end\n", sink);
    elab::ElabContext context(deck, sink);
    for (const auto& card : cards.cards) {
        elab::CardReader reader = context.reader(card);
        elab::readMeasure(reader, context);
    }
    REQUIRE_FALSE(sink.hasErrors());

    std::vector<app::RecordedAnalysis> recorded;
    app::RecordingObserver observer(recorded);
    for (const auto& analysis : deck.analyses) {
        if (const auto* ac = std::get_if<solver::AcSpec>(&analysis.kind)) {
            auto op = solver::solveOperatingPoint(*deck.circuit);
            REQUIRE(op);
            REQUIRE(solver::runAc(*deck.circuit, op.value(), *ac, observer));
        } else if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) {
            solver::TransientOptions options;
            options.method = deck.options.method;
            options.tol = deck.options.tolerances;
            options.maxOrder = deck.options.maxOrder;
            REQUIRE(solver::runTransient(*deck.circuit, *tran, options, deck.initialConditions, observer));
        }
    }
    return app::evaluateMeasures(deck, recorded);
}

double value(const std::vector<app::MeasureResult>& results, const std::string& name) {
    for (const auto& r : results)
        if (r.name == name) {
            INFO(name << ": " << r.failureReason);
            REQUIRE(r.value);
            return *r.value;
        }
    FAIL("no result " << name);
    return 0;
}

} // namespace

TEST_CASE("meas: measurements over solver results of an RC low-pass", "[meas]") {
    const double rc = 1e3 * 1e-6 / (2 * std::numbers::pi);  // fc = 1 kHz
    auto results = runMeasured("rc\n"
                               "V1 in 0 PULSE(0 1 0 1n 1n 1 2) AC 1\n"
                               "R1 in out 1k\n"
                               "C1 out 0 {1u/(2*pi)}\n"
                               ".ac dec 10 10 100k\n"
                               ".tran 1u 2m 0 1u\n"
                               ".end\n",
                               ".meas ac db FIND vdb(out) AT=1k\n"
                               ".meas ac gain FIND vdb(out)-vdb(in) AT=1k\n"
                               ".meas tran t50 WHEN v(out)=0.5\n"
                               ".meas tran trise TRIG v(out) VAL=0.1 RISE=1 TARG v(out) VAL=0.9 RISE=1\n"
                               ".meas tran imax MAX i(v1)\n");
    CHECK(value(results, "db") == Approx(-3.0103).margin(1e-3));
    CHECK(value(results, "gain") == Approx(-3.0103).margin(1e-3));
    CHECK(value(results, "t50") == Approx(rc * std::log(2.0)).epsilon(2e-3));
    CHECK(value(results, "trise") == Approx(rc * std::log(9.0)).epsilon(2e-3));
    CHECK(value(results, "imax") == Approx(0.0).margin(1e-6));  // i(v1) flows out of the source: negative
}
