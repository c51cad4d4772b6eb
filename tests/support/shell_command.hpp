#pragma once
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace cablespice::testing {

struct Process {
    int exitCode = -1;
    std::string output;
};

// Runs a shell command and collects its standard output (add 2>&1 for stderr).
inline Process runShell(const std::string& command) {
    Process result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) result.output += buffer.data();
    int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace cablespice::testing
