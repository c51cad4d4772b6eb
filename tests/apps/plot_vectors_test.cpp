// --plot-vectors lists: commas inside parentheses belong to the item.
#include "apps/cablespice/plot_vectors.hpp"

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

TEST_CASE("plot: --plot-vectors rejects what is not a vector", "[app][plot]") {
    for (const char* bad : {"", "vdb(out", "foo(out)", "i(a,b)", "vdb(out),,v(a)", "v(a b)", "db(v(out)", "db()"}) {
        INFO(bad);
        auto parsed = app::parsePlotVectors(bad);
        REQUIRE(std::holds_alternative<std::string>(parsed));
        CHECK(std::get<std::string>(parsed).starts_with("--plot-vectors: "));
    }
}
