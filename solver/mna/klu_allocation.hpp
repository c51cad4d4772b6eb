#pragma once
#include <klu.h>
#include <SuiteSparse_config.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace cablespice::solver {

// Allocations for a KLU numeric object made by hand (klu_numeric_copy.hpp,
// klu_numeric_from_pattern.hpp), counted as KLU_malloc counts them, so that KLU's free leaves
// common.memusage right.
class KluAllocator {
public:
    explicit KluAllocator(klu_common& common) : common_(common) {}

    // `count` items of `bytes` each (count 0: one item, as KLU allocates); null when memory runs
    // out (failed() then tells).
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
    template <class T>
    T* allocateArray(std::size_t count) {
        return static_cast<T*>(allocate(count, sizeof(T)));
    }
    // A copy of `count` items of `bytes` each; null when `source` is null or memory runs out.
    void* copy(const void* source, std::size_t count, std::size_t bytes) {
        if (!source) return nullptr;
        void* target = allocate(count, bytes);
        if (target && count > 0) std::memcpy(target, source, count * bytes);
        return target;
    }
    template <class T>
    T* copied(const T* source, std::size_t count) {
        return static_cast<T*>(copy(source, count, sizeof(T)));
    }
    bool failed() const { return failed_; }

    // Frees a (possibly partial) numeric object whose every pointer is its own or null.
    static void freeNumeric(klu_numeric* numeric, std::size_t entryBytes, klu_common& common) {
        if (entryBytes == sizeof(double)) klu_free_numeric(&numeric, &common);
        else klu_z_free_numeric(&numeric, &common);
    }

private:
    klu_common& common_;
    bool failed_ = false;
};

// The size of KLU's permanent workspace of a numeric object, as klu_factor sizes it: the
// solve's 4n entries, the factorization's 6 * maxblock integers.
inline std::size_t kluWorkSize(int n, int maxblock, std::size_t entryBytes) {
    const auto size = static_cast<std::size_t>(n);
    return size * entryBytes + std::max(3 * size * entryBytes, 6 * static_cast<std::size_t>(maxblock) * sizeof(int));
}

// Allocates that workspace (`worksize` bytes) and sets its aliases; false when memory runs out.
inline bool allocateKluWork(KluAllocator& allocator, klu_numeric& numeric, std::size_t worksize, std::size_t entryBytes) {
    numeric.worksize = worksize;
    numeric.Work = allocator.allocate(worksize, 1);
    numeric.Xwork = numeric.Work;
    const auto n = static_cast<std::size_t>(numeric.n);
    numeric.Iwork = numeric.Work ? reinterpret_cast<int*>(static_cast<char*>(numeric.Work) + n * entryBytes) : nullptr;
    return numeric.Work != nullptr;
}

} // namespace cablespice::solver
