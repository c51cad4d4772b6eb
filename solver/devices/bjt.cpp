#include "solver/devices/bjt.hpp"

#include "solver/devices/junction_limit.hpp"

#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <utility>

namespace cablespice::solver {

namespace {

using LocalMatrix = std::array<std::array<double, Bjt::kLocalCount>, Bjt::kLocalCount>;
using LocalVector = std::array<double, Bjt::kLocalCount>;

// A branch voltage between two local nodes, in the device's polarity, at the evaluated point.
struct Control {
    std::size_t p, n;
    double v;
};

// One transistor's contributions over its local nodes, before m= and the scatter to slots.
struct LocalLoad {
    LocalMatrix g{}, c{};
    LocalVector f{}, q{}, fEquivalent{}, qEquivalent{};
};

// A current (or charge) `value` leaving node `from` into the device and entering `to`, a
// function of the controls with the given derivatives. Values are in the device's polarity
// (NPN sense): the node quantities carry the polarity, the derivatives do not (it cancels).
// Inlined: called eight times per load with two or three terms, a call each cost 7 % of an op-amp transient.
[[gnu::always_inline]] inline void addBranch(LocalMatrix& jacobian, LocalVector& value, LocalVector& equivalent, std::size_t from, std::size_t to,
               double polarity, double amount, std::initializer_list<std::pair<Control, double>> terms) {
    double linearPart = 0.0;
    for (const auto& [control, derivative] : terms) {
        linearPart += derivative * control.v;
        jacobian[from][control.p] += derivative;
        jacobian[from][control.n] -= derivative;
        jacobian[to][control.p] -= derivative;
        jacobian[to][control.n] += derivative;
    }
    value[from] += polarity * amount;
    value[to] -= polarity * amount;
    equivalent[from] += polarity * (amount - linearPart);
    equivalent[to] -= polarity * (amount - linearPart);
}

// The evaluation e made at voltages `at`, carried to `to` along its own linearisation (values
// move by their derivatives, the derivatives stay): what a bypassed device loads, so that the
// iterate the linear solve produced satisfies the loaded model and its residual stays small.
BjtEvaluation carried(BjtEvaluation e, const BjtVoltages& at, const BjtVoltages& to) {
    const double dVbe = to.vbe - at.vbe, dVbc = to.vbc - at.vbc;
    for (BjtQuantity* q : {&e.collector, &e.base, &e.qbe, &e.qbc}) q->value += q->dVbe * dVbe + q->dVbc * dVbc;
    e.substrateCurrent += e.substrateConductance * (to.vsub - at.vsub);
    e.qbx += e.capbx * (to.vbx - at.vbx);
    e.qsub += e.capsub * (to.vsub - at.vsub);
    return e;
}

} // namespace

Bjt::Bjt(std::string name, SourceRange origin, Terminals terminals, BjtConstants constants, double multiplier, bool off)
    : Device(std::move(name), origin),
      node_{terminals.collector, terminals.base, terminals.emitter, terminals.substrate,
            terminals.collector, terminals.base, terminals.emitter},
      excessPhase_(constants.excessPhaseDelay), constants_(constants), multiplier_(multiplier), off_(off) {}

// ngspice's names for the internal nodes (not rawfile vectors of its).
void Bjt::allocateUnknowns(NodeTable& nodes) {
    if (constants_.collectorConductance > 0.0) node_[kCollectorPrime] = nodes.node(name() + "#collCX");
    if (constants_.baseResistance > 0.0) node_[kBasePrime] = nodes.node(name() + "#base");
    if (constants_.emitterConductance > 0.0) node_[kEmitterPrime] = nodes.node(name() + "#emitter");
}

namespace {

// Every local pair the nonlinear load may write: the intrinsic transistor and the base
// resistance couple b, b', c', e' to each other; the substrate junction couples s and its inner end.
template <class Visit>
void forEachNonlinearPair(std::size_t substrateInner, Visit visit) {
    constexpr std::size_t kCoupled[] = {Bjt::kBase, Bjt::kBasePrime, Bjt::kCollectorPrime, Bjt::kEmitterPrime};
    for (auto row : kCoupled)
        for (auto col : kCoupled) visit(row, col);
    const std::size_t substrate[] = {Bjt::kSubstrate, substrateInner};
    for (auto row : substrate)
        for (auto col : substrate) visit(row, col);
}

} // namespace

void Bjt::declareEntries(PatternBuilder& pattern) const {
    if (node_[kCollectorPrime] != node_[kCollector])
        ConductanceSlots::declare(pattern, node_[kCollector], node_[kCollectorPrime], EntryKind::Resistive);
    if (node_[kEmitterPrime] != node_[kEmitter])
        ConductanceSlots::declare(pattern, node_[kEmitter], node_[kEmitterPrime], EntryKind::Resistive);
    forEachNonlinearPair(substrateInner(), [&](std::size_t row, std::size_t col) {
        pattern.add(node_[row], node_[col], EntryKind::Both);
    });
}

void Bjt::bindSlots(const SparsePattern& pattern) {
    if (node_[kCollectorPrime] != node_[kCollector])
        collectorSeries_ = ConductanceSlots::bind(pattern, node_[kCollector], node_[kCollectorPrime]);
    if (node_[kEmitterPrime] != node_[kEmitter])
        emitterSeries_ = ConductanceSlots::bind(pattern, node_[kEmitter], node_[kEmitterPrime]);
    entryCount_ = 0;
    forEachNonlinearPair(substrateInner(), [&](std::size_t row, std::size_t col) {
        const auto end = entries_.begin() + static_cast<std::ptrdiff_t>(entryCount_);
        if (std::find_if(entries_.begin(), end, [&](const LocalEntry& e) { return e.row == row && e.col == col; }) != end)
            return;
        entries_[entryCount_++] = {row, col, pattern.slot(node_[row], node_[col])};
    });
    const std::pair<std::size_t, std::size_t> transconductance[] = {
        {kCollectorPrime, kBasePrime}, {kCollectorPrime, kEmitterPrime}, {kEmitterPrime, kBasePrime}, {kEmitterPrime, kEmitterPrime}};
    for (std::size_t k = 0; k < transconductanceSlots_.size(); ++k)
        transconductanceSlots_[k] = pattern.slot(node_[transconductance[k].first], node_[transconductance[k].second]);
}

void Bjt::loadConstant(ConstantLoad& load) const {
    if (node_[kCollectorPrime] != node_[kCollector])
        collectorSeries_.stamp(load.g, multiplier_ * constants_.collectorConductance);
    if (node_[kEmitterPrime] != node_[kEmitter])
        emitterSeries_.stamp(load.g, multiplier_ * constants_.emitterConductance);
}

std::vector<Unknown> Bjt::terminals() const {
    return {node_[kCollector], node_[kBase], node_[kEmitter], node_[kSubstrate]};
}

// Every branch conducts at DC (the junctions through gmin at the least).
std::vector<DcEdge> Bjt::dcPaths() const {
    std::vector<DcEdge> edges;
    auto edge = [&](std::size_t a, std::size_t b) {
        if (node_[a] != node_[b]) edges.push_back({node_[a], node_[b]});
    };
    edge(kCollector, kCollectorPrime);
    edge(kBase, kBasePrime);
    edge(kEmitter, kEmitterPrime);
    edge(kBasePrime, kEmitterPrime);
    edge(kBasePrime, kCollectorPrime);
    edge(kSubstrate, substrateInner());
    return edges;
}

std::vector<Unknown> Bjt::chargeRows() const {
    const auto& k = constants_;
    if (k.be.capacitance == 0.0 && k.bc.capacitance == 0.0 && k.sub.capacitance == 0.0 && k.tf == 0.0 && k.tr == 0.0)
        return {};
    std::vector<Unknown> rows;
    for (auto local : {kBase, kBasePrime, kCollectorPrime, kEmitterPrime, kSubstrate}) {
        const Unknown u = node_[local];
        if (u != kGround && std::find(rows.begin(), rows.end(), u) == rows.end()) rows.push_back(u);
    }
    return rows;
}

// The branch voltages at x, in the device's polarity.
BjtVoltages Bjt::voltagesAt(std::span<const double> x) const {
    const double type = constants_.polarity;
    auto across = [&](std::size_t a, std::size_t b) {
        return x[static_cast<std::size_t>(node_[a])] - x[static_cast<std::size_t>(node_[b])];
    };
    BjtVoltages v;
    v.vbe = type * across(kBasePrime, kEmitterPrime);
    v.vbc = type * across(kBasePrime, kCollectorPrime);
    v.vbx = type * across(kBase, kCollectorPrime);
    v.vbb = type * across(kBase, kBasePrime);
    v.vsub = type * constants_.substrate * across(kSubstrate, substrateInner());
    return v;
}

// The branch voltages to evaluate at: the junctions' starting guess on a first iteration (vbe at
// vcrit, or 0 when OFF; vbc at 0), else the iterate's with vbe and vbc limited against the last
// evaluation (ngspice limits both with vt, not N*vt).
BjtVoltages Bjt::evaluationVoltages(NonlinearLoad& load) {
    BjtVoltages v = voltagesAt(load.x);
    const double vbe = v.vbe, vbc = v.vbc;
    if (load.initialJunction) {
        v.vbe = off_ ? 0.0 : constants_.vcrit;
        v.vbc = 0.0;
    } else if (load.limit) {
        bool limitedBe = false, limitedBc = false;
        const double limitedVbe = limitJunctionVoltage(vbe, lastVbe_, constants_.vt, constants_.vcrit, limitedBe);
        const double limitedVbc = limitJunctionVoltage(vbc, lastVbc_, constants_.vt, constants_.vcrit, limitedBc);
        if (limitedBe) v.vbe = limitedVbe;
        if (limitedBc) v.vbc = limitedVbc;
    }
    if (v.vbe != vbe || v.vbc != vbc) ++load.limited;
    lastVbe_ = v.vbe;
    lastVbc_ = v.vbc;
    return v;
}

// The iterate's branch voltages in the device's polarity (NPN sense).
// SPICE's bypass test (ngspice bjtload.c): every branch voltage within reltol*max + vntol of
// the last evaluation's, and the collector and base currents that evaluation's linearisation
// predicts here within reltol*max + abstol of its currents. The device then loads the last
// evaluation carried linearly to the iterate (carried), and limits nothing. With excess phase
// the collector current of that evaluation is the delayed one, linear in the present iterate's
// forward current, so carrying it stays exact to first order; it must have been delayed over
// the same step from the same history (acceptSolution forgets the evaluation), as in ngspice,
// whose bypass reuses the same step's state.
bool Bjt::canBypass(const NonlinearLoad& load) const {
    if (!load.bypass || !evaluated_ || load.gmin != lastGmin_ || load.timeStep != lastTimeStep_) return false;
    const Tolerances& tol = *load.bypass;
    const BjtVoltages now = voltagesAt(load.x);
    const BjtVoltages& then = lastVoltages_;
    auto near = [&](double a, double b, double floor) {
        return std::abs(a - b) <= tol.reltol * std::max(std::abs(a), std::abs(b)) + floor;
    };
    if (!near(now.vbe, then.vbe, tol.vntol) || !near(now.vbc, then.vbc, tol.vntol) ||
        !near(now.vbx, then.vbx, tol.vntol) || !near(now.vbb, then.vbb, tol.vntol) ||
        !near(now.vsub, then.vsub, tol.vntol))
        return false;
    const double dVbe = now.vbe - then.vbe, dVbc = now.vbc - then.vbc;
    auto predictedNear = [&](const BjtQuantity& current) {
        return near(current.value + current.dVbe * dVbe + current.dVbc * dVbc, current.value, tol.abstol);
    };
    return predictedNear(lastEvaluation_.collector) && predictedNear(lastEvaluation_.base);
}

void Bjt::loadNonlinear(NonlinearLoad& load) {
    BjtVoltages v;
    BjtEvaluation e;
    if (canBypass(load)) {
        v = voltagesAt(load.x);
        e = carried(lastEvaluation_, lastVoltages_, v);
    } else {
        v = lastVoltages_ = evaluationVoltages(load);
        // In this order (the evaluation into the member, then the local): through a local first,
        // the op-amp receiver's transient ran 5 % slower for every BJT without PTF (measured).
        e = lastEvaluation_ = evaluateBjt(constants_, v, load.gmin);
        if (load.timeStep > 0.0 && excessPhase_.active()) [[unlikely]] {
            delayTransport(lastEvaluation_, v, load.timeStep);
            e = lastEvaluation_;
        }
        lastGmin_ = load.gmin;
        lastTimeStep_ = load.timeStep;
        evaluated_ = true;
    }
    const double type = constants_.polarity;
    const double substrateType = type * constants_.substrate;
    const std::size_t inner = substrateInner();
    const Control vbe{kBasePrime, kEmitterPrime, v.vbe}, vbc{kBasePrime, kCollectorPrime, v.vbc};
    const Control vbx{kBase, kCollectorPrime, v.vbx}, vbb{kBase, kBasePrime, v.vbb};
    const Control vsub{kSubstrate, inner, v.vsub};

    LocalLoad l;
    addBranch(l.g, l.f, l.fEquivalent, kCollectorPrime, kEmitterPrime, type, e.collector.value,
              {{vbe, e.collector.dVbe}, {vbc, e.collector.dVbc}});
    addBranch(l.g, l.f, l.fEquivalent, kBasePrime, kEmitterPrime, type, e.base.value,
              {{vbe, e.base.dVbe}, {vbc, e.base.dVbc}});
    if (node_[kBasePrime] != node_[kBase]) {
        const auto& gx = e.baseConductance;
        addBranch(l.g, l.f, l.fEquivalent, kBase, kBasePrime, type, gx.value * v.vbb,
                  {{vbb, gx.value}, {vbe, gx.dVbe * v.vbb}, {vbc, gx.dVbc * v.vbb}});
    }
    addBranch(l.g, l.f, l.fEquivalent, kSubstrate, inner, substrateType, e.substrateCurrent,
              {{vsub, e.substrateConductance}});
    addBranch(l.c, l.q, l.qEquivalent, kBasePrime, kEmitterPrime, type, e.qbe.value,
              {{vbe, e.qbe.dVbe}, {vbc, e.qbe.dVbc}});
    addBranch(l.c, l.q, l.qEquivalent, kBasePrime, kCollectorPrime, type, e.qbc.value, {{vbc, e.qbc.dVbc}});
    addBranch(l.c, l.q, l.qEquivalent, kBase, kCollectorPrime, type, e.qbx, {{vbx, e.capbx}});
    addBranch(l.c, l.q, l.qEquivalent, kSubstrate, inner, substrateType, e.qsub, {{vsub, e.capsub}});

    const double m = multiplier_;
    for (std::size_t row = 0; row < kLocalCount; ++row) {
        const auto u = static_cast<std::size_t>(node_[row]);
        load.f[u] += m * l.f[row];
        load.q[u] += m * l.q[row];
        load.fEquivalent[u] += m * l.fEquivalent[row];
        load.qEquivalent[u] += m * l.qEquivalent[row];
    }
#ifndef NDEBUG
    for (std::size_t row = 0; row < kLocalCount; ++row)
        for (std::size_t col = 0; col < kLocalCount; ++col)
            assert((l.g[row][col] == 0.0 && l.c[row][col] == 0.0) ||
                   std::any_of(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(entryCount_),
                               [&](const LocalEntry& e) { return e.row == row && e.col == col; }));
#endif
    for (std::size_t k = 0; k < entryCount_; ++k) {
        const auto& entry = entries_[k];
        load.g.add(entry.slot, m * l.g[entry.row][entry.col]);
        load.c.add(entry.slot, m * l.c[entry.row][entry.col]);
    }
    load.f[0] = load.q[0] = load.fEquivalent[0] = load.qEquivalent[0] = 0.0;
}

// The forward transport current reaches the collector through the excess-phase delay over this
// step: its history plus gain times the present value (ngspice bjtload.c: cex = cbe*arg3, the
// past in cc), so the present iterate's derivatives of that part scale by the gain.
void Bjt::delayTransport(BjtEvaluation& e, const BjtVoltages& v, double timeStep) const {
    const BjtExcessPhase::Step step = excessPhase_.step(timeStep);
    const double change = step.gain - 1.0;
    const BjtQuantity forward = forwardTransport(constants_, v);
    e.collector.value += step.history + change * forward.value;
    e.collector.dVbe += change * forward.dVbe;
    e.collector.dVbc += change * forward.dVbc;
}

// The excess phase's state moves only at accepted points, so a rejected step leaves none behind.
// The forward current is evaluated at x itself (ngspice keeps the last load's, at the iterate
// before x: the same within Newton's tolerance).
void Bjt::acceptSolution(std::span<const double> x, double timeStep) {
    if (!excessPhase_.active()) return;
    const double forward = forwardTransport(constants_, voltagesAt(x)).value;
    if (timeStep > 0.0)
        excessPhase_.accept(timeStep, forward);
    else
        excessPhase_.settle(forward);
    evaluated_ = false;  // its delayed current belongs to the old history
}

// G_op holds the transconductance dI_C/dV_BE undelayed; the excess phase turns it by -omega*td
// (ngspice bjtacld.c rotates gm + go, the same derivative): add gm (exp(-j omega td) - 1) where
// the load put gm.
void Bjt::loadSmallSignalFrequency(std::span<const double> xOperatingPoint, double omega,
                                   ComplexMatrixValues& values) const {
    if (!excessPhase_.active()) return;
    const double gm = evaluateBjt(constants_, voltagesAt(xOperatingPoint), 0.0).collector.dVbe;
    const std::complex<double> change = multiplier_ * gm * (excessPhase_.phaseFactor(omega) - 1.0);
    values.add(transconductanceSlots_[0], change);
    values.add(transconductanceSlots_[1], -change);
    values.add(transconductanceSlots_[2], -change);
    values.add(transconductanceSlots_[3], change);
}

// The currents and the base resistance at the operating point come from the same Gummel-Poon
// evaluation as the load (gmin included, as ngspice's state holds them). The temperature is the
// transistor's own (ngspice 39 takes the circuit's; later versions the device's).
void Bjt::outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const {
    const BjtEvaluation e = evaluateBjt(constants_, voltagesAt(at.operatingPoint), at.gmin);
    const double m = multiplier_, kelvin = noise_.kelvin;
    auto transfer = [&](std::size_t a, std::size_t b) { return currentNoiseTransfer(at.adjoint, node_[a], node_[b]); };
    const double baseEmitter = transfer(kBasePrime, kEmitterPrime);
    // Without RB there is no b' and no resistance to be noisy (transfer 0).
    const double baseConductance = node_[kBasePrime] == node_[kBase] ? 0.0 : e.baseConductance.value;
    densities[0] = m * conductanceNoiseCurrentDensity(kelvin, constants_.collectorConductance) *
                   transfer(kCollector, kCollectorPrime);
    densities[1] = m * conductanceNoiseCurrentDensity(kelvin, baseConductance) * transfer(kBase, kBasePrime);
    densities[2] = m * conductanceNoiseCurrentDensity(kelvin, constants_.emitterConductance) *
                   transfer(kEmitter, kEmitterPrime);
    densities[3] = m * shotNoiseCurrentDensity(e.collector.value) * transfer(kCollectorPrime, kEmitterPrime);
    densities[4] = m * shotNoiseCurrentDensity(e.base.value) * baseEmitter;
    densities[5] = m * flickerNoiseCurrentDensity(noise_.kf, noise_.af, e.base.value, at.frequency) * baseEmitter;
}

} // namespace cablespice::solver
