#include "solver/devices/mosfet.hpp"

#include "solver/devices/fet_voltage_limit.hpp"
#include "solver/devices/junction_limit.hpp"
#include "solver/devices/mosfet_junction.hpp"
#include "solver/devices/mosfet_channel.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

constexpr std::size_t kDrain = 0, kGate = 1, kSource = 2, kBulk = 3;

// The device's f, q and their Jacobians on its four inner terminals, before they are stamped.
struct LocalLoad {
    std::array<double, 4> f{}, q{};
    std::array<std::array<double, 4>, 4> g{}, c{};

    // A two-terminal element between a and b: current (or charge) y leaves a, enters b.
    static void branch(std::array<double, 4>& values, std::array<std::array<double, 4>, 4>& jacobian, std::size_t a,
                       std::size_t b, double value, double derivative) {
        values[a] += value;
        values[b] -= value;
        jacobian[a][a] += derivative;
        jacobian[a][b] -= derivative;
        jacobian[b][a] -= derivative;
        jacobian[b][b] += derivative;
    }
};

// The channel with the side acting as source first: for vds < 0 source and drain swap roles.
ChannelCurrent channelAt(const MosfetConstants& k, const Mosfet::Bias& b) {
    if (b.vds >= 0.0) return mosfetChannel(k, b.vgs, b.vds, b.vbs);
    return mosfetChannel(k, b.vgs - b.vds, -b.vds, b.vbs - b.vds);
}

} // namespace

Mosfet::Mosfet(std::string name, SourceRange origin, Terminals terminals, MosfetConstants constants, bool off)
    : Device(std::move(name), origin), outer_(terminals), drainPrime_(terminals.drain),
      sourcePrime_(terminals.source), constants_(constants), off_(off) {}

// Internal nodes named as the JFET's (NAME#drain, NAME#source).
void Mosfet::allocateUnknowns(NodeTable& nodes) {
    if (constants_.drainConductance > 0.0) drainPrime_ = nodes.node(name() + "#drain");
    if (constants_.sourceConductance > 0.0) sourcePrime_ = nodes.node(name() + "#source");
}

std::vector<Unknown> Mosfet::terminals() const { return {outer_.drain, outer_.gate, outer_.source, outer_.bulk}; }

void Mosfet::declareEntries(PatternBuilder& pattern) const {
    if (drainPrime_ != outer_.drain) ConductanceSlots::declare(pattern, outer_.drain, drainPrime_, EntryKind::Resistive);
    if (sourcePrime_ != outer_.source)
        ConductanceSlots::declare(pattern, outer_.source, sourcePrime_, EntryKind::Resistive);
    const Unknown inner[4] = {drainPrime_, outer_.gate, sourcePrime_, outer_.bulk};
    for (Unknown row : inner)
        for (Unknown column : inner) pattern.add(row, column, EntryKind::Both);
}

void Mosfet::bindSlots(const SparsePattern& pattern) {
    if (drainPrime_ != outer_.drain) drainSeries_ = ConductanceSlots::bind(pattern, outer_.drain, drainPrime_);
    if (sourcePrime_ != outer_.source) sourceSeries_ = ConductanceSlots::bind(pattern, outer_.source, sourcePrime_);
    const Unknown inner[4] = {drainPrime_, outer_.gate, sourcePrime_, outer_.bulk};
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t c = 0; c < 4; ++c) block_[r][c] = pattern.slot(inner[r], inner[c]);
}

void Mosfet::loadConstant(ConstantLoad& load) const {
    if (drainPrime_ != outer_.drain) drainSeries_.stamp(load.g, constants_.drainConductance);
    if (sourcePrime_ != outer_.source) sourceSeries_.stamp(load.g, constants_.sourceConductance);
}

// The channel and the junctions conduct at DC (gmin at the least); the gate does not.
std::vector<DcEdge> Mosfet::dcPaths() const {
    std::vector<DcEdge> paths{{drainPrime_, sourcePrime_}, {outer_.bulk, drainPrime_}, {outer_.bulk, sourcePrime_}};
    if (drainPrime_ != outer_.drain) paths.push_back({outer_.drain, drainPrime_});
    if (sourcePrime_ != outer_.source) paths.push_back({outer_.source, sourcePrime_});
    return paths;
}

std::vector<Unknown> Mosfet::chargeRows() const { return {drainPrime_, outer_.gate, sourcePrime_, outer_.bulk}; }

Mosfet::Bias Mosfet::biasAt(std::span<const double> x) const {
    const double type = constants_.polarity;
    const auto at = [&x](Unknown u) { return x[static_cast<std::size_t>(u)]; };
    const double vs = at(sourcePrime_);
    return {type * (at(outer_.gate) - vs), type * (at(drainPrime_) - vs), type * (at(outer_.bulk) - vs)};
}

