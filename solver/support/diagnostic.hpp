#pragma once
#include "source_range.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace cablespice {

enum class Severity { Note, Warning, Error };

struct DiagnosticNote {
    SourceRange range;  // may be invalid: a note without position
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    SourceRange range;  // may be invalid for errors not tied to a position
    std::string message;
    std::vector<DiagnosticNote> notes;
};

// Accumulates diagnostics so one run reports every error, not just the first.
class DiagnosticSink {
public:
    void report(Diagnostic diagnostic);
    void error(SourceRange range, std::string message, std::vector<DiagnosticNote> notes = {});
    void warning(SourceRange range, std::string message, std::vector<DiagnosticNote> notes = {});

    bool hasErrors() const { return errorCount_ > 0; }
    std::size_t errorCount() const { return errorCount_; }
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    std::vector<Diagnostic> take();
    // Appends `note` to every diagnostic reported at index `first` or later (used to add the
    // subcircuit instantiation chain to errors found while expanding an instance).
    void addNoteFrom(std::size_t first, const DiagnosticNote& note);
    std::size_t size() const { return diagnostics_.size(); }

private:
    std::vector<Diagnostic> diagnostics_;
    std::size_t errorCount_ = 0;
};

// Thrown at the boundary (end of parse / elaboration) carrying every collected diagnostic.
class SourceError : public std::runtime_error {
public:
    explicit SourceError(std::vector<Diagnostic> diagnostics);
    SourceError(SourceRange range, std::string message);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

} // namespace cablespice
