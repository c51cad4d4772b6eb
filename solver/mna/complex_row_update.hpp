#pragma once
// The row-at-a-time update of a run of columns (complex_refactor.cpp): x[rows[r]] -= sum over t
// of values[t][r] * u[t], for the Width columns of a run that share these rows. One index load
// and one update of x for Width multiply-adds; each product is KLU's (MULT_SUB's), the Width of
// them summed before the subtraction. Two builds of it: SSE2 (any x86-64), and AVX2 with two rows
// per 256-bit vector where the processor has it (~10 % of a 1e4- and a 1e5-unknown sweep,
// bench/README.md). The AVX2 one makes the same products and sums lane by lane, without fused
// multiply-adds, so both give the same factors bit for bit (tested). Internal to
// complex_refactor.cpp.
#include "solver/mna/klu_complex_layout.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CABLESPICE_WIDE_ROW_UPDATE 1
#endif

namespace cablespice::solver::klu_layout {

template <int Width>
void subtractRowsTimes(Entry* x, const int* rows, int length, const Entry* const* values, const Entry* u) {
#if defined(__SSE2__)
    __m128d ur[Width], ui[Width];
    for (int t = 0; t < Width; ++t) {
        ur[t] = _mm_set1_pd(u[t].re);
        ui[t] = _mm_set_pd(u[t].im, -u[t].im);  // (low, high) = (-ui, ui)
    }
    for (int r = 0; r < length; ++r) {
        __m128d sum = _mm_setzero_pd();
        for (int t = 0; t < Width; ++t) {
            const __m128d l = _mm_loadu_pd(&values[t][r].re);
            const __m128d swapped = _mm_shuffle_pd(l, l, 1);
            sum = _mm_add_pd(sum, _mm_add_pd(_mm_mul_pd(l, ur[t]), _mm_mul_pd(swapped, ui[t])));
        }
        double* target = &x[rows[r]].re;
        _mm_storeu_pd(target, _mm_sub_pd(_mm_loadu_pd(target), sum));
    }
#else
    for (int r = 0; r < length; ++r) {
        Entry sum{0.0, 0.0};
        for (int t = 0; t < Width; ++t) {
            const Entry l = values[t][r];
            sum.re += l.re * u[t].re - l.im * u[t].im;
            sum.im += l.im * u[t].re + l.re * u[t].im;
        }
        x[rows[r]].re -= sum.re;
        x[rows[r]].im -= sum.im;
    }
#endif
}

#if CABLESPICE_WIDE_ROW_UPDATE
// Rows r and r + 1 in the two halves of one vector (their values are adjacent in each column);
// an odd last row by the SSE2 build.
template <int Width>
[[gnu::target("avx2")]] void subtractRowsTimesWide(Entry* x, const int* rows, int length, const Entry* const* values,
                                                   const Entry* u) {
    __m256d ur[Width], ui[Width];
    for (int t = 0; t < Width; ++t) {
        ur[t] = _mm256_set1_pd(u[t].re);
        ui[t] = _mm256_set_pd(u[t].im, -u[t].im, u[t].im, -u[t].im);
    }
    int r = 0;
    for (; r + 1 < length; r += 2) {
        __m256d sum = _mm256_setzero_pd();
        for (int t = 0; t < Width; ++t) {
            const __m256d l = _mm256_loadu_pd(&values[t][r].re);
            const __m256d swapped = _mm256_permute_pd(l, 0b0101);  // re and im swapped in each half
            sum = _mm256_add_pd(sum, _mm256_add_pd(_mm256_mul_pd(l, ur[t]), _mm256_mul_pd(swapped, ui[t])));
        }
        double* first = &x[rows[r]].re;
        double* second = &x[rows[r + 1]].re;
        _mm_storeu_pd(first, _mm_sub_pd(_mm_loadu_pd(first), _mm256_castpd256_pd128(sum)));
        _mm_storeu_pd(second, _mm_sub_pd(_mm_loadu_pd(second), _mm256_extractf128_pd(sum, 1)));
    }
    if (r < length) {
        const Entry* last[Width];
        for (int t = 0; t < Width; ++t) last[t] = values[t] + r;
        subtractRowsTimes<Width>(x, rows + r, 1, last, u);
    }
}
#endif

// Whether this processor runs the AVX2 build.
inline bool wideRowUpdateAvailable() {
#if CABLESPICE_WIDE_ROW_UPDATE
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

// The AVX2 build when `wide` (callers pass wideRowUpdateAvailable() or false), else SSE2's.
template <int Width>
void subtractRowsTimes(bool wide, Entry* x, const int* rows, int length, const Entry* const* values, const Entry* u) {
#if CABLESPICE_WIDE_ROW_UPDATE
    if (wide) {
        subtractRowsTimesWide<Width>(x, rows, length, values, u);
        return;
    }
#endif
    (void)wide;
    subtractRowsTimes<Width>(x, rows, length, values, u);
}

} // namespace cablespice::solver::klu_layout
