#include "solver/mna/klu_numeric_copy.hpp"

#include "solver/mna/klu_allocation.hpp"

namespace cablespice::solver {

klu_numeric* copyKluNumeric(const klu_numeric& source, std::size_t entryBytes, klu_common& common) {
    KluAllocator allocator(common);
    auto* copy = static_cast<klu_numeric*>(allocator.allocate(1, sizeof(klu_numeric)));
    if (!copy) return nullptr;
    *copy = source;  // the sizes; every pointer is replaced below
    const auto n = static_cast<std::size_t>(source.n);
    const auto blocks = static_cast<std::size_t>(source.nblocks);
    const auto offDiagonal = static_cast<std::size_t>(source.nzoff) + 1;
    copy->Pnum = allocator.copied(source.Pnum, n);
    copy->Pinv = allocator.copied(source.Pinv, n);
    copy->Lip = allocator.copied(source.Lip, n);
    copy->Uip = allocator.copied(source.Uip, n);
    copy->Llen = allocator.copied(source.Llen, n);
    copy->Ulen = allocator.copied(source.Ulen, n);
    copy->LUsize = allocator.copied(source.LUsize, blocks);
    copy->LUbx = static_cast<void**>(allocator.allocate(blocks, sizeof(void*)));
    // Singleton blocks have no factor array (and no size).
    for (std::size_t b = 0; copy->LUbx && b < blocks; ++b)
        copy->LUbx[b] = allocator.copy(source.LUbx[b], source.LUbx[b] ? source.LUsize[b] : 0, entryBytes);
    copy->Udiag = allocator.copy(source.Udiag, n, entryBytes);
    copy->Rs = allocator.copied(source.Rs, n);
    copy->Offp = allocator.copied(source.Offp, n + 1);
    copy->Offi = allocator.copied(source.Offi, offDiagonal);
    copy->Offx = allocator.copy(source.Offx, offDiagonal, entryBytes);
    allocateKluWork(allocator, *copy, source.worksize, entryBytes);  // a failure shows in allocator.failed()
    if (allocator.failed()) {
        // Every pointer is the copy's own or null by now: KLU's free takes the partial object.
        KluAllocator::freeNumeric(copy, entryBytes, common);
        return nullptr;
    }
    return copy;
}

} // namespace cablespice::solver
