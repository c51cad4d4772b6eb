// The per-run cache of parsed expressions (elab::ParsedExpressions): a text is parsed once per
// place it is written, a parse keeps the positions of that place (its error ranges), and a text
// that does not parse cleanly is never kept, so it is reported at every use.
#include "parser/elaborate/parsed_expressions.hpp"

#include "parser/grammar/expression_evaluator.hpp"

#include <catch2/catch.hpp>

#include <optional>

using namespace cablespice;

namespace {

struct NoNames final : expr::Scope {
    std::optional<double> value(std::string_view) const override { return std::nullopt; }
    const expr::UserFunction* function(std::string_view) const override { return nullptr; }
};

} // namespace

TEST_CASE("A parsed expression is kept per text and place", "[elaborate][expressions]") {
    elab::ParsedExpressions cache;
    DiagnosticSink sink;
    std::optional<expr::Expression> own;
    const SourceLoc here{1, 10}, there{1, 50};
    const auto* first = cache.parse("2*(3+4)", here, sink, own);
    REQUIRE(first);
    CHECK_FALSE(own);
    CHECK(cache.parse("2*(3+4)", here, sink, own) == first);  // kept: not parsed again
    CHECK(cache.parses() == 1);
    const auto* elsewhere = cache.parse("2*(3+4)", there, sink, own);  // the same text at another place
    REQUIRE(elsewhere);
    CHECK(elsewhere != first);
    CHECK(cache.parses() == 2);
    CHECK(first->range().begin.offset == here.offset);
    CHECK(elsewhere->range().begin.offset == there.offset);
    NoNames scope;
    CHECK(std::get<double>(expr::evaluate(*first, scope)) == 14.0);
    CHECK(sink.size() == 0);
}

TEST_CASE("A text that fails to parse is reported at every use", "[elaborate][expressions]") {
    elab::ParsedExpressions cache;
    DiagnosticSink sink;
    std::optional<expr::Expression> own;
    CHECK(cache.parse("2*(3+", SourceLoc{1, 0}, sink, own) == nullptr);
    const auto reported = sink.size();
    CHECK(reported > 0);
    CHECK(cache.parse("2*(3+", SourceLoc{1, 0}, sink, own) == nullptr);
    CHECK(sink.size() == 2 * reported);
    CHECK(cache.parses() == 2);
}
