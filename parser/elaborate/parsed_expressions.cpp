#include "parser/elaborate/parsed_expressions.hpp"

#include "parser/grammar/expression_grammar.hpp"

#include <algorithm>

namespace cablespice::elab {

namespace {

bool samePlace(SourceLoc a, SourceLoc b) { return a.file == b.file && a.offset == b.offset; }

} // namespace

const expr::Expression* ParsedExpressions::parse(std::string_view text, SourceLoc start, DiagnosticSink& sink,
                                                 std::optional<expr::Expression>& own) {
    auto it = byText_.find(text);
    if (it != byText_.end()) {
        auto kept = std::find_if(it->second.begin(), it->second.end(), [&](const Kept& k) { return samePlace(k.start, start); });
        if (kept != it->second.end()) return kept->expression.get();
    }
    ++parses_;
    const std::size_t reported = sink.size();
    own = expr::parseExpression(text, start, sink);
    if (!own) return nullptr;
    if (sink.size() != reported) return &*own;  // not kept: the warning comes again at the next use
    auto expression = std::make_unique<expr::Expression>(std::move(*own));
    own.reset();
    const expr::Expression* result = expression.get();
    if (it == byText_.end()) it = byText_.emplace(std::string(text), std::vector<Kept>{}).first;
    it->second.push_back(Kept{start, std::move(expression)});
    return result;
}

const expr::Expression* parseMaybeCached(std::string_view text, SourceLoc start, DiagnosticSink& sink,
                                         ParsedExpressions* cache, std::optional<expr::Expression>& own) {
    if (cache) return cache->parse(text, start, sink, own);
    own = expr::parseExpression(text, start, sink);
    return own ? &*own : nullptr;
}

} // namespace cablespice::elab
