#pragma once
#include "parser/ast/expression_ast.hpp"
#include "solver/support/diagnostic.hpp"
#include "solver/support/source_range.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cablespice::elab {

// Expressions parsed once for all the points of a run (one cache per worker thread of a .step
// or Monte Carlo run): every point elaborates the same cards, so each expression text is
// parsed at its first use and afterwards only evaluated. An entry is the text and where it
// starts, since the parse's node ranges (error positions) come from that place; the same text
// written at two places is kept twice. Only clean parses are kept: a text whose parse reports
// anything is parsed, and reported, at every use, as without the cache.
class ParsedExpressions {
public:
    // The parse of `text` starting at `start`: the kept one, else parsed now (diagnostics into
    // `sink`) and kept, or held in `own` when it reported something. Null when the text does not
    // parse. A kept parse stays valid while the cache lives.
    const expr::Expression* parse(std::string_view text, SourceLoc start, DiagnosticSink& sink,
                                  std::optional<expr::Expression>& own);
    // Texts parsed (not found kept) so far: for tests.
    std::size_t parses() const { return parses_; }

private:
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    struct Kept {
        SourceLoc start;
        std::unique_ptr<expr::Expression> expression;  // stable while later parses are added
    };
    std::unordered_map<std::string, std::vector<Kept>, TextHash, std::equal_to<>> byText_;
    std::size_t parses_ = 0;
};

// parseExpression through `cache` when there is one; `own` holds a parse that is not kept.
const expr::Expression* parseMaybeCached(std::string_view text, SourceLoc start, DiagnosticSink& sink,
                                         ParsedExpressions* cache, std::optional<expr::Expression>& own);

} // namespace cablespice::elab
