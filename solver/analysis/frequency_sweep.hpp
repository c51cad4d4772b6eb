#pragma once
#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_sweep_stats.hpp"
#include "solver/analysis/newton.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/support/outcome.hpp"

#include <complex>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace cablespice::solver {

// Solves the AC matrix at every frequency of a sweep on up to `threads` threads. Each thread
// owns an AcSystem (its own numeric factorizations over the circuit's shared symbolic analysis)
// prepared at the sweep's first frequency, so every point's numbers are the same for any number
// of threads (AcSystem's static pivoting). The threads stay up for the whole sweep and take the
// next frequency as they finish one; the calling thread also hands the finished rows to `emit`
// in frequency order. A point whose factorization fails ends the sweep there: the rows before it
// are emitted, its error returned.
class FrequencySweep {
public:
    // Fills `row` for the frequency [Hz]; `system` is factored at it; `scratch` is the thread's
    // own workspace (scratchWidth entries). Runs on any thread.
    // A failed solve (AcSystem::solve) ends the sweep as a failed factorization does.
    using SolvePoint = std::function<Outcome<Done>(AcSystem& system, double frequency,
                                                   std::span<std::complex<double>> row,
                                                   std::span<std::complex<double>> scratch)>;
    // Called on the calling thread, in frequency order.
    using EmitPoint = std::function<void(double frequency, std::span<const std::complex<double>> row)>;

    // `linearised`: G_op and C_op of a nonlinear circuit (null: the circuit's constant arrays).
    // `kept`: a run's kept pivot orders (KeptFactorizations), used when the sweep runs on one thread.
    FrequencySweep(const Circuit& circuit, std::vector<double> frequencies, std::size_t rowWidth, int threads,
                   std::size_t scratchWidth = 0, const LinearisedCircuit* linearised = nullptr,
                   KeptFactorizations* kept = nullptr);

    Outcome<FrequencySweepStats> run(const SolvePoint& solve, const EmitPoint& emit);

private:
    const Circuit& circuit_;
    std::vector<double> frequencies_;
    std::size_t rowWidth_;
    int threads_;
    std::size_t scratchWidth_;
    const LinearisedCircuit* linearised_;
    KeptFactorizations* kept_;
};

} // namespace cablespice::solver
