#pragma once
#include <cstdint>
#include <filesystem>

namespace cablespice::app {

// Netlists at least this large are loaded with a huge-page heap (see below): their load touches
// tens of megabytes, while the restart costs a few milliseconds that a small deck would notice.
inline constexpr std::uintmax_t kHugePageHeapMinNetlistBytes = 256 * 1024;

// Restarts this program once, with the same arguments, asking glibc's malloc to back its heap
// with transparent huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), when the netlist is at
// least kHugePageHeapMinNetlistBytes. Each first touch of a 4 KiB page is a page fault, and on
// the virtual machines this project runs on a fault costs ~12 us: half of the 1e4-unknown
// harness's 135 ms load was faults (bench/README.md). glibc reads its tunables only at start-up,
// hence the restart. Returns (and the run goes on unchanged) when the tunable is already set
// either way (GLIBC_TUNABLES=glibc.malloc.hugetlb=0 opts out), the kernel has transparent huge
// pages off, the build is sanitized, or the restart fails.
void restartWithHugePageHeap(const std::filesystem::path& netlist, char** argv);

} // namespace cablespice::app
