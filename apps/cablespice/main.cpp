#include "apps/cablespice/gnuplot_script.hpp"
#include "apps/cablespice/huge_page_heap.hpp"
#include "apps/cablespice/plot_vectors.hpp"
#include "apps/cablespice/run_netlist.hpp"
#include "apps/cablespice/sanitized_build.hpp"
#include "apps/engine/loaded_netlist.hpp"
#include "solver/output/interrupt_cleanup.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace {

using cablespice::app::RunOptions;

void addOptions(CLI::App& cli, RunOptions& options, std::string& csvComplex, bool& batch,
                std::vector<std::string>& defines, std::string& plotVectors) {
    cli.add_option("netlist", options.netlist, "SPICE netlist to simulate")->required();
    cli.add_flag("-b,--batch", batch, "batch mode (the default; accepted for ngspice compatibility)");
    cli.add_option("-r,--raw", options.rawFile, "write an ngspice rawfile (binary unless --ascii)");
    cli.add_flag("--ascii", options.asciiRaw, "write the rawfile in ASCII (also SPICE_ASCIIRAWFILE=1)");
    cli.add_option("--csv", options.csvFile, "write results as CSV (one file per analysis: NAME.1.csv, ...)");
    cli.add_option("--csv-complex", csvComplex, "complex CSV columns: dbphase (default) or reim")
        ->check(CLI::IsMember({"dbphase", "reim"}));
    cli.add_flag("--stats", options.stats,
                 "print transient, .ac and .cmrr factorization counts and the wall time of the load and each analysis");
    cli.add_flag("--full-elaboration", options.fullElaboration,
                 "elaborate every .step point in full, never reusing the circuit of the previous one (for comparisons)");
    cli.add_flag("--strict", options.strict,
                 "an output item (.print, .plot, .probe, .save, .meas) that cannot be evaluated is an error, not a warning");
    cli.add_option("--json", options.jsonFile, "write every .step point and .meas result as JSON");
    cli.add_option("-j,--jobs", options.jobs, "run .step points on N threads; without .step, .ac/.cmrr frequencies run on N threads and large transients solve on min(N, 2) (default: all cores)")->check(CLI::PositiveNumber);
    auto* plot = cli.add_option("--plot", options.plotFile,
                                "draw the results with gnuplot into FILE.svg or FILE.png (FILE.1.svg, ... when several)");
    cli.add_option("--plot-vectors", plotVectors, "vectors to draw, e.g. \"vdb(out),v(a,b),cmrr\" (default: .plot, .print); meas:NAME: histogram of a .meas over the .step points")
        ->needs(plot);
    cli.add_flag("--noise-report", options.noiseReport,
                 "after each .noise: 20 Hz..20 kHz output and input noise, unweighted and A-weighted, in V, dBu, dBV, "
                 "and the SNR at --noise-ref");
    cli.add_option("--noise-ref", options.noiseReferenceDbu, "output level in dBu the --noise-report SNR is stated for (default +4)");
    cli.add_option("-D,--param", defines, "override a top-level .param: NAME=VALUE (repeatable)");
    cli.set_version_flag("--version", std::string("cablespice ") + CABLESPICE_VERSION);
    cli.footer("Exit status: 0 success, 1 errors in the netlist or the simulation, 2 usage errors.");
}

} // namespace

int main(int argc, char** argv) {
    CLI::App cli{"cablespice: a SPICE circuit solver for audio cable and receiver networks"};
    RunOptions options;
    std::string csvComplex = "dbphase";
    bool batch = true;
    std::vector<std::string> defines;
    std::string plotVectors;
    addOptions(cli, options, csvComplex, batch, defines, plotVectors);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        int code = cli.exit(error);
        return code == 0 ? 0 : cablespice::app::kExitUsageError;
    }
    for (const auto& define : defines) {
        auto equals = define.find('=');
        if (equals == std::string::npos || equals == 0) {
            std::cerr << "cablespice: error: -D expects NAME=VALUE, got '" << define << "'\n";
            return cablespice::app::kExitUsageError;
        }
        options.overrides.push_back({define.substr(0, equals), define.substr(equals + 1)});
    }
    if (options.plotFile && !cablespice::app::plotFormatFor(*options.plotFile)) {
        std::cerr << "cablespice: error: --plot " << options.plotFile->string() << ": the file name must end in .svg or .png\n";
        return cablespice::app::kExitUsageError;
    }
    if (!plotVectors.empty()) {
        auto parsed = cablespice::app::parsePlotVectors(plotVectors);
        if (auto* error = std::get_if<std::string>(&parsed)) {
            std::cerr << "cablespice: error: " << *error << '\n';
            return cablespice::app::kExitUsageError;
        }
        options.plotVectors = std::move(std::get<std::vector<cablespice::elab::OutputVector>>(parsed));
    }
    cablespice::app::useHugePageHeap(options.netlist);
    const char* asciiEnv = std::getenv("SPICE_ASCIIRAWFILE");
    if (asciiEnv && std::string(asciiEnv) == "1") options.asciiRaw = true;
    if (csvComplex == "reim") options.csvComplex = cablespice::solver::CsvComplexFormat::RealImaginary;
    // Ctrl-C or kill: no half-written output and no temporary file is left behind.
    cablespice::solver::removeTemporariesOnInterrupt();
    // The loaded netlist lives until the process ends: freeing its circuit and names one by one
    // takes ~0.2 s at 1e5 unknowns (~6 ms at 1e4), and the exit returns the memory at once. A
    // sanitized build frees it, for its leak check.
    auto* loaded = new cablespice::app::LoadedNetlist;
    struct FreeWhenSanitized {
        cablespice::app::LoadedNetlist* loaded;
        ~FreeWhenSanitized() {
            if constexpr (cablespice::app::sanitizedBuild()) delete loaded;
        }
    } freeWhenSanitized{loaded};
    try {
        return cablespice::app::runNetlist(options, std::cout, std::cerr, *loaded);
    } catch (const std::system_error& error) {
        // An output file that cannot be created or written: the user's to fix, not a bug.
        std::cerr << "cablespice: error: " << error.what() << '\n';
        return cablespice::app::kExitInputError;
    } catch (const std::exception& error) {
        std::cerr << "cablespice: internal error: " << error.what() << '\n';
        return cablespice::app::kExitInputError;
    }
}
