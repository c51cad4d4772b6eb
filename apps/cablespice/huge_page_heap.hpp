#pragma once
#include <cstdint>
#include <filesystem>

namespace cablespice::app {

// Netlists at least this large are loaded onto a huge-page heap (see below); a smaller deck's
// load touches too little memory for it to matter, and 2 MiB pages would only add to its size.
inline constexpr std::uintmax_t kHugePageHeapMinNetlistBytes = 256 * 1024;

// Heap bytes reserved per netlist byte: the cable harnesses' peak heap is 44-60 bytes per byte
// of netlist (1e4 to 1e5 unknowns, an .ac with its factorization), so the reservation holds the
// whole run; past it the heap grows on ordinary pages.
inline constexpr std::uintmax_t kHugePageHeapBytesPerNetlistByte = 64;

// Backs this process's malloc heap with transparent huge pages when the netlist is at least
// kHugePageHeapMinNetlistBytes. Each first touch of a 4 KiB page is a page fault, and on the
// virtual machines this project runs on a fault costs ~12 us: the 1e4-unknown harness's load
// took ~6,000 of them (bench/README.md). The heap is extended once by a reservation of
// kHugePageHeapBytesPerNetlistByte per netlist byte (address space: pages are only made resident
// when touched), advised MADV_HUGEPAGE, and kept: freed memory is not returned to the system
// and large blocks come from the heap instead of mappings of their own, so that later
// allocations reuse pages already faulted in. Threads share the one arena (their hot loops do
// not allocate). Does nothing in a sanitized build, when the kernel has transparent huge pages
// off, or when GLIBC_TUNABLES already says something about glibc.malloc.hugetlb (the user's
// choice either way: `=0` opts out).
void useHugePageHeap(const std::filesystem::path& netlist);

} // namespace cablespice::app
