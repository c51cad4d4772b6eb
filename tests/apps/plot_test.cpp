// --plot: images drawn by gnuplot, checked by reading them back (SVG curve groups and legend
// entries, PNG signature and IHDR); a missing or failing gnuplot is a clear error that leaves
// no file behind.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

using namespace cablespice::testing;
namespace fs = std::filesystem;

namespace {

fs::path examplesDir() { return fs::path(CABLESPICE_SOURCE_DIR) / "netlists" / "examples"; }

// A fresh, empty directory for one test's files.
fs::path freshDirectory(const std::string& name) {
    auto dir = scratchDirectory() / "plots" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string quote(const fs::path& path) { return "'" + path.string() + "'"; }

// Runs the cablespice binary with `arguments`; stdout and stderr together.
Process runCablespice(const std::string& arguments, const std::string& environment = "") {
    return runShell(environment + " " + quote(CABLESPICE_BINARY) + " " + arguments + " 2>&1");
}

std::string readFile(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

// The legend entries of a gnuplot SVG, one per curve: each curve is a group
// <g id="gnuplot_plot_N"> whose first <text> is its key entry.
std::vector<std::string> svgCurves(const std::string& svg) {
    static const std::regex curve(R"(<g id="gnuplot_plot_\d+"[^>]*>(?:(?!<g id="gnuplot_plot_)[\s\S])*?<text>([^<]*)</text>)");
    std::vector<std::string> titles;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), curve); it != std::sregex_iterator(); ++it)
        titles.push_back((*it)[1].str());
    return titles;
}

std::size_t countOf(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

// A complete SVG document from gnuplot: XML header, one <svg> root, closed.
void checkValidSvg(const std::string& svg) {
    CHECK(svg.starts_with("<?xml"));
    CHECK(countOf(svg, "<svg") == 1);
    CHECK(svg.find("</svg>") != std::string::npos);
}

std::uint32_t bigEndian32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

} // namespace

