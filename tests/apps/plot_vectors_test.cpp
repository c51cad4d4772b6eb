// --plot-vectors lists: commas inside parentheses belong to the item.
#include "apps/cablespice/plot_vectors.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

using namespace cablespice;

TEST_CASE("plot: --plot-vectors parses two-node voltages and currents and dB and bare names", "[app][plot]") {
    auto parsed = app::parsePlotVectors("vdb(OUT), v(a,b),i(V1),cmrr");
    REQUIRE(std::holds_alternative<std::vector<elab::OutputVector>>(parsed));
    const auto& vectors = std::get<std::vector<elab::OutputVector>>(parsed);
    REQUIRE(vectors.size() == 4);
    CHECK(vectors[0].text == "vdb(out)");
    CHECK(vectors[0].part == elab::OutputPart::Decibel);
    CHECK(vectors[1].first == "a");
    CHECK(vectors[1].second == "b");
    CHECK(vectors[2].quantity == elab::OutputQuantity::Current);
    CHECK(vectors[2].first == "v1");
    CHECK(vectors[3].text == "cmrr");
}

TEST_CASE("plot: --plot-vectors takes db, mag, ph, real, imag around a vector as .print does", "[app][plot]") {
    auto parsed = app::parsePlotVectors("db(v(A,b)), ph(i(v1)), mag(cmrr), real(vm(out))");
    REQUIRE(std::holds_alternative<std::string>(parsed));  // real() of a part is not a vector
    CHECK(std::get<std::string>(parsed).find("real() takes a vector") != std::string::npos);
    parsed = app::parsePlotVectors("db(v(A,b)), ph(i(v1)), Mag(cmrr), imag(out)");
    REQUIRE(std::holds_alternative<std::vector<elab::OutputVector>>(parsed));
    const auto& vectors = std::get<std::vector<elab::OutputVector>>(parsed);
    REQUIRE(vectors.size() == 4);
    CHECK((vectors[0].text == "db(v(a,b))" && vectors[0].part == elab::OutputPart::Decibel));
    CHECK((vectors[0].first == "a" && vectors[0].second == "b"));
    CHECK((vectors[1].quantity == elab::OutputQuantity::Current && vectors[1].part == elab::OutputPart::Phase));
    CHECK((vectors[2].text == "mag(cmrr)" && vectors[2].part == elab::OutputPart::Magnitude));
    CHECK((vectors[3].first == "out" && vectors[3].part == elab::OutputPart::Imaginary));
}

TEST_CASE("plot: --plot-vectors rejects what is not a vector, quoting the item", "[app][plot]") {
    const std::pair<const char*, const char*> cases[] = {
        {"", "--plot-vectors: no vector given"},
        {"vdb(out", "--plot-vectors: 'vdb(out': unmatched '('"},
        {"v(a), foo(out)", "--plot-vectors: 'foo(out)': expected an output vector such as v(node)"},
        {"i(a,b)", "--plot-vectors: 'i(a,b)': expected ')' after 'a'"},
        {"v(a b)", "--plot-vectors: 'v(a b)': expected ')' after 'a'"},
        {"db(v(out)", "--plot-vectors: 'db(v(out)': unmatched '('"},
        {"db()", "--plot-vectors: 'db()': expected an output vector such as v(node)"},
        {"db(v(*))", "--plot-vectors: 'db(v(*))': db() takes a vector such as v(out) or cmrr, not 'v(*)'"},
        {"{vdb(out)-3}", "--plot-vectors: '{vdb(out)-3}': a {expression} item needs the netlist's .params"},
    };
    for (const auto& [bad, message] : cases) {
        INFO(bad);
        auto parsed = app::parsePlotVectors(bad);
        REQUIRE(std::holds_alternative<std::string>(parsed));
        CHECK_THAT(std::get<std::string>(parsed), Catch::Matchers::StartsWith(message));
    }
    // Items are separated as on a .print card: by commas, blanks or both (an empty one is no item).
    auto parsed = app::parsePlotVectors("vdb(out),,v(a) i(v1)");
    REQUIRE(std::holds_alternative<std::vector<elab::OutputVector>>(parsed));
    CHECK(std::get<std::vector<elab::OutputVector>>(parsed).size() == 3);
}

TEST_CASE("plot: --plot-vectors accepts a call exactly when a .print card does, with the same reading", "[app][plot]") {
    // Every item whose head is a function: .print reads it or leaves it out with a warning.
    const char* items[] = {"vdb(b)",       "v(a,b)",      "i(v1)",       "vm(*)",      "db(v(a,b))",  "ph(i(v1))",
                           "mag(vr(b))",   "vdb(v(a,b))", "real(vm(b))", "i(a,b)",     "foo(b)",      "db()",
                           "db(v(b)",      "v(a b)",      "p(r1)",       "imag(i(*))", "phase(v(b))", "vi(a,0)"};
    for (const char* item : items) {
        INFO(item);
        SourceManager sources;
        DiagnosticSink sink;
        const std::string deck = std::string("probe\nV1 a 0 AC 1\nR1 a b 1k\nC1 b 0 1u\n.ac lin 1 1k 1k\n.print ac ") +
                                 item + "\n.end\n";
        auto netlist = parseNetlistText(sources, "probe.cir", deck, sink);
        elab::Deck elaborated;
        try {
            elaborated = elab::elaborate(netlist, sink);
        } catch (const SourceError&) {  // a lexical error (an unmatched parenthesis) stops the netlist
        }
        const bool printed = !elaborated.prints.empty();
        auto parsed = app::parsePlotVectors(item);
        CHECK(std::holds_alternative<std::vector<elab::OutputVector>>(parsed) == printed);
        if (!printed || std::string(item).find('*') != std::string::npos) continue;
        const auto& vector = std::get<std::vector<elab::OutputVector>>(parsed).front();
        const auto& card = elaborated.prints.front().items.front();
        CHECK(vector.text == card.text);
        CHECK(vector.part == card.part);
        CHECK(vector.quantity == card.quantity);
        CHECK(vector.first == card.first);
        CHECK(vector.second == card.second);
    }
}
