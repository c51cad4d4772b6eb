#include "diagnostic.hpp"

#include <utility>

namespace cablespice {

void DiagnosticSink::report(Diagnostic diagnostic) {
    if (diagnostic.severity == Severity::Error) ++errorCount_;
    diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(SourceRange range, std::string message, std::vector<DiagnosticNote> notes) {
    report(Diagnostic{Severity::Error, range, std::move(message), std::move(notes)});
}

void DiagnosticSink::warning(SourceRange range, std::string message, std::vector<DiagnosticNote> notes) {
    report(Diagnostic{Severity::Warning, range, std::move(message), std::move(notes)});
}

std::vector<Diagnostic> DiagnosticSink::take() {
    errorCount_ = 0;
    return std::exchange(diagnostics_, {});
}

void DiagnosticSink::addNoteFrom(std::size_t first, const DiagnosticNote& note) {
    for (std::size_t i = first; i < diagnostics_.size(); ++i) diagnostics_[i].notes.push_back(note);
}

namespace {
std::string firstMessage(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics)
        if (d.severity == Severity::Error) return d.message;
    return diagnostics.empty() ? std::string("error") : diagnostics.front().message;
}
} // namespace

SourceError::SourceError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(firstMessage(diagnostics)), diagnostics_(std::move(diagnostics)) {}

SourceError::SourceError(SourceRange range, std::string message)
    : SourceError(std::vector<Diagnostic>{Diagnostic{Severity::Error, range, std::move(message), {}}}) {}

} // namespace cablespice
