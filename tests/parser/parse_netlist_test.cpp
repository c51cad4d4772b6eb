#include "parser/parse_netlist.hpp"

#include "parser/source/diagnostic_printer.hpp"
#include "tests/parser/support/parse_fixture.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

using namespace cablespice;
using Texts = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp directory, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("cablespice_parse_netlist_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& relative, const std::string& text) const {
        fs::path file = path_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

struct ParseFixture {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;

    void parseFile(const fs::path& path) {
        std::string error;
        auto file = sources.addFile(path, SourceLoc{}, error);
        REQUIRE(file.has_value());
        netlist = parseNetlist(sources, *file, sink);
    }
    void parseText(std::string text) { netlist = parseNetlistText(sources, "test.cir", std::move(text), sink); }

    Texts heads() const {
        Texts out;
        for (const ast::Card& card : netlist.cards) out.push_back(card.tokens.front().text);
        return out;
    }
    Texts messages() const { return test::messagesWithPositions(sources, sink); }
    std::string fileOf(const ast::Card& card) const { return fs::path(sources.name(card.range.begin.file)).filename(); }
    std::string at(const ast::Token& token) const { return test::lineColOf(sources, token.range.begin); }
};

} // namespace

TEST_CASE("a complete netlist parses without diagnostics", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("Divider\nV1 in 0 DC 1\nR1 in out 1k\nR2 out 0 1k\n.op\n.end\n");
    CHECK(f.netlist.title == "Divider");
    CHECK(f.heads() == Texts{"V1", "R1", "R2", ".op"});
    CHECK(f.netlist.hasEnd);
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a missing .end is a warning at the end of the file", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\nR1 a b 1\n* trailing comment\n");
    CHECK_FALSE(f.netlist.hasEnd);
    CHECK(f.messages() == Texts{"3:19: missing .end"});
    CHECK(f.sink.diagnostics()[0].severity == Severity::Warning);
    CHECK_FALSE(f.sink.hasErrors());
}

TEST_CASE("an empty file gives an empty netlist and only the missing .end warning", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("");
    CHECK(f.netlist.cards.empty());
    CHECK(f.messages() == Texts{"1:1: missing .end"});
}

