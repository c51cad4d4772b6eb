#include "solver/analysis/frequency_sweep.hpp"

#include "solver/analysis/shared_preparation.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <numbers>
#include <optional>
#include <thread>

namespace cablespice::solver {

namespace {

// Rows in flight per thread: enough that a thread never waits for the calling thread to emit
// (with one, a helper that finished its point waits for the calling thread to finish its own),
// few enough that the rows (full solutions, 1.6 MB each at 1e5 unknowns) stay within a budget.
// Two were as fast as four at 1e3, 1e4 and 1e5 unknowns, and keep 6 MB less at 1e5 (-j2).
constexpr std::size_t kPointsPerThread = 2;
constexpr std::size_t kWindowRowBytes = 64u << 20;

std::size_t pointsPerThread(std::size_t threads, std::size_t rowWidth) {
    const std::size_t rowBytes = std::max<std::size_t>(1, rowWidth) * sizeof(std::complex<double>);
    return std::clamp<std::size_t>(kWindowRowBytes / (rowBytes * threads), 1, kPointsPerThread);
}

double omegaOf(double frequency) { return 2.0 * std::numbers::pi * frequency; }

// One thread's share: its own AcSystem, prepared at the sweep's first frequency.
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

// A ring of rows shared by the threads. Each thread takes the next frequency index
// (while its ring slot is free, i.e. the index is within `window` of the next one to emit)
// and computes it; the calling thread also emits finished rows in frequency order. A failed
// point stops new indices at and after it; the rows before it are still computed and emitted.
struct SweepQueue {
    SweepQueue(std::size_t points, std::size_t slots, std::size_t width)
        : count(points), window(slots), rowWidth(width), rows(slots * width), done(slots), errors(slots),
          failedAt(points) {}

    std::span<std::complex<double>> row(std::size_t index) {
        return std::span(rows).subspan((index % window) * rowWidth, rowWidth);
    }
    std::optional<std::size_t> takeLocked() {
        if (stopped || next >= failedAt || next >= emitted + window) return std::nullopt;
        return next++;
    }
    void finishLocked(std::size_t index, std::optional<SolveError> error) {
        const std::size_t slot = index % window;
        done[slot] = true;
        if (error) {
            errors[slot] = std::move(error);
            failedAt = std::min(failedAt, index + 1);  // index itself is done: its error is emitted
        }
    }

    // Ends the sweep for every thread (a thread that failed or could not start).
    void stop() {
        std::lock_guard lock(mutex);
        stopped = true;
        changed.notify_all();
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::size_t count, window, rowWidth;
    std::vector<std::complex<double>> rows;
    std::vector<char> done;
    std::vector<std::optional<SolveError>> errors;
    std::size_t next = 0, emitted = 0, failedAt;
    bool stopped = false;
};

// The calling thread's loop: emits finished rows in frequency order, computes a point itself
// whenever one is free to take, and otherwise waits. Returns the first failed point's error.
template <class Emit, class Compute>
std::optional<SolveError> emitInOrder(std::unique_lock<std::mutex>& lock, SweepQueue& queue, Emit emitRow,
                                      Compute computeRow) {
    while (queue.emitted < queue.count && !queue.stopped) {
        const std::size_t slot = queue.emitted % queue.window;
        if (queue.done[slot]) {
            if (queue.errors[slot]) return std::move(queue.errors[slot]);
            queue.done[slot] = false;
            const std::size_t index = queue.emitted;
            lock.unlock();
            emitRow(index);
            lock.lock();
            ++queue.emitted;
            queue.changed.notify_all();
        } else if (auto index = queue.takeLocked()) {
            computeRow(*index);
        } else {
            queue.changed.wait(lock);
        }
    }
    return std::nullopt;
}

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
    std::vector<std::unique_ptr<SweepWorker>> workers;
    // Kept pivots only on one thread: every thread's points must share one reference order.
    KeptFactorizations* kept = threads == 1 ? kept_ : nullptr;
    for (std::size_t t = 0; t < threads; ++t)
        workers.push_back(std::make_unique<SweepWorker>(circuit_, scratchWidth_, linearised_, kept));
    SweepQueue queue(count, threads * pointsPerThread(threads, rowWidth_), rowWidth_);
    std::vector<std::exception_ptr> failures(threads);

