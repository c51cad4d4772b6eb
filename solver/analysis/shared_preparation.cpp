#include "solver/analysis/shared_preparation.hpp"

#include <algorithm>

namespace cablespice::solver {

SharedPreparation::SharedPreparation(std::size_t members) : members_(std::max<std::size_t>(1, members)), checks_(members_) {}

FreshCheckShare SharedPreparation::shareOf(std::size_t member) const {
    const std::size_t last = members_ - 1;
    return FreshCheckShare{member == 0, member == std::min<std::size_t>(1, last), member == std::min<std::size_t>(2, last)};
}

Outcome<Done> SharedPreparation::prepare(std::size_t member, AcSystem& system, double referenceOmega) {
    // Gives the share up on every way out before the exchange (an error or an exception).
    struct GiveUpUnlessHandedIn {
        SharedPreparation& shared;
        bool handedIn = false;
        ~GiveUpUnlessHandedIn() {
            if (!handedIn) shared.giveUp();
        }
    } guard{*this};
    // Member 0 factors; the others copy its factorization, or factor themselves without one.
    const AcSystem* source = member == 0 ? nullptr : factoredToCopy();
    auto factored = system.prepareUnchecked(referenceOmega, source);
    if (member == 0) publishFactored(factored ? &system : nullptr);
    if (!factored) return factored;
    const FreshCheckShare share = shareOf(member);
    FreshFactorChecks checks = system.checkPrepared(share);
    guard.handedIn = true;
    if (auto everyone = exchange(member, checks)) return system.settlePrepared(*everyone);
    const FreshCheckShare rest{!share.condition, !share.growth, !share.backwardError};
    checks.add(system.checkPrepared(rest));
    return system.settlePrepared(checks);
}

std::optional<FreshFactorChecks> SharedPreparation::exchange(std::size_t member, const FreshFactorChecks& checks) {
    std::unique_lock lock(mutex_);
    checks_[member] = checks;
    ++handedIn_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return handedIn_ == members_ || givenUp_; });
    if (handedIn_ != members_) return std::nullopt;
    FreshFactorChecks everyone;
    for (const auto& handed : checks_) everyone.add(*handed);
    return everyone;
}

void SharedPreparation::publishFactored(const AcSystem* factored) {
    std::lock_guard lock(mutex_);
    published_ = true;
    factored_ = factored;
    changed_.notify_all();
}

const AcSystem* SharedPreparation::factoredToCopy() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return published_ || givenUp_; });
    return published_ ? factored_ : nullptr;
}

void SharedPreparation::giveUp() {
    std::lock_guard lock(mutex_);
    givenUp_ = true;
    changed_.notify_all();
}

} // namespace cablespice::solver