TEST_CASE("included files are spliced in place, relative to the including file", "[parser][netlist]") {
    TempDir dir;
    dir.write("sub/models.cir", "* models\nRm1 a b 1\n.include more/leaf.cir\nRm2 a b 2\n");
    dir.write("sub/more/leaf.cir", "Rleaf a b 3\n.end\nRignored a b 4\n");
    fs::path top = dir.write("top.cir", "title\nR1 a b 1\n.include sub/models.cir\nR2 a b 2\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"R1", "Rm1", "Rleaf", "Rm2", "R2"});
    CHECK(f.sink.diagnostics().empty());
    CHECK(f.fileOf(f.netlist.cards[1]) == "models.cir");
    CHECK(f.at(f.netlist.cards[1].tokens[0]) == "2:1");
    CHECK(f.fileOf(f.netlist.cards[2]) == "leaf.cir");
    CHECK(f.netlist.hasEnd);
}

TEST_CASE(".inc accepts quoted paths with blanks and single-quoted paths", "[parser][netlist]") {
    TempDir dir;
    dir.write("my models/a.cir", "Ra a b 1\n");
    dir.write("b.cir", "Rb a b 1\n");
    fs::path top = dir.write("top.cir", "t\n.INC \"my models/a.cir\"\n.inc 'b.cir'\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"Ra", "Rb"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("an absolute include path is used as is", "[parser][netlist]") {
    TempDir dir;
    fs::path lib = dir.write("abs.cir", "Rabs a b 1\n");
    ParseFixture f;
    f.parseText("t\n.include " + lib.string() + "\n.end\n");
    CHECK(f.heads() == Texts{"Rabs"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a missing include file is an error at the path", "[parser][netlist]") {
    TempDir dir;
    fs::path top = dir.write("top.cir", "t\nR1 a b 1\n  .include  nothere.cir\nR2 a b 1\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"R1", "R2"});
    std::string expected = "3:13: cannot open file '" + (dir.path() / "nothere.cir").string() + "': No such file or directory";
    CHECK(f.messages() == Texts{expected});
}

TEST_CASE("an include without a single file name is an error", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\n.include\n.include a b\n.end\n");
    CHECK(f.messages() == Texts{"2:1: expected one file name after '.include'", "3:1: expected one file name after '.include'"});
}

TEST_CASE("an include cycle is reported with the whole chain", "[parser][netlist]") {
    TempDir dir;
    fs::path a = dir.write("a.cir", "title\nRa x y 1\n.include b.cir\n.end\n");
    fs::path b = dir.write("b.cir", "Rb x y 1\n.include a.cir\n");
    ParseFixture f;
    f.parseFile(a);
    CHECK(f.heads() == Texts{"Ra", "Rb"});
    REQUIRE(f.sink.errorCount() == 1);
    const Diagnostic& d = f.sink.diagnostics()[0];
    CHECK(d.message == "include cycle: " + a.string() + " -> " + b.string() + " -> " + a.string());
    CHECK(test::lineColOf(f.sources, d.range.begin) == "2:10");
    CHECK(f.sources.name(d.range.begin.file) == b.string());
}

TEST_CASE("a file including itself is a cycle", "[parser][netlist]") {
    TempDir dir;
    dir.write("self.cir", "R1 a b 1\n.include ./self.cir\n");
    fs::path top = dir.write("top.cir", "t\n.include self.cir\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"R1"});
    REQUIRE(f.sink.errorCount() == 1);
    CHECK(f.sink.diagnostics()[0].message.starts_with("include cycle: "));
}

TEST_CASE("the same file may be included twice without being a cycle", "[parser][netlist]") {
    TempDir dir;
    dir.write("r.cir", "R1 a b 1\n");
    fs::path top = dir.write("top.cir", "t\n.include r.cir\n.include r.cir\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"R1", "R1"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("errors inside an included file print the include chain", "[parser][netlist]") {
    TempDir dir;
    dir.write("bad.cir", "R1 a b (1\n");
    fs::path top = dir.write("top.cir", "t\n\n.include bad.cir\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    REQUIRE(f.sink.errorCount() == 1);
    std::string text = DiagnosticPrinter(f.sources).format(f.sink.diagnostics()[0]);
    CHECK(text == (dir.path() / "bad.cir").string() + ":1:8: error: unmatched '('\n" + "R1 a b (1\n" + "       ^\n" +
                      top.string() + ":3:1: note: included from here\n");
}

TEST_CASE(".lib includes only the named section, in any letter case", "[parser][netlist]") {
    TempDir dir;
    dir.write("models.lib", "* corner library\n"
                            ".lib TT\nRtt a b 1\n.endl TT\n"
                            ".lib ff\nRff a b 2\n.include extra.cir\n.endl\n"
                            "Routside a b 3\n");
    dir.write("extra.cir", "Rextra a b 4\n");
    fs::path top = dir.write("top.cir", "t\n.lib models.lib FF\nR1 a b 1\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"Rff", "Rextra", "R1"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a library section may use another section of the same file", "[parser][netlist]") {
    TempDir dir;
    dir.write("models.lib", ".lib tt\n.lib 'models.lib' mos\nRtt a b 1\n.endl\n.lib mos\nRmos a b 2\n.endl\n");
    fs::path top = dir.write("top.cir", "t\n.lib models.lib tt\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.heads() == Texts{"Rmos", "Rtt"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a library section using itself is a cycle", "[parser][netlist]") {
    TempDir dir;
    fs::path lib = dir.write("loop.lib", ".lib s\n.lib loop.lib s\n.endl\n");
    fs::path top = dir.write("top.cir", "t\n.lib loop.lib s\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    REQUIRE(f.sink.errorCount() == 1);
    CHECK(f.sink.diagnostics()[0].message == "include cycle: " + lib.string() + "(s) -> " + lib.string() + "(s)");
}

TEST_CASE("a missing library section is an error at the section name", "[parser][netlist]") {
    TempDir dir;
    dir.write("models.lib", ".lib tt\nR1 a b 1\n.endl\n");
    fs::path top = dir.write("top.cir", "t\n.lib models.lib ss\n.end\n");
    ParseFixture f;
    f.parseFile(top);
    CHECK(f.netlist.cards.empty());
    std::string expected = "2:17: library section 'ss' not found in '" + (dir.path() / "models.lib").string() + "'";
    CHECK(f.messages() == Texts{expected});
}

TEST_CASE("a missing library file is an error at the path", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\n.lib /nonexistent/cablespice/models.lib tt\n.end\n");
    CHECK(f.messages() == Texts{"2:6: cannot open file '/nonexistent/cablespice/models.lib': No such file or directory"});
}

TEST_CASE("a section defined in the netlist itself is skipped unless referenced", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\nR1 a b 1\n.lib local\nRlocal a b 2\n.endl local\nR2 a b 3\n.end\n");
    CHECK(f.heads() == Texts{"R1", "R2"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a section without .endl is an error at its .lib card", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\nR1 a b 1\n.lib local\nRlocal a b 2\n.end\n");
    CHECK(f.heads() == Texts{"R1"});
    CHECK(f.messages() == Texts{"3:1: missing .endl for library section 'local'"});
}

TEST_CASE("a .lib card with a wrong number of words is an error", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\n.lib a b c\n.end\n");
    CHECK(f.messages() == Texts{"2:1: expected a file name and a section name after '.lib'"});
}

TEST_CASE("other dot cards are left for elaboration", "[parser][netlist]") {
    ParseFixture f;
    f.parseText("t\n.param x=1\n.tran 1n 1u\n.subckt s a b\nR1 a b 1\n.ends\n.endl\n.end\n");
    CHECK(f.heads() == Texts{".param", ".tran", ".subckt", "R1", ".ends", ".endl"});
}

TEST_CASE("binary garbage yields a bounded list of errors and no crash", "[parser][netlist]") {
    std::mt19937 random(12345);
    std::string garbage(256 * 1024, '\0');
    for (char& c : garbage) c = static_cast<char>(random() & 0xff);
    ParseFixture f;
    f.parseText(garbage);
    CHECK(f.sink.hasErrors());
    CHECK(f.sink.errorCount() <= 2 * NetlistTokenizer::kMaxErrorsPerFile);
    DiagnosticPrinter printer(f.sources);
    for (const Diagnostic& d : f.sink.diagnostics()) CHECK_FALSE(printer.format(d).empty());
}

TEST_CASE("printable garbage never hangs the tokenizer", "[parser][netlist]") {
    std::mt19937 random(777);
    const std::string alphabet = "ab1+*;$ \t\n\r{}()'\",=.";
    std::string text;
    for (int i = 0; i < 200000; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    ParseFixture f;
    f.parseText(text);
    CHECK(f.sink.diagnostics().size() <= 2 * NetlistTokenizer::kMaxErrorsPerFile + 2);
}

TEST_CASE("a one-megabyte line is one card", "[parser][netlist]") {
    std::string line = "V1 in 0 PWL(";
    int points = 0;
    while (line.size() < (1u << 20)) line += std::to_string(points++) + "n 1 ";
    line += ")";
    ParseFixture f;
    f.parseText("t\n" + line + "\n.end\n");
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(f.netlist.cards[0].tokens.size() == static_cast<std::size_t>(6 + 2 * points));
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a megabyte of nested braces or parentheses is handled without recursion", "[parser][netlist]") {
    ParseFixture braces;
    braces.parseText("t\nB1 a b {" + std::string(1u << 20, '{') + "\n.end\n");
    CHECK(braces.messages() == Texts{"2:8: unterminated expression, missing '}'"});
    ParseFixture parens;
    parens.parseText("t\nV1 a b " + std::string(1u << 20, '(') + "\n.end\n");
    CHECK(parens.sink.errorCount() == NetlistTokenizer::kMaxErrorsPerFile);
}

TEST_CASE("a twenty-megabyte netlist parses completely", "[parser][netlist][large]") {
    std::string text = "large ladder\n";
    int sections = 0;
    while (text.size() < 20u * 1024 * 1024) {
        std::string n = std::to_string(sections++);
        text += "* section " + n + "\nR" + n + " n" + n + " n" + std::to_string(sections) + " 10m\n";
        text += "C" + n + " n" + std::to_string(sections) + " 0 {c0*2}\n+ ic=0\n";
    }
    text += ".tran 1n 1u\n.end\n";
    ParseFixture f;
    f.parseText(std::move(text));
    CHECK(f.sink.diagnostics().empty());
    REQUIRE(f.netlist.cards.size() == static_cast<std::size_t>(2 * sections + 1));
    CHECK(f.netlist.cards.back().tokens.front().text == ".tran");
    CHECK(f.netlist.cards[1].tokens.size() == 7);
}