TEST_CASE("plot: balanced_vs_unbalanced.cir draws one curve per .plot vector on a log frequency axis", "[app][plot]") {
    auto dir = freshDirectory("balanced_vs_unbalanced");
    auto result = runCablespice(quote(examplesDir() / "balanced_vs_unbalanced.cir") + " --plot " + quote(dir / "hum.svg"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::string svg = readFile(dir / "hum.svg");
    checkValidSvg(svg);
    // No .step: the legend is the vectors themselves, in .plot order; complex values in dB.
    CHECK(svgCurves(svg) == std::vector<std::string>{"vdb(hum_unbal)", "vdb(hum_bal)", "vdb(sig_unbal)", "vdb(sig_bal)"});
    // 6 Hz .. 60 kHz on a log axis has decade ticks; a linear axis would have 10000, 20000, ...
    CHECK(svg.find(">1000</text>") != std::string::npos);
    CHECK(svg.find(">20000</text>") == std::string::npos);
    CHECK(svg.find("frequency (Hz)") != std::string::npos);
    CHECK(fs::directory_iterator(dir) != fs::directory_iterator() );
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temporary left
}

TEST_CASE("plot: a stepped .cmrr draws one cmrr curve per .step point labelled with its value", "[app][plot][cmrr]") {
    auto dir = freshDirectory("cmrr_cable");
    auto result = runCablespice(quote(examplesDir() / "cmrr_cable_imbalance.cir") + " --plot " + quote(dir / "cmrr.svg"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::string svg = readFile(dir / "cmrr.svg");
    checkValidSvg(svg);
    CHECK(svgCurves(svg) == std::vector<std::string>{"cmrr cimb=1e-11", "cmrr cimb=5e-11", "cmrr cimb=1e-10"});
}

TEST_CASE("plot: --plot-vectors chooses the vectors (3 .step points x 2 vectors = 6 curves)", "[app][plot][cmrr]") {
    auto dir = freshDirectory("plot_vectors");
    auto result = runCablespice(quote(examplesDir() / "cmrr_cable_imbalance.cir") + " --plot " + quote(dir / "c.svg") +
                             " --plot-vectors 'cmrr,vdb(acm)'");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    auto curves = svgCurves(readFile(dir / "c.svg"));
    REQUIRE(curves.size() == 6);
    CHECK(curves[0] == "cmrr cimb=1e-11");
    CHECK(curves[1] == "vdb(acm) cimb=1e-11");
    CHECK(curves[5] == "vdb(acm) cimb=1e-10");
}

TEST_CASE("plot: --plot-vectors takes what .print takes: db(v(a,b)), all, v(*)", "[app][plot]") {
    auto dir = freshDirectory("plot_vectors_print_grammar");
    auto netlist = writeNetlist("plot_vectors_grammar.cir", R"(divider
V1 a 0 AC 1
R1 a b 1k
C1 b 0 1u
.ac dec 1 10 1k
.end
)");
    auto drawn = [&](const std::string& list) {
        auto result = runCablespice(quote(netlist) + " --plot " + quote(dir / "d.svg") + " --plot-vectors '" + list + "'");
        INFO(result.output);
        REQUIRE(result.exitCode == 0);
        return svgCurves(readFile(dir / "d.svg"));
    };
    CHECK(drawn("db(v(a,b)) ph(i(v1))") == std::vector<std::string>{"db(v(a,b))", "ph(i(v1))"});
    // `all` is every node voltage and branch current, in unknown order, as on a .print card.
    CHECK(drawn("all") == std::vector<std::string>{"vdb(a)", "vdb(b)", "idb(v1)"});
    CHECK(drawn("vm(*)") == std::vector<std::string>{"vm(a)", "vm(b)"});
}

TEST_CASE("plot: FILE.png is a PNG (signature and IHDR)", "[app][plot]") {
    auto dir = freshDirectory("png");
    auto result = runCablespice(quote(examplesDir() / "crosstalk_two_pairs.cir") + " --plot " + quote(dir / "x.png"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::string png = readFile(dir / "x.png");
    REQUIRE(png.size() > 33);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    CHECK(bigEndian32(png, 8) == 13);  // IHDR length
    CHECK(png.substr(12, 4) == "IHDR");
    CHECK(bigEndian32(png, 16) > 100);  // width
    CHECK(bigEndian32(png, 20) > 100);  // height
}

TEST_CASE("plot: several analyses write FILE.1.svg and FILE.2.svg like --csv", "[app][plot]") {
    auto dir = freshDirectory("several");
    auto netlist = writeNetlist("plot_several.cir", R"(two analyses and an .op
V1 a 0 DC 1 AC 1
R1 a b 1k
C1 b 0 1u
.op
.ac dec 5 10 10k
.dc V1 0 2 0.5
.print ac vdb(b) vp(b)
.end
)");
    auto result = runCablespice(quote(netlist) + " --plot " + quote(dir / "rc.svg"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK_FALSE(fs::exists(dir / "rc.svg"));
    // The .op has no scale and is not drawn: .ac is the first image, .dc the second.
    CHECK(svgCurves(readFile(dir / "rc.1.svg")) == std::vector<std::string>{"vdb(b)", "vp(b)"});
    CHECK(svgCurves(readFile(dir / "rc.2.svg")) == std::vector<std::string>{"v(a)", "v(b)"});  // no .print dc: every node
    CHECK_FALSE(fs::exists(dir / "rc.3.svg"));
}

TEST_CASE("plot: without gnuplot on PATH a clear error and exit 1 and no file", "[app][plot]") {
    auto dir = freshDirectory("no_gnuplot");
    fs::create_directories(dir / "empty-bin");
    auto result = runCablespice(quote(examplesDir() / "balanced_vs_unbalanced.cir") + " --plot " + quote(dir / "hum.svg"),
                             "PATH=" + quote(dir / "empty-bin"));
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("error: --plot needs gnuplot (Debian package gnuplot-nox), not found on PATH") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(dir / "hum.svg"));
}

TEST_CASE("plot: when gnuplot fails its message and exit 1 and no partial file", "[app][plot]") {
    auto dir = freshDirectory("failing_gnuplot");
    fs::create_directories(dir / "bin");
    // A stand-in that writes half an image and then fails, as gnuplot does on a script error.
    std::ofstream(dir / "bin" / "gnuplot") << "#!/bin/sh\nprintf '<?xml half'\necho 'line 3: boom' >&2\nexit 3\n";
    fs::permissions(dir / "bin" / "gnuplot", fs::perms::owner_all);
    auto result = runCablespice(quote(examplesDir() / "balanced_vs_unbalanced.cir") + " --plot " + quote(dir / "hum.svg"),
                             "PATH=" + quote(dir / "bin") + ":/usr/bin:/bin");
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("error: gnuplot failed (exit status 3): line 3: boom") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "hum.svg"));
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // only bin/
}

TEST_CASE("plot: usage errors", "[app][plot]") {
    auto dir = freshDirectory("usage");
    auto example = quote(examplesDir() / "balanced_vs_unbalanced.cir");
    SECTION("an unsupported image format is a usage error") {
        auto result = runCablespice(example + " --plot " + quote(dir / "hum.pdf"));
        INFO(result.output);
        CHECK(result.exitCode == 2);
        CHECK(result.output.find("must end in .svg or .png") != std::string::npos);
    }
    SECTION("--plot-vectors needs --plot") {
        auto result = runCablespice(example + " --plot-vectors 'vdb(out)'");
        INFO(result.output);
        CHECK(result.exitCode == 2);
    }
    SECTION("a malformed vector is a usage error") {
        auto result = runCablespice(example + " --plot " + quote(dir / "hum.svg") + " --plot-vectors 'vdb(a'");
        INFO(result.output);
        CHECK(result.exitCode == 2);
        CHECK(result.output.find("--plot-vectors: 'vdb(a': unmatched '('") != std::string::npos);
    }
    SECTION("a vector no analysis has is an error, and nothing is written") {
        auto result = runCablespice(example + " --plot " + quote(dir / "hum.svg") + " --plot-vectors 'vdb(hum_bal),vdb(nowhere)'");
        INFO(result.output);
        CHECK(result.exitCode == 1);
        CHECK(result.output.find("'vdb(nowhere)' is not a vector of any plotted analysis") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir / "hum.svg"));
    CHECK_FALSE(fs::exists(dir / "hum.pdf"));
}

TEST_CASE("plot: .plot cmrr takes only the CMRR plot's vectors and .plot ac prints like .print", "[app][plot][cmrr]") {
    const std::string circuit = R"(plot cards
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep p gs d 0 0.5
En gs n d 0 0.5
Rp p ip 50
Rn n in 60
Rcp ip 0 20k
Rcn in 0 20k
Erx out 0 ip in 1
.cmrr v(out) vdm vcm ac dec 1 60 600
.ac lin 1 60 60
)";
    // Output cards never stop a run: a vector the .cmrr plot lacks is left out with a warning.
    auto bad = runText("plot_cmrr_bad.cir", circuit + ".plot cmrr v(out)\n.end\n");
    CHECK(bad.exitCode == 0);
    CHECK(bad.err.find(bad.path + ":13:12: warning: 'v(out)' is not a vector of the .cmrr plot") != std::string::npos);
    CHECK(bad.err.find("; item left out") != std::string::npos);
    auto bare = runText("plot_cmrr_bare.cir", circuit + ".plot cmrr gain\n.end\n");
    CHECK(bare.exitCode == 0);
    CHECK(bare.err.find("warning: expected a vector of the .cmrr plot") != std::string::npos);
    auto good = runText("plot_cmrr_good.cir", circuit + ".plot cmrr cmrr vdb(acm)\n.plot ac vdb(out)\n.end\n");
    INFO(good.err);
    CHECK(good.exitCode == 0);
    CHECK(good.out.find("vdb(out)") != std::string::npos);  // the .ac table, as .print would print it
}

TEST_CASE("README command (a) runs balanced_vs_unbalanced.cir and draws its plot", "[app][plot][examples]") {
    std::string readme = readFile(fs::path(CABLESPICE_SOURCE_DIR) / "README.md");
    auto begin = readme.find("<!-- main-command -->"), end = readme.find("<!-- /main-command -->");
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    std::string block = readme.substr(begin, end - begin);
    // The last step of the command: ./build/cablespice EXAMPLE --plot FILE
    static const std::regex run(R"(\./build/cablespice (netlists/examples/\S+\.cir) --plot (\S+\.svg))");
    std::smatch match;
    REQUIRE(std::regex_search(block, match, run));
    CHECK(match[1].str() == "netlists/examples/balanced_vs_unbalanced.cir");
    auto dir = freshDirectory("readme_main");
    auto image = dir / fs::path(match[2].str()).filename();
    auto result = runCablespice(match[1].str() + " --plot " + quote(image), "cd " + quote(CABLESPICE_SOURCE_DIR) + " &&");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("unbal_re_sig = -40") != std::string::npos);
    CHECK(result.output.find("bal_re_sig = -106.04") != std::string::npos);
    CHECK(svgCurves(readFile(image)).size() == 4);
}

TEST_CASE("plot: .plot draws {expression} items and element currents", "[app][plot][output]") {
    auto dir = freshDirectory("expressions");
    auto netlist = writeNetlist("plot_expressions.cir", R"(expressions and currents
.param gain=2
V1 a 0 DC 0 AC 1
R1 a b 1k
C1 b 0 1u
.ac dec 5 10 10k
.plot ac {db(v(b))+gain} i(c1) p(r1) v(nosuch)
.end
)");
    auto result = runCablespice(quote(netlist) + " --plot " + quote(dir / "rc.svg"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("warning: no node named 'nosuch' for v(nosuch); item left out") != std::string::npos);
    // A complex vector without a function is drawn in dB (idb, db(p)); the expression as it is.
    CHECK(svgCurves(readFile(dir / "rc.svg")) == std::vector<std::string>{"{db(v(b))+gain}", "idb(c1)", "db(p(r1))"});
}
