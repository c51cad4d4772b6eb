#pragma once
// KLU's complex factor layout (klu_version.h) and the packed update the complex refactorization
// and solve share (complex_refactor.cpp, complex_solve.cpp, complex_supernodes.cpp, and their
// tests, which read factors through it). Internal to the complex factor code.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include <SuiteSparse_config.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cablespice::solver::klu_layout {

// KLU's complex Entry and the Unit its factor blocks are counted in (both two doubles).
struct Entry {
    double re, im;
};
using Unit = Entry;

inline std::size_t unitsOfInts(int count) {
    return (sizeof(int) * static_cast<std::size_t>(count) + sizeof(Unit) - 1) / sizeof(Unit);
}

// Column k's row indices and values in a block of KLU's factor (GET_POINTER in klu_version.h).
struct Column {
    const int* rows;
    Entry* values;
    int length;
};

inline Column columnOf(Unit* block, const int* start, const int* length, int k) {
    Unit* first = block + start[k];
    return Column{reinterpret_cast<const int*>(first), reinterpret_cast<Entry*>(first + unitsOfInts(length[k])),
                  length[k]};
}

// x[rows[p]] -= values[p] * u for the whole column: KLU's MULT_SUB, (c) -= (a) * (b) with
// c.re -= a.re*b.re - a.im*b.im and c.im -= a.im*b.re + a.re*b.im, on packed pairs.
inline void subtractColumnTimes(Entry* x, const Column& column, Entry u) {
#if defined(__SSE2__)
    const __m128d ur = _mm_set1_pd(u.re);
    const __m128d ui = _mm_set_pd(u.im, -u.im);  // (low, high) = (-ui, ui)
    const double* values = &column.values[0].re;
    for (int p = 0; p < column.length; ++p) {
        const __m128d l = _mm_loadu_pd(values + 2 * p);            // (lr, li)
        const __m128d swapped = _mm_shuffle_pd(l, l, 1);           // (li, lr)
        // (lr*ur + li*-ui, li*ur + lr*ui): KLU's (lr*ur - li*ui, li*ur + lr*ui), rounded alike.
        const __m128d product = _mm_add_pd(_mm_mul_pd(l, ur), _mm_mul_pd(swapped, ui));
        double* target = &x[column.rows[p]].re;
        _mm_storeu_pd(target, _mm_sub_pd(_mm_loadu_pd(target), product));
    }
#else
    for (int p = 0; p < column.length; ++p) {
        const Entry l = column.values[p];
        Entry& target = x[column.rows[p]];
        target.re -= l.re * u.re - l.im * u.im;
        target.im -= l.im * u.re + l.re * u.im;
    }
#endif
}

// a / b as KLU divides complex entries (its DIV: SuiteSparse's careful complex division).
inline Entry divided(Entry a, Entry b) {
    Entry c;
    SuiteSparse_divcomplex(a.re, a.im, b.re, b.im, &c.re, &c.im);
    return c;
}

// |a| as KLU computes it for a complex entry (its ABS: a hypot that neither overflows nor
// underflows).
inline double kluMagnitude(Entry a) {
    const double x = std::abs(a.re), y = std::abs(a.im);
    const double big = std::max(x, y), small = std::min(x, y);
    if (big + small == big) return big;
    const double r = small / big;
    return big * std::sqrt(1.0 + r * r);
}

// x -= Off(:, k) * x[k] for the columns k1..k2-1 of a block: its solution's contribution to the
// blocks above it.
inline void subtractOffDiagonal(const int* offp, const int* offi, Entry* offx, int k1, int k2, Entry* x) {
    for (int k = k1; k < k2; ++k) {
        const int begin = offp[k];
        subtractColumnTimes(x, Column{offi + begin, offx + begin, offp[k + 1] - begin}, x[k]);
    }
}

} // namespace cablespice::solver::klu_layout
