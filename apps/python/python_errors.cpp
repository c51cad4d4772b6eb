#include "apps/python/python_errors.hpp"

#include "parser/source/diagnostic_printer.hpp"

#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace cablespice::python {

namespace {

// The exception classes live in the pure-Python part of the package (cablespice/errors.py).
py::object errorClass(const char* name) { return py::module_::import("cablespice.errors").attr(name); }

[[noreturn]] void raise(const py::object& type, const py::object& instance) {
    PyErr_SetObject(type.ptr(), instance.ptr());
    throw py::error_already_set();
}

const Diagnostic* firstError(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.severity == Severity::Error) return &diagnostic;
    return diagnostics.empty() ? nullptr : &diagnostics.front();
}

} // namespace

std::string renderDiagnostics(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics) {
    DiagnosticPrinter printer(sources);
    std::string text;
    for (const auto& diagnostic : diagnostics) text += printer.format(diagnostic);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

void raiseNetlistError(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics) {
    const Diagnostic* error = firstError(diagnostics);
    std::string file;
    SourceManager::LineCol position;
    if (error && sources.isValid(error->range.begin.file)) {
        file = sources.name(error->range.begin.file);
        position = sources.lineCol(error->range.begin);
    }
    py::object type = errorClass("NetlistError");
    raise(type, type(renderDiagnostics(sources, diagnostics), file, position.line, position.column,
                               error ? error->message : std::string("netlist error")));
}

void raiseSimulationError(const std::string& message) {
    py::object type = errorClass("SimulationError");
    raise(type, type(message));
}

} // namespace cablespice::python
