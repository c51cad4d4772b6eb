// libFuzzer target: netlist text -> parse -> elaborate -> (small circuits) DC topology check and
// operating point. Built only with CABLESPICE_FUZZ=ON and clang (see tests/fuzz/README.md).
//
// Every diagnostic path is expected: parse errors land in the sink, elaboration errors are
// thrown as SourceError. Anything else escaping (another exception, a sanitizer report, an
// abort, a hang) is a finding.
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/circuit/topology_check.hpp"
#include "solver/support/diagnostic.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

using namespace cablespice;

// Circuits above this size are parsed and elaborated but not solved: keeps executions fast.
constexpr int kMaxSolvedUnknowns = 200;

// The top-level buffer lives in an empty directory of its own, so a relative `.include x`
// resolves to a file that does not exist. Absolute or parent-relative paths are refused
// before parsing (see mayTouchFiles).
std::string& scratchDirectory() {
    static std::string dir;
    return dir;
}

const std::string& bufferName() {
    static const std::string name = [] {
        namespace fs = std::filesystem;
        std::string pattern = (fs::temp_directory_path() / "cablespice-fuzz.XXXXXX").string();
        if (!::mkdtemp(pattern.data())) std::abort();
        scratchDirectory() = pattern;
        std::atexit([] { ::rmdir(scratchDirectory().c_str()); });  // still empty
        return (fs::path(pattern) / "fuzz.cir").string();
    }();
    return name;
}

bool containsIgnoringCase(std::string_view text, std::string_view needle) {
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           }) != text.end();
}

// Include directives read files relative to the buffer's (empty) directory. A path with a
// separator could reach real files (/dev/zero, /proc/...): such inputs are skipped.
bool mayTouchFiles(std::string_view text) {
    bool directive = containsIgnoringCase(text, ".inc") || containsIgnoringCase(text, ".lib");
    return directive && (text.find('/') != std::string_view::npos || text.find('\\') != std::string_view::npos);
}

// CABLESPICE_FUZZ_VERBOSE=1: print every diagnostic (for reproducing a single input).
void show(const DiagnosticPrinter& printer, const std::vector<Diagnostic>& diagnostics) {
    static const bool verbose = std::getenv("CABLESPICE_FUZZ_VERBOSE") != nullptr;
    for (const auto& diagnostic : diagnostics) {
        std::string text = printer.format(diagnostic);
        if (verbose) std::fputs(text.c_str(), stderr);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (mayTouchFiles(text)) return -1;  // not added to the corpus

    SourceManager sources;
    DiagnosticPrinter printer(sources);
    DiagnosticSink sink;
    std::uint32_t file = sources.addBuffer(bufferName(), std::string(text));

    // As apps/cablespice/run_netlist.cpp: parse, elaborate (which throws when the parse left
    // errors in the sink), render every diagnostic with its source excerpt.
    elab::Deck deck;
    try {
        ast::Netlist netlist = parseNetlist(sources, file, sink);
        deck = elab::elaborate(netlist, sink);
    } catch (const SourceError& error) {
        if (error.diagnostics().empty()) std::abort();  // an error without a diagnostic
        show(printer, error.diagnostics());
        return 0;
    }
    show(printer, sink.diagnostics());
    if (!deck.circuit) std::abort();

    const solver::Circuit& circuit = *deck.circuit;
    if (circuit.unknownCount() >= kMaxSolvedUnknowns) return 0;
    auto problems = solver::checkDcTopology(circuit);
    (void)problems;
    // Solved even when the topology check complains: a singular matrix must come back as a
    // SolveError, never as a crash.
    auto x = solver::solveOperatingPoint(circuit);
    if (x && x.value().size() != static_cast<std::size_t>(circuit.unknownCount()) + 1) std::abort();
    return 0;
}
