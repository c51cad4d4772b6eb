#include "solver/analysis/frequency_sweep.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <numbers>
#include <optional>
#include <thread>

namespace cablespice::solver {

namespace {

// Points per thread and round: enough that starting the round's threads is noise, few enough
// that the round's rows (full solutions, 1.6 MB each at 1e5 unknowns) stay within a budget.
constexpr std::size_t kPointsPerThread = 4;
constexpr std::size_t kRoundRowBytes = 64u << 20;

std::size_t pointsPerThread(std::size_t threads, std::size_t rowWidth) {
    const std::size_t rowBytes = std::max<std::size_t>(1, rowWidth) * sizeof(std::complex<double>);
    return std::clamp<std::size_t>(kRoundRowBytes / (rowBytes * threads), 1, kPointsPerThread);
}

double omegaOf(double frequency) { return 2.0 * std::numbers::pi * frequency; }

// One thread's share: its own AcSystem, kept across rounds.
struct SweepWorker {
    SweepWorker(const Circuit& circuit, std::size_t scratchWidth, const LinearisedCircuit* linearised,
                KeptFactorizations* kept)
        : system(circuit, linearised ? linearised->g : circuit.gConstant(), linearised ? linearised->c : circuit.cConstant(),
                 linearised ? std::span<const double>(linearised->x) : std::span<const double>(), kept),
          scratch(scratchWidth) {}
    AcSystem system;
    std::vector<std::complex<double>> scratch;
    bool prepared = false;
};

} // namespace

FrequencySweep::FrequencySweep(const Circuit& circuit, std::vector<double> frequencies, std::size_t rowWidth,
                               int threads, std::size_t scratchWidth, const LinearisedCircuit* linearised,
                               KeptFactorizations* kept)
    : circuit_(circuit), frequencies_(std::move(frequencies)), rowWidth_(rowWidth), threads_(std::max(1, threads)),
      scratchWidth_(scratchWidth), linearised_(linearised), kept_(kept) {}

Outcome<FrequencySweepStats> FrequencySweep::run(const SolvePoint& solve, const EmitPoint& emit) {
    const std::size_t count = frequencies_.size();
    const auto threads = static_cast<std::size_t>(
        std::clamp<std::size_t>(static_cast<std::size_t>(threads_), 1, std::max<std::size_t>(1, count)));
    const std::size_t roundSize = threads * pointsPerThread(threads, rowWidth_);
    std::vector<std::unique_ptr<SweepWorker>> workers;
    // Kept pivots only on one thread: every thread's points must share one reference order.
    KeptFactorizations* kept = threads == 1 ? kept_ : nullptr;
    for (std::size_t t = 0; t < threads; ++t)
        workers.push_back(std::make_unique<SweepWorker>(circuit_, scratchWidth_, linearised_, kept));
    std::vector<std::complex<double>> rows(roundSize * rowWidth_);
    std::vector<std::optional<SolveError>> errors(roundSize);
    std::vector<std::exception_ptr> failures(threads);

    // Thread t takes the round's slots t, t + threads, ... until one fails.
    auto work = [&](std::size_t t, std::size_t start) {
        try {
            SweepWorker& worker = *workers[t];
            for (std::size_t slot = t; slot < roundSize && start + slot < count; slot += threads) {
                if (!worker.prepared) {
                    auto prepared = worker.system.prepare(omegaOf(frequencies_.front()));
                    worker.prepared = true;
                    if (!prepared) {
                        errors[slot] = prepared.error();
                        return;
                    }
                }
                const double frequency = frequencies_[start + slot];
                auto factored = worker.system.factorAt(omegaOf(frequency));
                if (!factored) {
                    errors[slot] = factored.error();
                    return;
                }
                auto solved = solve(worker.system, frequency, std::span(rows).subspan(slot * rowWidth_, rowWidth_),
                                    worker.scratch);
                if (!solved) {
                    errors[slot] = solved.error();
                    return;
                }
            }
        } catch (...) {
            failures[t] = std::current_exception();
        }
    };

    for (std::size_t start = 0; start < count; start += roundSize) {
        std::fill(errors.begin(), errors.end(), std::nullopt);
        {
            std::vector<std::jthread> helpers;
            for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t, start);
            work(0, start);
        }
        for (const auto& failure : failures)
            if (failure) std::rethrow_exception(failure);
        for (std::size_t slot = 0; slot < roundSize && start + slot < count; ++slot) {
            if (errors[slot]) return *errors[slot];
            emit(frequencies_[start + slot], std::span<const std::complex<double>>(rows).subspan(slot * rowWidth_, rowWidth_));
        }
    }

    FrequencySweepStats stats;
    stats.points = count;
    stats.threads = static_cast<int>(threads);
    stats.factorEntries = workers.front()->system.factorEntries();
    stats.pivotTolerance = workers.front()->system.referencePivotTolerance();
    for (const auto& worker : workers) stats.counters += worker->system.counters();
    return stats;
}

} // namespace cablespice::solver