// The first iteration starts from vbs = -1, vgs = VTO, vds = 0 (all 0 for an OFF device), as
// ngspice's MODEINITJCT; later ones limit as MOS1load: with the previous vds >= 0 the gate-source
// voltage (fetlim) then vds (limvds), else the gate-drain voltage and -vds; then the bulk
// junction of the side acting as source (pnjlim). `limited` tells whether a limit applied (the
// iterate itself is returned then not, so no round-off of the recombined voltages counts).
Mosfet::Bias Mosfet::limitedBias(const NonlinearLoad& load, bool& limited) const {
    limited = false;
    if (load.initialJunction) {
        if (off_) return {};
        return {constants_.polarity * constants_.vto, 0.0, -1.0};
    }
    const Bias present = biasAt(load.x);
    if (!load.limit) return present;
    Bias b = present;
    const auto apply = [&limited](double value, double bounded) {
        if (bounded != value) limited = true;
        return bounded;
    };
    if (last_.vds >= 0.0) {
        const double vgd = b.vgs - b.vds;
        b.vgs = apply(b.vgs, limitFetVoltage(b.vgs, last_.vgs, lastVon_));
        b.vds = apply(b.vgs - vgd, limitDrainSourceVoltage(b.vgs - vgd, last_.vds));
    } else {
        const double vgd = apply(b.vgs - b.vds, limitFetVoltage(b.vgs - b.vds, last_.vgs - last_.vds, lastVon_));
        b.vds = -apply(vgd - b.vgs, limitDrainSourceVoltage(vgd - b.vgs, -last_.vds));
        b.vgs = vgd + b.vds;
    }
    bool junction = false;
    if (b.vds >= 0.0) {
        b.vbs = limitJunctionVoltage(b.vbs, last_.vbs, constants_.vt, constants_.source.vcrit, junction);
    } else {
        const double vbd = limitJunctionVoltage(b.vbs - b.vds, last_.vbs - last_.vds, constants_.vt,
                                                constants_.drain.vcrit, junction);
        b.vbs = vbd + b.vds;
    }
    limited = limited || junction;
    return limited ? b : present;
}

// Meyer's capacitances of the side acting as source (swapped back when vds < 0).
MeyerCapacitance Mosfet::meyerAt(const Bias& bias, const ChannelCurrent& channel) const {
    const double vgd = bias.vgs - bias.vds;
    if (bias.vds >= 0.0)
        return meyerCapacitance(bias.vgs, vgd, channel.von, channel.vdsat, constants_.phi, constants_.oxideCap);
    MeyerCapacitance swapped =
        meyerCapacitance(vgd, bias.vgs, channel.von, channel.vdsat, constants_.phi, constants_.oxideCap);
    std::swap(swapped.gs, swapped.gd);
    return swapped;
}

// Along the path from the reference: q = q_ref + (mean Meyer capacitance + overlap) (v - v_ref);
// otherwise q = (C(v) + overlap) v.
Mosfet::GateCharges Mosfet::gateCharges(const Bias& bias, const MeyerCapacitance& meyer, bool alongPath) const {
    const double vgd = bias.vgs - bias.vds, vgb = bias.vgs - bias.vbs;
    GateCharges g;
    if (!alongPath || !reference_) {
        g.cgs = meyer.gs + constants_.gateSourceOverlap;
        g.cgd = meyer.gd + constants_.gateDrainOverlap;
        g.cgb = meyer.gb + constants_.gateBulkOverlap;
        g.qgs = g.cgs * bias.vgs;
        g.qgd = g.cgd * vgd;
        g.qgb = g.cgb * vgb;
        return g;
    }
    const GateReference& r = *reference_;
    g.cgs = 0.5 * (meyer.gs + r.capacitance.gs) + constants_.gateSourceOverlap;
    g.cgd = 0.5 * (meyer.gd + r.capacitance.gd) + constants_.gateDrainOverlap;
    g.cgb = 0.5 * (meyer.gb + r.capacitance.gb) + constants_.gateBulkOverlap;
    g.qgs = r.qgs + g.cgs * (bias.vgs - r.vgs);
    g.qgd = r.qgd + g.cgd * (vgd - r.vgd);
    g.qgb = r.qgb + g.cgb * (vgb - r.vgb);
    return g;
}

// The accepted solution becomes the gate charges' reference, its charges computed as the last
// load computed them (so the analysis's stored charge and the reference agree).
void Mosfet::acceptSolution(std::span<const double> x, double /*timeStep*/) {
    const Bias bias = biasAt(x);
    const MeyerCapacitance meyer = meyerAt(bias, channelAt(constants_, bias));
    const GateCharges charges = gateCharges(bias, meyer, lastAlongPath_);
    reference_ = GateReference{bias.vgs, bias.vgs - bias.vds, bias.vgs - bias.vbs, meyer,
                               charges.qgs, charges.qgd, charges.qgb};
}

