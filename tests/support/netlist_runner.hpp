#pragma once
#include "apps/cablespice/run_netlist.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cablespice::testing {

// A netlist written to a temporary file and run in-process through the CLI front end.
struct RunResult {
    int exitCode = 0;
    std::string out;
    std::string err;
    std::string path;  // the netlist path as diagnostics print it
};

#ifdef CABLESPICE_SHARED_DIR
// ../shared (validation netlists, peer suite) sits beside the repository on the team's machines
// and in CI. A checkout without it skips the tests that read it, with a warning, as ctest skips
// the validation scripts that need it.
inline bool sharedDirectoryMissing() {
    return !std::filesystem::is_directory(CABLESPICE_SHARED_DIR);
}
#endif

inline std::filesystem::path scratchDirectory() {
    auto dir = std::filesystem::temp_directory_path() / "cablespice-tests";
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string writeNetlist(const std::string& name, const std::string& text) {
    auto path = scratchDirectory() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

inline RunResult runText(const std::string& name, const std::string& text, app::RunOptions options = {}) {
    RunResult result;
    result.path = writeNetlist(name, text);
    options.netlist = result.path;
    std::ostringstream out, err;
    result.exitCode = app::runNetlist(options, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

inline RunResult runFile(const std::string& path, app::RunOptions options = {}) {
    RunResult result;
    result.path = path;
    options.netlist = path;
    std::ostringstream out, err;
    result.exitCode = app::runNetlist(options, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

// The numeric value printed on the line "NAME = VALUE" of an .op report.
inline double opValue(const std::string& output, const std::string& name) {
    std::istringstream lines(output);
    std::string line;
    std::string prefix = name + " = ";
    while (std::getline(lines, line))
        if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size()));
    throw std::runtime_error("no line for " + name + " in:\n" + output);
}

} // namespace cablespice::testing
