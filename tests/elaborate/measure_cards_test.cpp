#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/param_cards.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>

using namespace cablespice;
using namespace cablespice::elab;

namespace {

// Reads the .param, .func and .meas cards of `text` (first line: title) into a deck.
struct ParsedMeasures {
    SourceManager sources;
    DiagnosticSink sink;
    Deck deck;

    std::string diagnostics() const {
        std::ostringstream out;
        for (const auto& d : sink.diagnostics()) {
            auto at = sources.lineCol(d.range.begin);
            out << at.line << ":" << at.column << ": " << d.message << "\n";
        }
        return out.str();
    }
    bool hasError(std::uint32_t line, std::uint32_t column, const std::string& message) const {
        for (const auto& d : sink.diagnostics()) {
            auto at = sources.lineCol(d.range.begin);
            if (d.severity == Severity::Error && at.line == line && at.column == column &&
                d.message.find(message) != std::string::npos)
                return true;
        }
        return false;
    }
};

// Strict by default (--strict): problems stay errors, as these tests check their positions;
// without it they are the same diagnostics as warnings.
std::unique_ptr<ParsedMeasures> parseMeasures(const std::string& text, bool strict = true) {
    auto parsed = std::make_unique<ParsedMeasures>();
    parsed->deck.circuit = std::make_unique<solver::Circuit>();
    auto netlist = parseNetlistText(parsed->sources, "meas.cir", text, parsed->sink);
    ElabContext context(parsed->deck, parsed->sink);
    context.setStrictOutputs(strict);
    for (const auto& card : netlist.cards) {
        std::string head = toLower(card.tokens.front().text);
        CardReader reader = context.reader(card);
        if (head == ".param") readParam(reader, context);
        else if (head == ".func") readFunction(reader, context);
        else if (head == ".meas" || head == ".measure") readMeasure(reader, context);
    }
    return parsed;
}

} // namespace

TEST_CASE("meas: every form parses into a MeasureSpec", "[meas]") {
    auto parsed = parseMeasures("t\n"
                                ".param vh=0.5 k=2\n"
                                ".meas ac acm FIND vdb(out)-vdb(in) AT=1k\n"
                                ".measure tran t50 WHEN v(out)=vh CROSS=2 TD=1u\n"
                                ".meas tran f1 FIND i(v1) WHEN v(a,b)='vh*k' RISE=LAST\n"
                                ".meas tran trise TRIG v(out) VAL=0.1 RISE=1 TARG v(out) VAL=0.9 FALL=3\n"
                                ".meas tran vrms RMS v(out) FROM=1m TO=2m\n"
                                ".meas dc vint INTEG v(out)\n"
                                ".meas tran both WHEN v(a)=v(b) LAST\n"
                                ".meas tran res PARAM='acm*k+t50'\n"
                                ".end\n");
    INFO(parsed->diagnostics());
    REQUIRE_FALSE(parsed->sink.hasErrors());
    const auto& m = parsed->deck.measures;
    REQUIRE(m.size() == 8);

    CHECK(m[0].name == "acm");
    CHECK(m[0].analysis == cablespice::elab::PrintAnalysis::Ac);
    CHECK(m[0].kind == MeasureKind::Find);
    REQUIRE(m[0].at);
    CHECK(*m[0].at == 1000.0);
    REQUIRE(m[0].target);
    REQUIRE(m[0].target->vectors.size() == 2);
    CHECK(m[0].target->vectors[0].text == "vdb(out)");
    CHECK(m[0].target->vectors[0].part == OutputPart::Decibel);
    CHECK(m[0].target->vectors[1].first == "in");

    CHECK(m[1].kind == MeasureKind::When);
    REQUIRE(m[1].when);
    CHECK(m[1].when->edge == MeasureEdge::Cross);
    CHECK(m[1].when->count == 2);
    CHECK(m[1].when->td == Approx(1e-6));
    CHECK(m[1].params.at("vh") == 0.5);

    REQUIRE(m[2].when);
    CHECK(m[2].when->edge == MeasureEdge::Rise);
    CHECK(m[2].when->last);
    CHECK(m[2].when->lhs->vectors[0].second == "b");
    CHECK(m[2].target->vectors[0].quantity == OutputQuantity::Current);
    CHECK(m[2].params.at("k") == 2.0);

    CHECK(m[3].kind == MeasureKind::TrigTarg);
    REQUIRE(m[3].trig);
    REQUIRE(m[3].targ);
    CHECK(m[3].trig->edge == MeasureEdge::Rise);
    CHECK(m[3].targ->edge == MeasureEdge::Fall);
    CHECK(m[3].targ->count == 3);

    CHECK(m[4].kind == MeasureKind::Rms);
    CHECK(*m[4].from == Approx(1e-3));
    CHECK(*m[4].to == Approx(2e-3));

    CHECK(m[5].kind == MeasureKind::Integ);
    CHECK(m[6].when->last);
    CHECK(m[6].when->rhs->vectors.size() == 1);

    CHECK(m[7].kind == MeasureKind::Param);
    CHECK(m[7].target->constant());
    CHECK(m[7].params.count("acm") == 0);  // an earlier measurement, not a .param
}

