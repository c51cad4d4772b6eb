#include "solver/devices/transmission_line_lossless.hpp"

#include <cassert>
#include <cmath>
#include <complex>
#include <limits>
#include <algorithm>

namespace cablespice::solver {

namespace {

constexpr std::size_t kInitialHistory = 1024;
constexpr std::size_t kReservedBreakpoints = 256;
// A slope change counts as a corner when |d2 - d1| > kCornerRelative * max(|d1|, |d2|) plus
// kCornerVolts per TD (so numerical noise on a flat wave never schedules breakpoints).
constexpr double kCornerRelative = 0.5;
constexpr double kCornerVolts = 1e-6;

bool isCorner(double d1, double d2, double delay) {
    return std::abs(d2 - d1) > kCornerRelative * std::max(std::abs(d1), std::abs(d2)) + kCornerVolts / delay;
}

double valueOf(std::span<const double> x, Unknown u) { return x[static_cast<std::size_t>(u)]; }

} // namespace

TransmissionLineLossless::TransmissionLineLossless(std::string name, SourceRange origin, Unknown a, Unknown ra,
                                                   Unknown b, Unknown rb, double impedanceOhms, double delaySeconds)
    : Device(std::move(name), origin), a_(a), ra_(ra), b_(b), rb_(rb), z0_(impedanceOhms), delay_(delaySeconds) {
    assert(z0_ > 0.0 && delay_ > 0.0 && "Z0 and TD must be positive");
}

void TransmissionLineLossless::allocateUnknowns(NodeTable& nodes) {
    i1_ = nodes.addBranch(name() + ".i1");
    i2_ = nodes.addBranch(name() + ".i2");
}

void TransmissionLineLossless::declareEntries(PatternBuilder& pattern) const {
    BranchSlots::declare(pattern, a_, ra_, i1_);
    BranchSlots::declare(pattern, b_, rb_, i2_);
    pattern.add(i1_, i1_, EntryKind::Resistive);
    pattern.add(i2_, i2_, EntryKind::Resistive);
    // Coupling (DC, AC; removed in transient).
    pattern.add(i1_, b_, EntryKind::Resistive);
    pattern.add(i1_, rb_, EntryKind::Resistive);
    pattern.add(i1_, i2_, EntryKind::Resistive);
    pattern.add(i2_, a_, EntryKind::Resistive);
    pattern.add(i2_, ra_, EntryKind::Resistive);
    pattern.add(i2_, i1_, EntryKind::Resistive);
}

void TransmissionLineLossless::bindSlots(const SparsePattern& pattern) {
    port1_ = BranchSlots::bind(pattern, a_, ra_, i1_);
    port2_ = BranchSlots::bind(pattern, b_, rb_, i2_);
    self1_ = pattern.slot(i1_, i1_);
    self2_ = pattern.slot(i2_, i2_);
    row1_ = {pattern.slot(i1_, b_), pattern.slot(i1_, rb_), pattern.slot(i1_, i2_)};
    row2_ = {pattern.slot(i2_, a_), pattern.slot(i2_, ra_), pattern.slot(i2_, i1_)};
}

// Adds -k * (v_other + Z0 i_other) to each branch row.
template <class Values, class Scalar>
void TransmissionLineLossless::stampCoupling(Values& values, Scalar k) const {
    for (const Coupling* row : {&row1_, &row2_}) {
        values.add(row->otherPort, -k);
        values.add(row->otherReference, k);
        values.add(row->otherBranch, -k * z0_);
    }
}

void TransmissionLineLossless::loadConstant(ConstantLoad& load) const {
    port1_.stamp(load.g);
    port2_.stamp(load.g);
    load.g.add(self1_, -z0_);
    load.g.add(self2_, -z0_);
    stampCoupling(load.g, 1.0);
}

void TransmissionLineLossless::loadFrequency(double omega, ComplexMatrixValues& values) const {
    const std::complex<double> k = std::polar(1.0, -omega * delay_);
    stampCoupling(values, k - 1.0);
}

void TransmissionLineLossless::loadTransientMatrix(MatrixValues& a) const { stampCoupling(a, -1.0); }

TransmissionLineLossless::Sample TransmissionLineLossless::sampleAt(double time, std::span<const double> x) const {
    const double v1 = valueOf(x, a_) - valueOf(x, ra_);
    const double v2 = valueOf(x, b_) - valueOf(x, rb_);
    return {time, v1 + z0_ * valueOf(x, i1_), v2 + z0_ * valueOf(x, i2_)};
}

void TransmissionLineLossless::push(const Sample& s) {
    if (count_ == ring_.size()) {  // full: grow (rare; amortised)
        std::vector<Sample> larger(std::max<std::size_t>(2 * ring_.size(), kInitialHistory));
        for (std::size_t i = 0; i < count_; ++i) larger[i] = at(i);
        ring_ = std::move(larger);
        head_ = 0;
    }
    ring_[(head_ + count_) % ring_.size()] = s;
    ++count_;
}

void TransmissionLineLossless::beginTransient(std::span<const double> xOperatingPoint) {
    ring_.assign(kInitialHistory, Sample{});
    head_ = 0;
    count_ = 0;
    push(sampleAt(0.0, xOperatingPoint));
    pendingBreakpoints_.clear();
    pendingBreakpoints_.reserve(kReservedBreakpoints);
}

// The next-to-last sample is a corner of an outgoing wave when the slope changes there (before
// t = 0 the waves are constant): the corner arrives at the other port TD later.
void TransmissionLineLossless::detectCorner() {
    if (count_ < 2) return;
    const Sample& s1 = at(count_ - 2);
    const Sample& s2 = at(count_ - 1);
    const Sample before = count_ >= 3 ? at(count_ - 3) : Sample{s1.time - delay_, s1.wave1, s1.wave2};
    const double h1 = s1.time - before.time, h2 = s2.time - s1.time;
    if (!(h1 > 0.0 && h2 > 0.0)) return;
    const bool corner = isCorner((s1.wave1 - before.wave1) / h1, (s2.wave1 - s1.wave1) / h2, delay_) ||
                        isCorner((s1.wave2 - before.wave2) / h1, (s2.wave2 - s1.wave2) / h2, delay_);
    if (!corner) return;
    const double arrival = s1.time + delay_;
    auto it = std::lower_bound(pendingBreakpoints_.begin(), pendingBreakpoints_.end(), arrival);
    if (it != pendingBreakpoints_.end() && *it == arrival) return;
    pendingBreakpoints_.insert(it, arrival);
}

double TransmissionLineLossless::nextBreakpoint(double after) const {
    auto it = std::upper_bound(pendingBreakpoints_.begin(), pendingBreakpoints_.end(), after);
    return it == pendingBreakpoints_.end() ? std::numeric_limits<double>::infinity() : *it;
}

void TransmissionLineLossless::acceptStep(double time, std::span<const double> x) {
    push(sampleAt(time, x));
    detectCorner();
    while (!pendingBreakpoints_.empty() && pendingBreakpoints_.front() <= time)
        pendingBreakpoints_.erase(pendingBreakpoints_.begin());
    // Forget samples no future step can need: a step starts after `time`, so it reads at
    // t - TD > time - TD; keep the last sample at or before time - TD for interpolation.
    const double horizon = time - delay_;
    while (count_ >= 2 && at(1).time <= horizon) {
        head_ = (head_ + 1) % ring_.size();
        --count_;
    }
}

TransmissionLineLossless::Sample TransmissionLineLossless::delayedWaves(double time) const {
    assert(count_ > 0 && "beginTransient() first");
    const double t = time - delay_;
    if (t <= at(0).time) return at(0);
    const Sample& last = at(count_ - 1);
    if (t >= last.time) return last;  // cannot happen while maxStep() <= TD
    std::size_t lo = 0, hi = count_ - 1;  // at(lo).time < t <= at(hi).time
    while (hi - lo > 1) {
        const std::size_t mid = (lo + hi) / 2;
        (at(mid).time < t ? lo : hi) = mid;
    }
    const Sample& s0 = at(lo);
    const Sample& s1 = at(hi);
    const double w = (t - s0.time) / (s1.time - s0.time);
    return {t, s0.wave1 + w * (s1.wave1 - s0.wave1), s0.wave2 + w * (s1.wave2 - s0.wave2)};
}

void TransmissionLineLossless::loadHistory(double time, std::span<double> b) const {
    const Sample incident = delayedWaves(time);
    b[static_cast<std::size_t>(i1_)] += incident.wave2;
    b[static_cast<std::size_t>(i2_)] += incident.wave1;
}

} // namespace cablespice::solver
