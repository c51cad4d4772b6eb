#pragma once
#include "parser/grammar/netlist_tokenizer.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <string>
#include <vector>

// Small helpers shared by the parser tests.
namespace cablespice::test {

// "line:col" of a location, e.g. "3:7".
inline std::string lineColOf(const SourceManager& sources, SourceLoc loc) {
    SourceManager::LineCol position = sources.lineCol(loc);
    return std::to_string(position.line) + ":" + std::to_string(position.column);
}

// The exact source bytes a range covers.
inline std::string spelling(const SourceManager& sources, SourceRange range) {
    return std::string(sources.text(range.begin.file).substr(range.begin.offset, range.length));
}

inline std::vector<std::string> tokenTexts(const ast::Card& card) {
    std::vector<std::string> texts;
    for (const ast::Token& token : card.tokens) texts.push_back(token.text);
    return texts;
}

// Messages of all diagnostics, each prefixed with its position: "2:5: unmatched '('".
inline std::vector<std::string> messagesWithPositions(const SourceManager& sources, const DiagnosticSink& sink) {
    std::vector<std::string> out;
    for (const Diagnostic& d : sink.diagnostics())
        out.push_back((d.range.valid() ? lineColOf(sources, d.range.begin) + ": " : std::string()) + d.message);
    return out;
}

// Tokenizes `text` as a top-level buffer named "test.cir".
struct TokenizeFixture {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;

    explicit TokenizeFixture(std::string text, TitleLine title = TitleLine::Present) {
        std::uint32_t file = sources.addBuffer("test.cir", std::move(text));
        netlist = NetlistTokenizer(sources, sink).tokenize(file, title);
    }

    std::string at(SourceRange range) const { return lineColOf(sources, range.begin); }
    std::string at(const ast::Token& token) const { return at(token.range); }
    std::vector<std::string> messages() const { return messagesWithPositions(sources, sink); }
};

} // namespace cablespice::test
