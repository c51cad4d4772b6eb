#include "parser/source/diagnostic_printer.hpp"

#include "parser/source/source_excerpt.hpp"

#include <ostream>

namespace cablespice {

namespace {
constexpr std::string_view kProgramName = "cablespice";
}

std::string_view severityName(Severity severity) {
    switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "error";
}

DiagnosticPrinter::DiagnosticPrinter(const SourceManager& sources) : sources_(sources) {}

std::string DiagnosticPrinter::format(const Diagnostic& diagnostic) const {
    std::string out;
    appendMessage(out, diagnostic.severity, diagnostic.range, diagnostic.message);
    for (const DiagnosticNote& note : diagnostic.notes) appendMessage(out, Severity::Note, note.range, note.message);
    appendIncludeChain(out, diagnostic.range);
    return out;
}

void DiagnosticPrinter::print(std::ostream& out, const Diagnostic& diagnostic) const { out << format(diagnostic); }

bool DiagnosticPrinter::isPrintable(SourceRange range) const {
    return range.valid() && sources_.isValid(range.begin.file);
}

void DiagnosticPrinter::appendMessage(std::string& out, Severity severity, SourceRange range,
                                      std::string_view message) const {
    if (!isPrintable(range)) {
        out.append(kProgramName).append(": ").append(severityName(severity)).append(": ");
        out.append(message).push_back('\n');
        return;
    }
    appendHeader(out, range.begin, severityName(severity), message);
    appendExcerpt(out, range);
}

void DiagnosticPrinter::appendHeader(std::string& out, SourceLoc loc, std::string_view severity,
                                     std::string_view message) const {
    SourceManager::LineCol position = sources_.lineCol(loc);
    out.append(sources_.name(loc.file)).push_back(':');
    out.append(std::to_string(position.line)).push_back(':');
    out.append(std::to_string(position.column)).append(": ");
    out.append(severity).append(": ").append(message).push_back('\n');
}

void DiagnosticPrinter::appendExcerpt(std::string& out, SourceRange range) const {
    std::string_view line = sources_.lineText(range.begin);
    std::size_t caret = sources_.lineCol(range.begin).column - 1;
    SourceExcerpt excerpt = renderExcerpt(line, caret, range.length);
    out.append(excerpt.line).push_back('\n');
    out.append(excerpt.marker).push_back('\n');
}

void DiagnosticPrinter::appendIncludeChain(std::string& out, SourceRange range) const {
    if (!isPrintable(range)) return;
    SourceLoc from = sources_.includedFrom(range.begin.file);
    // A well-formed chain is at most fileCount() long; the bound guards against misuse.
    for (std::size_t depth = 0; from.file != 0 && sources_.isValid(from.file) && depth < sources_.fileCount(); ++depth) {
        appendHeader(out, from, "note", "included from here");
        from = sources_.includedFrom(from.file);
    }
}

} // namespace cablespice
