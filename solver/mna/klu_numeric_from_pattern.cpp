#include "solver/mna/klu_numeric_from_pattern.hpp"

#include "solver/mna/klu_allocation.hpp"

#include <algorithm>

namespace cablespice::solver {

namespace {

// KLU's factor blocks are counted in Units, one entry wide; a column's row indices are padded
// to whole Units ahead of its values (klu_version.h).
std::size_t unitsOfInts(int count, std::size_t entryBytes) {
    return (sizeof(int) * static_cast<std::size_t>(count) + entryBytes - 1) / entryBytes;
}

std::size_t unitsOfColumn(int count, std::size_t entryBytes) {
    return unitsOfInts(count, entryBytes) + static_cast<std::size_t>(count);
}

// Lays out one block's columns as klu_kernel does (each column's L, then its U) and writes the
// row indices; false when memory runs out.
bool layOutBlock(const StaticPivotPattern& pattern, int k1, int k2, std::size_t entryBytes, KluAllocator& allocator,
                 klu_numeric& numeric, int block) {
    std::size_t units = 0;
    int lowerEntries = 0, upperEntries = 0;
    for (int k = k1; k < k2; ++k) {
        numeric.Llen[k] = pattern.lowerStart[k + 1] - pattern.lowerStart[k];
        numeric.Ulen[k] = pattern.upperStart[k + 1] - pattern.upperStart[k];
        numeric.Lip[k] = static_cast<int>(units);
        units += unitsOfColumn(numeric.Llen[k], entryBytes);
        numeric.Uip[k] = static_cast<int>(units);
        units += unitsOfColumn(numeric.Ulen[k], entryBytes);
        lowerEntries += numeric.Llen[k];
        upperEntries += numeric.Ulen[k];
    }
    auto* lu = static_cast<char*>(allocator.allocate(units, entryBytes));
    if (!lu) return false;
    numeric.LUbx[block] = lu;
    numeric.LUsize[block] = units;
    for (int k = k1; k < k2; ++k) {
        std::copy_n(pattern.lowerRows.begin() + pattern.lowerStart[k], numeric.Llen[k],
                    reinterpret_cast<int*>(lu + static_cast<std::size_t>(numeric.Lip[k]) * entryBytes));
        std::copy_n(pattern.upperRows.begin() + pattern.upperStart[k], numeric.Ulen[k],
                    reinterpret_cast<int*>(lu + static_cast<std::size_t>(numeric.Uip[k]) * entryBytes));
    }
    const int nk = k2 - k1;
    numeric.lnz += lowerEntries + nk;
    numeric.unz += upperEntries + nk;
    numeric.max_lnz_block = std::max(numeric.max_lnz_block, lowerEntries + nk);
    numeric.max_unz_block = std::max(numeric.max_unz_block, upperEntries + nk);
    return true;
}

bool layOutBlocks(const StaticPivotPattern& pattern, const klu_symbolic& symbolic, std::size_t entryBytes,
                  KluAllocator& allocator, klu_numeric& numeric) {
    const auto blocks = static_cast<std::size_t>(symbolic.nblocks);
    numeric.LUsize = allocator.allocateArray<std::size_t>(blocks);
    numeric.LUbx = allocator.allocateArray<void*>(blocks);
    if (!numeric.LUsize || !numeric.LUbx) return false;
    std::fill_n(numeric.LUsize, blocks, std::size_t{0});
    std::fill_n(numeric.LUbx, blocks, nullptr);  // singletons have none, and KLU's free skips null
    numeric.max_lnz_block = numeric.max_unz_block = 1;
    for (int block = 0; block < symbolic.nblocks; ++block) {
        const int k1 = symbolic.R[block], k2 = symbolic.R[block + 1];
        if (k2 - k1 > 1) {
            if (!layOutBlock(pattern, k1, k2, entryBytes, allocator, numeric, block)) return false;
            continue;
        }
        numeric.Lip[k1] = numeric.Uip[k1] = numeric.Llen[k1] = numeric.Ulen[k1] = 0;
        ++numeric.lnz;
        ++numeric.unz;
    }
    return true;
}

} // namespace

klu_numeric* kluNumericFromPattern(const StaticPivotPattern& pattern, const klu_symbolic& symbolic,
                                   std::size_t entryBytes, klu_common& common) {
    KluAllocator allocator(common);
    auto* numeric = allocator.allocateArray<klu_numeric>(1);
    if (!numeric) return nullptr;
    *numeric = klu_numeric{};  // every pointer null until allocated: KLU's free takes a partial object
    const int n = symbolic.n;
    const auto size = static_cast<std::size_t>(n);
    numeric->n = n;
    numeric->nblocks = symbolic.nblocks;
    numeric->nzoff = symbolic.nzoff;
    numeric->Pnum = allocator.copied(pattern.rowOfPivot.data(), size);
    numeric->Pinv = allocator.allocateArray<int>(size);
    numeric->Lip = allocator.allocateArray<int>(size);
    numeric->Uip = allocator.allocateArray<int>(size);
    numeric->Llen = allocator.allocateArray<int>(size);
    numeric->Ulen = allocator.allocateArray<int>(size);
    numeric->Udiag = allocator.allocate(size, entryBytes);
    numeric->Rs = common.scale > 0 ? allocator.allocateArray<double>(size) : nullptr;
    numeric->Offp = allocator.copied(pattern.offStart.data(), size + 1);
    numeric->Offi = allocator.allocateArray<int>(static_cast<std::size_t>(symbolic.nzoff) + 1);
    numeric->Offx = allocator.allocate(static_cast<std::size_t>(symbolic.nzoff) + 1, entryBytes);
    const bool arrays = !allocator.failed() && allocateKluWork(allocator, *numeric, kluWorkSize(n, symbolic.maxblock, entryBytes), entryBytes) &&
                        layOutBlocks(pattern, symbolic, entryBytes, allocator, *numeric);
    if (!arrays) {
        KluAllocator::freeNumeric(numeric, entryBytes, common);
        return nullptr;
    }
    for (int k = 0; k < n; ++k) numeric->Pinv[numeric->Pnum[k]] = k;
    std::copy(pattern.offRows.begin(), pattern.offRows.end(), numeric->Offi);
    return numeric;
}

} // namespace cablespice::solver
