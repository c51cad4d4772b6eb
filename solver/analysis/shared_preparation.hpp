#pragma once
#include "solver/analysis/ac_analysis.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/support/outcome.hpp"

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace cablespice::solver {

// The threads of a frequency sweep preparing together: the first member factors the first
// frequency, the others copy its factorization into their own AcSystem (the same factors bit
// for bit, FreshFactorChecks; two factorizations at once took ~10-11 ms each at 1e4 unknowns
// against one's ~8.5, and a copy ~1 ms), each runs one share of the accuracy checks, and all
// settle on the combined results, so the checks cost the sweep one thread's share of their time
// instead of all of it on every thread. A member that fails or throws before handing in its
// results gives the share up: the others then run the checks they miss themselves, so no
// member waits for one that will not come; a member that finds no factorization to copy makes
// its own.
class SharedPreparation {
public:
    explicit SharedPreparation(std::size_t members);

    // The checks member `member` runs: the condition on the first, growth and backward error
    // on the second (the two halves take about as long), spread further over a third.
    FreshCheckShare shareOf(std::size_t member) const;

    // prepareUnchecked (member 0) or its copy (the others), this member's checks, the
    // exchange, settlePrepared.
    Outcome<Done> prepare(std::size_t member, AcSystem& system, double referenceOmega);
    // For a member that will not prepare at all (its thread could not be started).
    void giveUp();

private:
    // Hands in `checks` and waits for every member's; nullopt when one gave up.
    std::optional<FreshFactorChecks> exchange(std::size_t member, const FreshFactorChecks& checks);
    // Member 0's factorization for the others to copy (null: it has none); and the wait for it.
    void publishFactored(const AcSystem* factored);
    const AcSystem* factoredToCopy();

    std::size_t members_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::optional<FreshFactorChecks>> checks_;
    std::size_t handedIn_ = 0;
    bool givenUp_ = false;
    bool published_ = false;             // member 0 has factored (or given up)
    const AcSystem* factored_ = nullptr;  // its system, when its factorization succeeded
};

} // namespace cablespice::solver