void Mosfet::loadNonlinear(NonlinearLoad& load) {
    bool limited = false;
    const Bias bias = limitedBias(load, limited);
    if (limited) ++load.limited;
    const double type = constants_.polarity;
    const double vbd = bias.vbs - bias.vds;

    LocalLoad local;
    // Bulk junctions: current from bulk to drain' and to source'.
    const auto jbd = bulkJunctionCurrent(vbd, constants_.drain.saturationCurrent, constants_.vt, load.gmin);
    const auto jbs = bulkJunctionCurrent(bias.vbs, constants_.source.saturationCurrent, constants_.vt, load.gmin);
    LocalLoad::branch(local.f, local.g, kBulk, kDrain, type * jbd.current, jbd.conductance);
    LocalLoad::branch(local.f, local.g, kBulk, kSource, type * jbs.current, jbs.conductance);

    // Channel: from the side acting as drain to the side acting as source.
    const bool forward = bias.vds >= 0.0;
    const ChannelCurrent channel = channelAt(constants_, bias);
    const std::size_t from = forward ? kDrain : kSource, to = forward ? kSource : kDrain;
    const double derivative[4] = {channel.gds, channel.gm, -(channel.gm + channel.gds + channel.gmbs), channel.gmbs};
    const std::size_t order[4] = {from, kGate, to, kBulk};
    local.f[from] += type * channel.current;
    local.f[to] -= type * channel.current;
    for (std::size_t k = 0; k < 4; ++k) {
        local.g[from][order[k]] += derivative[k];
        local.g[to][order[k]] -= derivative[k];
    }
    // Only Newton's own iterates move the limiting's starting point: a load without limiting
    // (the small-signal linearisation, a UIC start's charges) may sit far out on a junction's
    // exponential, where limiting must not start (ngspice steps up from its stored state).
    if (load.limit || load.initialJunction) {
        last_ = bias;
        lastVon_ = channel.von;
    }

    // Charges: bulk depletion, then the gate's Meyer and overlap capacitances.
    const auto qbd = bulkDepletionCharge(constants_, constants_.drain, vbd);
    const auto qbs = bulkDepletionCharge(constants_, constants_.source, bias.vbs);
    LocalLoad::branch(local.q, local.c, kBulk, kDrain, type * qbd.charge, qbd.capacitance);
    LocalLoad::branch(local.q, local.c, kBulk, kSource, type * qbs.charge, qbs.capacitance);
    lastAlongPath_ = load.time > 0.0;
    const GateCharges gate = gateCharges(bias, meyerAt(bias, channel), lastAlongPath_);
    LocalLoad::branch(local.q, local.c, kGate, kSource, type * gate.qgs, gate.cgs);
    LocalLoad::branch(local.q, local.c, kGate, kDrain, type * gate.qgd, gate.cgd);
    LocalLoad::branch(local.q, local.c, kGate, kBulk, type * gate.qgb, gate.cgb);

    // The evaluated point as node voltages against source' (every current depends on
    // differences only, so the equivalents do not depend on that choice).
    const double v[4] = {type * bias.vds, type * bias.vgs, 0.0, type * bias.vbs};
    const Unknown inner[4] = {drainPrime_, outer_.gate, sourcePrime_, outer_.bulk};
    for (std::size_t r = 0; r < 4; ++r) {
        double gv = 0.0, cv = 0.0;
        for (std::size_t c = 0; c < 4; ++c) {
            load.g.add(block_[r][c], local.g[r][c]);
            load.c.add(block_[r][c], local.c[r][c]);
            gv += local.g[r][c] * v[c];
            cv += local.c[r][c] * v[c];
        }
        const auto row = static_cast<std::size_t>(inner[r]);
        load.f[row] += local.f[r];
        load.q[row] += local.q[r];
        load.fEquivalent[row] += local.f[r] - gv;
        load.qEquivalent[row] += local.q[r] - cv;
    }
    load.f[0] = load.q[0] = load.fEquivalent[0] = load.qEquivalent[0] = 0.0;
}

} // namespace cablespice::solver

namespace cablespice::solver {

// At the operating point the noise analysis linearised the circuit at, with the load's own
// channel and bulk-drain junction (gmin included): ngspice's drain current cd for the flicker
// noise is the channel's (drain to source) minus the bulk-drain junction's. The temperature is
// the MOSFET's own (ngspice 39 takes the circuit's; later versions the device's).
void Mosfet::outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const {
    const Bias bias = biasAt(at.operatingPoint);
    const ChannelCurrent channel = channelAt(constants_, bias);
    const auto bulkDrain = bulkJunctionCurrent(bias.vbs - bias.vds, constants_.drain.saturationCurrent, constants_.vt,
                                               at.gmin);
    const double drainCurrent = (bias.vds >= 0.0 ? channel.current : -channel.current) - bulkDrain.current;
    const double inner = currentNoiseTransfer(at.adjoint, drainPrime_, sourcePrime_);
    densities[0] = conductanceNoiseCurrentDensity(noise_.kelvin, constants_.drainConductance) *
                   currentNoiseTransfer(at.adjoint, drainPrime_, outer_.drain);
    densities[1] = conductanceNoiseCurrentDensity(noise_.kelvin, constants_.sourceConductance) *
                   currentNoiseTransfer(at.adjoint, sourcePrime_, outer_.source);
    densities[2] = mosfetChannelNoiseCurrentDensity(noise_, channel.gm) * inner;
    densities[3] = mosfetFlickerNoiseCurrentDensity(constants_, noise_, drainCurrent, at.frequency) * inner;
}

} // namespace cablespice::solver
