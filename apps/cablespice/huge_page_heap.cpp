#include "apps/cablespice/huge_page_heap.hpp"

#include "apps/cablespice/sanitized_build.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <utility>
#include <string>
#include <system_error>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace cablespice::app {

namespace {

// "always [madvise] never": anything but "[never]" honours MADV_HUGEPAGE.
bool kernelOffersHugePages() {
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    if (!std::getline(mode, text)) return false;
    return text.find("[never]") == std::string::npos;
}

std::uintmax_t netlistBytes(const std::filesystem::path& netlist) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(netlist, error);
    return error ? 0 : bytes;
}

bool userChoseHeapPages() {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    return tunables && std::string(tunables).find("glibc.malloc.hugetlb") != std::string::npos;
}

#if defined(__linux__) && defined(__GLIBC__)
constexpr std::uintptr_t kHugePage = 2u << 20;
constexpr int kDefaultTopPad = 128 * 1024;

// Grows the heap's top by `bytes` (one sbrk through malloc's top padding) and returns the
// address range it added.
std::pair<std::uintptr_t, std::uintptr_t> extendHeap(std::size_t bytes) {
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    mallopt(M_TOP_PAD, static_cast<int>(std::min<std::size_t>(bytes, std::numeric_limits<int>::max())));
    // Small enough to come from the heap; volatile so that the pair is not optimised away.
    void* volatile probe = std::malloc(64 * 1024);
    std::free(probe);
    mallopt(M_TOP_PAD, kDefaultTopPad);
    return {before, reinterpret_cast<std::uintptr_t>(sbrk(0))};
}

void adviseHugePages(std::uintptr_t begin, std::uintptr_t end) {
    begin = (begin + kHugePage - 1) & ~(kHugePage - 1);
    end &= ~(kHugePage - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}
#endif

} // namespace

void useHugePageHeap(const std::filesystem::path& netlist) {
#if defined(__linux__) && defined(__GLIBC__)
    if (sanitizedBuild() || userChoseHeapPages()) return;
    const std::uintmax_t bytes = netlistBytes(netlist);
    if (bytes < kHugePageHeapMinNetlistBytes || !kernelOffersHugePages()) return;
    // Freed memory stays (a trim would give the reservation back), every block comes from the
    // heap, and threads allocate from the main arena, the one advised.
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_ARENA_MAX, 1);
    const auto [begin, end] = extendHeap(static_cast<std::size_t>(bytes * kHugePageHeapBytesPerNetlistByte));
    adviseHugePages(begin, end);
#else
    (void)netlist;
#endif
}

} // namespace cablespice::app