TEST_CASE("meas: parse errors are reported at exact positions", "[meas]") {
    SECTION("unknown analysis") {
        auto parsed = parseMeasures("t\n.meas foo x FIND v(a) AT=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 7, "unknown .meas analysis 'foo': expected dc, ac, tran, cmrr or noise"));
        CHECK(parsed->deck.measures.empty());
    }
    SECTION("FIND without AT or WHEN") {
        auto parsed = parseMeasures("t\n.meas tran x FIND v(a)\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 23, "expected 'AT=value' or 'WHEN' after ')'"));
    }
    SECTION("missing measurement kind") {
        auto parsed = parseMeasures("t\n.meas tran x v(a) AT=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 14, "expected FIND, WHEN, TRIG, MAX, MIN, PP, AVG, RMS, INTEG, THD, THD_DB or PARAM after 'x'"));
    }
    SECTION("unknown option") {
        auto parsed = parseMeasures("t\n.meas tran x MAX v(a) FRM=1m\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 23, "unknown .meas option 'FRM'"));
    }
    SECTION("option not allowed in this form") {
        auto parsed = parseMeasures("t\n.meas tran x MAX v(a) TD=1m\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 23, "'TD=' is not allowed here"));
    }
    SECTION("bad crossing count") {
        auto parsed = parseMeasures("t\n.meas tran x WHEN v(a)=1 CROSS=0\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 32, "crossing count must be a positive whole number or LAST, not '0'"));
    }
    SECTION("unknown name in an expression") {
        auto parsed = parseMeasures("t\n.meas ac x FIND vdb(out)-q AT=1k\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 26, "unknown name 'q' in .meas expression"));
    }
    SECTION("positions stay exact across continuation lines") {
        auto parsed = parseMeasures("t\n.meas tran x FIND v(out)\n+   * q AT=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(3, 7, "unknown name 'q'"));
    }
    SECTION("v() with three nodes") {
        auto parsed = parseMeasures("t\n.meas tran x FIND v(a,b,c) AT=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 19, "v() takes a node or two nodes"));
    }
    SECTION("i() with two names") {
        auto parsed = parseMeasures("t\n.meas tran x MAX i(v1,v2)\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 18, "i() takes one element name"));
    }
    SECTION("TRIG without VAL") {
        auto parsed = parseMeasures("t\n.meas tran x TRIG v(a) TARG v(b) VAL=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 24, "expected 'VAL=' value after ')'"));
    }
    SECTION("TRIG without TARG") {
        auto parsed = parseMeasures("t\n.meas tran x TRIG v(a) VAL=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 29, "expected 'TARG' after '1'"));
    }
    SECTION("WHEN without '='") {
        auto parsed = parseMeasures("t\n.meas tran x WHEN v(a)\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 23, "expected '=' and a value after ')'"));
    }
    SECTION("expression syntax error") {
        auto parsed = parseMeasures("t\n.meas tran x FIND v(a)* AT=1\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 24, "expected operand"));
    }
    SECTION("duplicate measurement name") {
        auto parsed = parseMeasures("t\n.meas tran x MAX v(a)\n.meas tran X MIN v(a)\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(3, 12, "duplicate measurement name 'x'"));
        CHECK(parsed->deck.measures.size() == 1);
    }
    SECTION("trailing garbage") {
        auto parsed = parseMeasures("t\n.meas tran x WHEN v(a)=1 LAST extra\n");
        INFO(parsed->diagnostics());
        CHECK(parsed->hasError(2, 31, "unexpected 'extra'"));
    }
}

TEST_CASE("meas: without --strict a measurement that cannot be read is left out with a warning", "[meas]") {
    auto parsed = parseMeasures("t\n.meas foo x FIND v(a) AT=1\n.meas ac y FIND v(a) AT=1\n.end\n", false);
    INFO(parsed->diagnostics());
    CHECK_FALSE(parsed->sink.hasErrors());
    REQUIRE(parsed->sink.diagnostics().size() == 1);
    const auto& warning = parsed->sink.diagnostics().front();
    CHECK(warning.severity == Severity::Warning);
    CHECK(warning.message ==
          "unknown .meas analysis 'foo': expected dc, ac, tran, cmrr or noise; measurement left out");
    REQUIRE(parsed->deck.measures.size() == 1);
    CHECK(parsed->deck.measures[0].name == "y");
}

TEST_CASE("meas: a node name that starts with a digit is a name inside v()", "[meas]") {
    // `1b` is not a SPICE number (b is no scale or unit), so v(1b) names node 1b; v(1k) stays
    // the number 1000 as an argument, which v() then reads as the node named 1k.
    auto parsed = parseMeasures("t\n.meas ac x FIND vdb(1b) AT=1\n.meas ac y FIND v(2b,1k) AT=1\n.end\n");
    INFO(parsed->diagnostics());
    CHECK(parsed->sink.diagnostics().empty());
    REQUIRE(parsed->deck.measures.size() == 2);
    CHECK(parsed->deck.measures[0].target->vectors[0].text == "vdb(1b)");
    CHECK(parsed->deck.measures[1].target->vectors[0].first == "2b");
    CHECK(parsed->deck.measures[1].target->vectors[0].second == "1k");
}

TEST_CASE(".meas noise: INTEG takes WEIGHT=, FIND of a total reads the Integrated Noise plot, V(onoise) is the spectrum",
          "[elab][meas][noise]") {
    auto parsed = parseMeasures("t\n.meas noise a INTEG onoise_spectrum FROM=20 TO=20k WEIGHT=A\n"
                                ".meas noise b INTEG V(inoise) weight=none\n"
                                ".meas noise c FIND onoise_total_r1\n"
                                ".meas noise d FIND vdb(onoise) AT=1k\n"
                                ".meas noise e PARAM {20*log10(a/0.7746)}\n.end\n");
    INFO(parsed->diagnostics());
    REQUIRE(parsed->sink.diagnostics().empty());
    const auto& m = parsed->deck.measures;
    REQUIRE(m.size() == 5);
    CHECK(m[0].kind == MeasureKind::Integ);
    CHECK(m[0].weighting == solver::NoiseWeighting::A);
    CHECK(*m[0].from == 20.0);
    CHECK(*m[0].to == 20e3);
    CHECK_FALSE(m[0].integratedNoise);
    CHECK(m[1].weighting == solver::NoiseWeighting::None);
    REQUIRE(m[1].target->vectors.size() == 1);
    CHECK(m[1].target->vectors[0].first == "inoise_spectrum");
    CHECK(m[1].target->vectors[0].text == "v(inoise)");
    CHECK(m[2].kind == MeasureKind::Find);
    CHECK(m[2].integratedNoise);
    CHECK_FALSE(m[2].at);
    CHECK(m[3].target->vectors[0].first == "onoise_spectrum");
    CHECK(m[3].target->vectors[0].part == OutputPart::Decibel);
    CHECK(m[4].kind == MeasureKind::Param);
}

TEST_CASE(".meas: FROM after TO is an error at TO for every analysis", "[elab][meas]") {
    auto parsed = parseMeasures("t\n.meas tran a AVG v(out) FROM=2m TO=1m\n.end\n");
    INFO(parsed->diagnostics());
    CHECK(parsed->hasError(2, 33, "FROM=0.002 is after TO=0.001"));
    CHECK(parsed->deck.measures.empty());
}
