#include "parser/source/diagnostic_printer.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace cablespice;

namespace {
SourceRange rangeAt(std::uint32_t file, std::uint32_t offset, std::uint32_t length) {
    return SourceRange{SourceLoc{file, offset}, length};
}
} // namespace

TEST_CASE("an error prints file, line, column, the source line and a caret with tildes", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("bad.cir", "title\n* comment\nR3 in\n");
    Diagnostic d{Severity::Error, rangeAt(file, 16, 2), "expected node name after 'R3'", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "bad.cir:3:1: error: expected node name after 'R3'\n"
          "R3 in\n"
          "^~\n");
}

TEST_CASE("warnings and notes name their severity", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("a.cir", "t\n.control\n");
    Diagnostic d{Severity::Warning, rangeAt(file, 2, 8), ".control blocks are ignored", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "a.cir:2:1: warning: .control blocks are ignored\n"
          ".control\n"
          "^~~~~~~~\n");
    d.severity = Severity::Note;
    CHECK(DiagnosticPrinter(sources).format(d).starts_with("a.cir:2:1: note: .control"));
}

TEST_CASE("a diagnostic without a position prints the program name", "[parser][diagnostics]") {
    SourceManager sources;
    Diagnostic d{Severity::Error, SourceRange{}, "no input file", {}};
    CHECK(DiagnosticPrinter(sources).format(d) == "cablespice: error: no input file\n");
}

TEST_CASE("notes follow the diagnostic, each with its own excerpt", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("p.cir", "t\n.param a={b}\n.param b={a}\n");
    Diagnostic d{Severity::Error, rangeAt(file, 9, 1), "parameter 'a' depends on itself",
                 {DiagnosticNote{rangeAt(file, 22, 1), "through 'b' here"},
                  DiagnosticNote{SourceRange{}, "cycle: a -> b -> a"}}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "p.cir:2:8: error: parameter 'a' depends on itself\n"
          ".param a={b}\n"
          "       ^\n"
          "p.cir:3:8: note: through 'b' here\n"
          ".param b={a}\n"
          "       ^\n"
          "cablespice: note: cycle: a -> b -> a\n");
}

TEST_CASE("a location in an included file is followed by the include chain", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t top = sources.addBuffer("top.cir", "title\n.include mid.cir\n");
    std::uint32_t mid = sources.addBuffer("mid.cir", "* models\n.inc leaf.cir\n", SourceLoc{top, 6});
    std::uint32_t leaf = sources.addBuffer("leaf.cir", "R1 a\n", SourceLoc{mid, 9});
    Diagnostic d{Severity::Error, rangeAt(leaf, 0, 2), "resistor 'R1' needs two nodes", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "leaf.cir:1:1: error: resistor 'R1' needs two nodes\n"
          "R1 a\n"
          "^~\n"
          "mid.cir:2:1: note: included from here\n"
          "top.cir:2:1: note: included from here\n");
}

TEST_CASE("tabs in the source line are expanded and the caret follows them", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "t\nR1\ta\t10q\n");
    Diagnostic d{Severity::Error, rangeAt(file, 7, 3), "invalid value '10q'", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "t.cir:2:6: error: invalid value '10q'\n"
          "R1      a       10q\n"
          "                ^~~\n");
}

TEST_CASE("a range spanning lines is underlined to the end of its first line", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "t\nR1 a\n+ b 1k\n");
    Diagnostic d{Severity::Error, rangeAt(file, 2, 12), "bad card", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "t.cir:2:1: error: bad card\n"
          "R1 a\n"
          "^~~~\n");
}

TEST_CASE("a position at the end of a CRLF line points after its last character", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "t\r\nR1 a (\r\n");
    Diagnostic d{Severity::Error, rangeAt(file, 9, 0), "missing ')'", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "t.cir:2:7: error: missing ')'\n"
          "R1 a (\n"
          "      ^\n");
}

TEST_CASE("binary bytes in the source line print as question marks", "[parser][diagnostics]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", std::string("t\nR1 \x01\xff b\n", 10));
    Diagnostic d{Severity::Error, rangeAt(file, 5, 2), "invalid character 0x01", {}};
    CHECK(DiagnosticPrinter(sources).format(d) ==
          "t.cir:2:4: error: invalid character 0x01\n"
          "R1 ?? b\n"
          "   ^~\n");
}

TEST_CASE("print writes the formatted text to a stream", "[parser][diagnostics]") {
    SourceManager sources;
    std::ostringstream out;
    DiagnosticPrinter(sources).print(out, Diagnostic{Severity::Warning, SourceRange{}, "careful", {}});
    CHECK(out.str() == "cablespice: warning: careful\n");
}