    // Every thread prepares at the first frequency, so the numbers do not depend on which thread
    // takes which point. One thread prepares at its first point (with the kept pivot orders);
    // several prepare together as they start, each running a share of the accuracy checks.
    const double referenceOmega = omegaOf(frequencies_.front());
    std::optional<SharedPreparation> shared;
    if (threads > 1) shared.emplace(threads);
    auto prepareTogether = [&](std::size_t t) -> std::optional<SolveError> {
        workers[t]->prepared = true;
        auto prepared = shared->prepare(t, workers[t]->system, referenceOmega);
        if (!prepared) return prepared.error();
        return std::nullopt;
    };
    // Thread t's computation of one point.
    auto compute = [&](std::size_t t, std::size_t index) -> std::optional<SolveError> {
        SweepWorker& worker = *workers[t];
        if (!worker.prepared) {
            worker.prepared = true;
            auto prepared = worker.system.prepare(referenceOmega);
            if (!prepared) return prepared.error();
        }
        const double frequency = frequencies_[index];
        auto factored = worker.system.factorAt(omegaOf(frequency));
        if (!factored) return factored.error();
        auto solved = solve(worker.system, frequency, queue.row(index), worker.scratch);
        if (!solved) return solved.error();
        return std::nullopt;
    };
    // Computes `index` outside the lock and records it; an exception stops every thread.
    auto computeUnlocked = [&](std::unique_lock<std::mutex>& lock, std::size_t t, std::size_t index) {
        lock.unlock();
        std::optional<SolveError> error;
        try {
            error = compute(t, index);
        } catch (...) {
            failures[t] = std::current_exception();
        }
        lock.lock();
        if (failures[t]) queue.stopped = true;
        queue.finishLocked(index, std::move(error));
        queue.changed.notify_all();
    };
    // A helper whose preparation fails takes no point: the error is the first frequency's, which
    // the calling thread's preparation reports (or, were it this thread's alone, the calling
    // thread goes on without it).
    auto helper = [&](std::size_t t) {
        try {
            if (prepareTogether(t)) return;
        } catch (...) {
            failures[t] = std::current_exception();
            queue.stop();
            return;
        }
        std::unique_lock lock(queue.mutex);
        for (;;) {
            std::optional<std::size_t> index;
            queue.changed.wait(lock, [&] {
                index = queue.takeLocked();
                return index || queue.stopped || queue.next >= queue.failedAt;
            });
            if (!index) return;
            computeUnlocked(lock, t, *index);
        }
    };

    std::optional<SolveError> failed;
    std::exception_ptr callerFailure;  // from the calling thread: its preparation or emit
    {
        std::vector<std::jthread> helpers;
        try {
            for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(helper, t);
        } catch (...) {  // a thread that could not start: stop the others, which must not wait for its share
            if (shared) shared->giveUp();
            queue.stop();
            throw;
        }
        std::optional<SolveError> unprepared;
        try {
            if (shared) unprepared = prepareTogether(0);
        } catch (...) {
            callerFailure = std::current_exception();
        }
        std::unique_lock lock(queue.mutex);
        if (unprepared) {
            failed = std::move(unprepared);
        } else if (!callerFailure) {
            try {
                failed = emitInOrder(
                    lock, queue, [&](std::size_t index) { emit(frequencies_[index], queue.row(index)); },
                    [&](std::size_t index) { computeUnlocked(lock, 0, index); });
            } catch (...) {  // from emit, with the lock released: stop the helpers before joining them
                callerFailure = std::current_exception();
                if (!lock.owns_lock()) lock.lock();
            }
        }
        queue.stopped = true;
        queue.changed.notify_all();
    }
    if (callerFailure) std::rethrow_exception(callerFailure);
    for (const auto& failure : failures)
        if (failure) std::rethrow_exception(failure);
    if (failed) return *failed;

    FrequencySweepStats stats;
    stats.points = count;
    stats.threads = static_cast<int>(threads);
    stats.factorEntries = workers.front()->system.factorEntries();
    stats.factorMultiplyAdds = workers.front()->system.factorMultiplyAdds();
    stats.pivotTolerance = workers.front()->system.referencePivotTolerance();
    for (const auto& worker : workers) stats.counters += worker->system.counters();
    return stats;
}

} // namespace cablespice::solver
