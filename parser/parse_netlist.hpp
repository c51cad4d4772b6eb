#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <cstdint>
#include <string>

namespace cablespice {

// Reads a top-level netlist: the first line is the title; cards follow. Include directives
// are resolved here and the included cards spliced in place of the directive:
//   .include FILE / .inc FILE   the whole file (no title line), path quoted or bare,
//                               relative to the including file's directory;
//   .lib FILE SECTION           only the cards between `.lib SECTION` and `.endl` in FILE.
// A `.lib SECTION` ... `.endl` block of a file being read is skipped; it is only used when
// referenced. Missing files, missing sections and include cycles are errors at the path or
// section token; a missing `.end` in the top-level file is a warning at its end. Every other
// card is left for elaboration. Diagnostics go to `sink`; the function does not throw.
ast::Netlist parseNetlist(SourceManager& sources, std::uint32_t file, DiagnosticSink& sink);

// Convenience: adds `text` as a buffer called `name` and parses it.
ast::Netlist parseNetlistText(SourceManager& sources, std::string name, std::string text, DiagnosticSink& sink);

} // namespace cablespice
