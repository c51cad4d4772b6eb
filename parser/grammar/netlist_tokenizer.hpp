#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <cstddef>
#include <cstdint>

namespace cablespice {

enum class TitleLine { Present, Absent };

// Splits one buffer into cards of tokens, each with its exact byte range in the original
// text. Lexical rules: the title line (top-level files only), '*' comment lines, ';' and
// '$ ' inline comments, '+' continuation lines (comment and blank lines may sit between a
// card and its continuation), `.end` ends the file, `.control` ... `.endc` is skipped with
// a warning. Every lexical error is reported and the scan goes on, up to
// kMaxErrorsPerFile errors per file; then a "too many errors" note ends the file.
// Include directives are left as cards: parse_netlist.cpp resolves them.
class NetlistTokenizer {
public:
    static constexpr std::size_t kMaxErrorsPerFile = 50;

    NetlistTokenizer(const SourceManager& sources, DiagnosticSink& sink);

    // Each `.control` ... `.endc` block is skipped with a warning naming the commands in it.
    ast::Netlist tokenize(std::uint32_t file, TitleLine titleLine);

private:
    const SourceManager& sources_;
    DiagnosticSink& sink_;
};

} // namespace cablespice
