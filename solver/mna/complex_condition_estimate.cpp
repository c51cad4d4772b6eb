#include "solver/mna/complex_condition_estimate.hpp"

#include "solver/mna/complex_solve.hpp"
#include "solver/mna/klu_complex_layout.hpp"

#include <algorithm>
#include <limits>

namespace cablespice::solver {

namespace {

using namespace klu_layout;

// The largest column sum of |a|.
double oneNorm(int n, const int* Ap, const Entry* Az) {
    double norm = 0.0;
    for (int j = 0; j < n; ++j) {
        double sum = 0.0;
        for (int p = Ap[j]; p < Ap[j + 1]; ++p) sum += kluMagnitude(Az[p]);
        norm = std::max(norm, sum);
    }
    return norm;
}

double sumOfMagnitudes(const Entry* x, int n) {
    double sum = 0.0;
    for (int j = 0; j < n; ++j) sum += kluMagnitude(x[j]);
    return sum;
}

// The first position of x's largest |x_j| (0 when all are zero).
int largestAt(const Entry* x, int n) {
    int at = 0;
    double largest = 0.0;
    for (int j = 0; j < n; ++j)
        if (const double magnitude = kluMagnitude(x[j]); magnitude > largest) {
            largest = magnitude;
            at = j;
        }
    return at;
}

// Hager's iteration on A^-1 (at most five steps): from x = (1/n, ..., 1/n), y = A^-1 x; stop
// once ||y||_1 no longer grows; else z = A^-H sign(y), and x = e_j at z's largest entry, unless
// that j is the last one's. `x` and `sign` are workspace of n entries.
double hagerEstimate(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common, Entry* x, Entry* sign) {
    const int n = symbolic->n;
    std::fill(x, x + n, Entry{1.0 / static_cast<double>(n), 0.0});
    int largest = 0;
    double estimate = 0.0;
    for (int step = 0; step < 5; ++step) {
        if (step > 0) {
            std::fill(x, x + n, Entry{0.0, 0.0});
            x[largest] = {1.0, 0.0};
        }
        solveComplex(symbolic, numeric, n, 1, &x->re, common);
        const double previous = estimate;
        estimate = sumOfMagnitudes(x, n);
        for (int j = 0; j < n; ++j) {
            if (x[j].re != 0.0 || x[j].im != 0.0) {
                const double magnitude = kluMagnitude(x[j]);
                sign[j] = {x[j].re / magnitude, x[j].im / magnitude};
            } else {
                sign[j] = {1.0, 0.0};
            }
        }
        if (step > 0 && estimate <= previous) break;
        std::copy(sign, sign + n, x);
        solveComplexTransposed(symbolic, numeric, n, 1, &x->re, true, common);
        const int next = largestAt(x, n);
        if (step > 0 && next == largest) break;
        largest = next;
    }
    return estimate;
}

// Higham's second estimate, 2 ||A^-1 b||_1 / (3n) for b = (-1, 1 + 1/(n-1), -1 - 2/(n-1), ...),
// which catches matrices Hager's iteration underestimates.
double alternatingEstimate(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common, Entry* x) {
    const int n = symbolic->n;
    for (int j = 0; j < n; ++j) {
        const double magnitude = 1.0 + static_cast<double>(j) / static_cast<double>(n - 1);
        x[j] = {j % 2 ? magnitude : -magnitude, 0.0};
    }
    solveComplex(symbolic, numeric, n, 1, &x->re, common);
    return 2.0 * sumOfMagnitudes(x, n) / (3.0 * static_cast<double>(n));
}

} // namespace

int conditionEstimateComplex(const int* Ap, const double* Ax, klu_symbolic* symbolic, klu_numeric* numeric,
                             klu_common* common) {
    if (!common) return 0;
    if (!symbolic || !Ap || !Ax) {
        common->status = KLU_INVALID;
        return 0;
    }
    // A missing factorization or a zero pivot: singular, an infinite estimate (as KLU reports it).
    const int n = symbolic->n;
    const auto* pivots = numeric ? static_cast<const Entry*>(numeric->Udiag) : nullptr;
    if (!numeric || std::any_of(pivots, pivots + n, [](Entry u) { return kluMagnitude(u) == 0.0; })) {
        common->condest = std::numeric_limits<double>::infinity();
        common->status = KLU_SINGULAR;
        return 1;
    }
    common->status = KLU_OK;
    // The solves use the first n entries of the workspace; the estimate, as KLU's, the next 2n.
    Entry* x = static_cast<Entry*>(numeric->Xwork) + n;
    Entry* sign = x + n;
    const double hager = hagerEstimate(symbolic, numeric, common, x, sign);
    const double alternating = alternatingEstimate(symbolic, numeric, common, x);
    // KLU's MAX: a NaN second estimate (n = 1 divides 0 by 0) leaves Hager's.
    const double inverseNorm = alternating > hager ? alternating : hager;
    common->condest = inverseNorm * oneNorm(n, Ap, reinterpret_cast<const Entry*>(Ax));
    return 1;
}

} // namespace cablespice::solver
