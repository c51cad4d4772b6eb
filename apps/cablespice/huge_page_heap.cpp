#include "apps/cablespice/huge_page_heap.hpp"

#include "apps/cablespice/sanitized_build.hpp"

#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>

#include <unistd.h>

namespace cablespice::app {

namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb";

// "always [madvise] never": glibc's tunable uses madvise, so anything but "[never]" serves.
bool kernelOffersHugePages() {
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    if (!std::getline(mode, text)) return false;
    return text.find("[never]") == std::string::npos;
}

bool largeNetlist(const std::filesystem::path& netlist) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(netlist, error);
    return !error && bytes >= kHugePageHeapMinNetlistBytes;
}

} // namespace

void restartWithHugePageHeap(const std::filesystem::path& netlist, char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
#if __GLIBC_PREREQ(2, 35)
    if (sanitizedBuild()) return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string tunables = current ? current : "";
    if (tunables.find(kTunable) != std::string::npos) return;  // set already: the user's, or our restart
    if (!largeNetlist(netlist) || !kernelOffersHugePages()) return;
    tunables += (tunables.empty() ? "" : ":") + std::string(kTunable) + "=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Only a failed exec gets here: go on as we are.
#else
    (void)netlist;
    (void)argv;
#endif
#else
    (void)netlist;
    (void)argv;
#endif
}

} // namespace cablespice::app
