#include "solver/mna/klu_numeric_copy.hpp"

#include <SuiteSparse_config.h>

#include <algorithm>
#include <cstring>

namespace cablespice::solver {

namespace {

// Allocations counted as KLU_malloc counts them, so that KLU's free leaves common.memusage right.
class Allocator {
public:
    explicit Allocator(klu_common& common) : common_(common) {}

    // A copy of count items of `bytes` each (count 0: one item, as KLU allocates); null when
    // `source` is null or memory runs out (failed() then tells which).
    void* copy(const void* source, std::size_t count, std::size_t bytes) {
        if (!source) return nullptr;
        void* target = allocate(count, bytes);
        if (target && count > 0) std::memcpy(target, source, count * bytes);
        return target;
    }
    void* allocate(std::size_t count, std::size_t bytes) {
        void* target = SuiteSparse_malloc(std::max<std::size_t>(count, 1), bytes);
        if (!target) {
            failed_ = true;
            return nullptr;
        }
        common_.memusage += std::max<std::size_t>(count, 1) * bytes;
        common_.mempeak = std::max(common_.mempeak, common_.memusage);
        return target;
    }
    bool failed() const { return failed_; }

private:
    klu_common& common_;
    bool failed_ = false;
};

template <class T>
T* copied(Allocator& allocator, const T* source, std::size_t count) {
    return static_cast<T*>(allocator.copy(source, count, sizeof(T)));
}

} // namespace

klu_numeric* copyKluNumeric(const klu_numeric& source, std::size_t entryBytes, klu_common& common) {
    Allocator allocator(common);
    auto* copy = static_cast<klu_numeric*>(allocator.allocate(1, sizeof(klu_numeric)));
    if (!copy) return nullptr;
    *copy = source;  // the sizes; every pointer is replaced below
    const auto n = static_cast<std::size_t>(source.n);
    const auto blocks = static_cast<std::size_t>(source.nblocks);
    const auto offDiagonal = static_cast<std::size_t>(source.nzoff) + 1;
    copy->Pnum = copied(allocator, source.Pnum, n);
    copy->Pinv = copied(allocator, source.Pinv, n);
    copy->Lip = copied(allocator, source.Lip, n);
    copy->Uip = copied(allocator, source.Uip, n);
    copy->Llen = copied(allocator, source.Llen, n);
    copy->Ulen = copied(allocator, source.Ulen, n);
    copy->LUsize = copied(allocator, source.LUsize, blocks);
    copy->LUbx = static_cast<void**>(allocator.allocate(blocks, sizeof(void*)));
    // Singleton blocks have no factor array (and no size).
    for (std::size_t b = 0; copy->LUbx && b < blocks; ++b)
        copy->LUbx[b] = allocator.copy(source.LUbx[b], source.LUbx[b] ? source.LUsize[b] : 0, entryBytes);
    copy->Udiag = allocator.copy(source.Udiag, n, entryBytes);
    copy->Rs = copied(allocator, source.Rs, n);
    copy->Offp = copied(allocator, source.Offp, n + 1);
    copy->Offi = copied(allocator, source.Offi, offDiagonal);
    copy->Offx = allocator.copy(source.Offx, offDiagonal, entryBytes);
    copy->Work = allocator.allocate(source.worksize, 1);
    copy->Xwork = copy->Work;
    copy->Iwork = copy->Work ? reinterpret_cast<int*>(static_cast<char*>(copy->Work) + n * entryBytes) : nullptr;
    if (allocator.failed()) {
        // Every pointer is the copy's own or null by now: KLU's free takes the partial object.
        klu_numeric* doomed = copy;
        if (entryBytes == sizeof(double)) klu_free_numeric(&doomed, &common);
        else klu_z_free_numeric(&doomed, &common);
        return nullptr;
    }
    return copy;
}

} // namespace cablespice::solver
