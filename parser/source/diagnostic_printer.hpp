#pragma once
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace cablespice {

// Renders diagnostics in the LLVM SMDiagnostic style:
//
//   bad.cir:7:9: error: expected node name after 'R3'
//   R3 in
//           ^~~
//
// followed by every note rendered the same way and, for a location inside an included file,
// one "included from here" note per level of the include chain. A diagnostic without a
// position prints as "cablespice: error: message".
class DiagnosticPrinter {
public:
    explicit DiagnosticPrinter(const SourceManager& sources);

    std::string format(const Diagnostic& diagnostic) const;
    void print(std::ostream& out, const Diagnostic& diagnostic) const;

private:
    void appendMessage(std::string& out, Severity severity, SourceRange range, std::string_view message) const;
    void appendHeader(std::string& out, SourceLoc loc, std::string_view severity, std::string_view message) const;
    void appendExcerpt(std::string& out, SourceRange range) const;
    void appendIncludeChain(std::string& out, SourceRange range) const;
    bool isPrintable(SourceRange range) const;

    const SourceManager& sources_;
};

std::string_view severityName(Severity severity);

} // namespace cablespice
