#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace cablespice::app {

// The gnuplot executable on `searchPath` (a PATH value: directories separated by ':'), if any.
std::optional<std::filesystem::path> findGnuplot(std::string_view searchPath);
// The same for the process's own PATH.
std::optional<std::filesystem::path> findGnuplotOnPath();

// What gnuplot wrote: the image on stdout and any messages on stderr.
struct GnuplotOutput {
    std::string image;
    std::string messages;
};

// Runs `gnuplot SCRIPT` as a child process (posix_spawn, no shell) with the script in a
// temporary file, collecting stdout. Throws PlotError when it cannot start, is killed or
// exits non-zero (with gnuplot's own message), or when the output is empty.
GnuplotOutput runGnuplot(const std::filesystem::path& gnuplot, std::string_view script);

} // namespace cablespice::app
