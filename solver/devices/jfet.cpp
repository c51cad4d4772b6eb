#include "solver/devices/jfet.hpp"

#include "solver/devices/fet_voltage_limit.hpp"
#include "solver/devices/junction_limit.hpp"

namespace cablespice::solver {

Jfet::Jfet(std::string name, SourceRange origin, Unknown drain, Unknown gate, Unknown source, JfetConstants constants,
           bool off)
    : Device(std::move(name), origin), drain_(drain), gate_(gate), source_(source), drainPrime_(drain),
      sourcePrime_(source), constants_(constants), off_(off) {}

// Internal nodes only with RD or RS, named as the diode's (NAME#drain, NAME#source).
void Jfet::allocateUnknowns(NodeTable& nodes) {
    if (constants_.drainConductance > 0.0) drainPrime_ = nodes.node(name() + "#drain");
    if (constants_.sourceConductance > 0.0) sourcePrime_ = nodes.node(name() + "#source");
}

void Jfet::declareEntries(PatternBuilder& pattern) const {
    if (drainPrime_ != drain_) ConductanceSlots::declare(pattern, drain_, drainPrime_, EntryKind::Resistive);
    if (sourcePrime_ != source_) ConductanceSlots::declare(pattern, source_, sourcePrime_, EntryKind::Resistive);
    const Unknown inner[3] = {gate_, drainPrime_, sourcePrime_};
    for (Unknown row : inner)
        for (Unknown column : inner) pattern.add(row, column, EntryKind::Both);
}

void Jfet::bindSlots(const SparsePattern& pattern) {
    if (drainPrime_ != drain_) drainResistance_ = ConductanceSlots::bind(pattern, drain_, drainPrime_);
    if (sourcePrime_ != source_) sourceResistance_ = ConductanceSlots::bind(pattern, source_, sourcePrime_);
    const Unknown inner[3] = {gate_, drainPrime_, sourcePrime_};
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 3; ++c) block_[r][c] = pattern.slot(inner[r], inner[c]);
}

void Jfet::loadConstant(ConstantLoad& load) const {
    if (drainPrime_ != drain_) drainResistance_.stamp(load.g, constants_.drainConductance);
    if (sourcePrime_ != source_) sourceResistance_.stamp(load.g, constants_.sourceConductance);
}

// RD, RS and both gate junctions conduct at DC (gmin at the least).
std::vector<DcEdge> Jfet::dcPaths() const {
    std::vector<DcEdge> paths{{gate_, drainPrime_}, {gate_, sourcePrime_}};
    if (drainPrime_ != drain_) paths.push_back({drain_, drainPrime_});
    if (sourcePrime_ != source_) paths.push_back({source_, sourcePrime_});
    return paths;
}

std::vector<Unknown> Jfet::chargeRows() const {
    if (constants_.cgs == 0.0 && constants_.cgd == 0.0) return {};
    return {gate_, drainPrime_, sourcePrime_};
}

// The starting guess on a first iteration (both junctions at -1 V, or 0 V when OFF, as
// ngspice's MODEINITJCT), else the iterate's voltages, limited against the last evaluation.
Jfet::GateVoltages Jfet::evaluationPoint(const NonlinearLoad& load) const {
    if (load.initialJunction) return off_ ? GateVoltages{0.0, 0.0} : GateVoltages{-1.0, -1.0};
    const GateVoltages present = voltagesAt(load.x);
    return load.limit ? limited(present) : present;
}

// vgs and vgd at x in the n-channel sense.
Jfet::GateVoltages Jfet::voltagesAt(std::span<const double> x) const {
    const double p = constants_.polarity;
    const double vg = x[static_cast<std::size_t>(gate_)];
    return {p * (vg - x[static_cast<std::size_t>(sourcePrime_)]), p * (vg - x[static_cast<std::size_t>(drainPrime_)])};
}

Jfet::GateVoltages Jfet::limited(GateVoltages present) const {
    const auto& j = constants_;
    bool unused = false;
    double vgs = limitJunctionVoltage(present.vgs, last_.vgs, j.vt, j.vcrit, unused);
    double vgd = limitJunctionVoltage(present.vgd, last_.vgd, j.vt, j.vcrit, unused);
    vgs = limitFetVoltage(vgs, last_.vgs, j.threshold);
    vgd = limitFetVoltage(vgd, last_.vgd, j.threshold);
    return {vgs, vgd};
}

// In the n-channel sense (voltages and currents times the polarity) the gate row carries both
// junction currents, the internal drain the channel current minus the gate-drain junction's,
// the internal source the rest. The Jacobian is the same in either polarity (p² = 1).
void Jfet::loadNonlinear(NonlinearLoad& load) {
    const GateVoltages v = evaluationPoint(load);
    const double p = constants_.polarity;
    const double vg = load.x[static_cast<std::size_t>(gate_)];
    if (!load.initialJunction && (v.vgs != p * (vg - load.x[static_cast<std::size_t>(sourcePrime_)]) ||
                                  v.vgd != p * (vg - load.x[static_cast<std::size_t>(drainPrime_)])))
        ++load.limited;
    last_ = v;
    const GateJunction gs = jfetGateJunction(constants_, constants_.cgs, v.vgs, load.gmin);
    const GateJunction gd = jfetGateJunction(constants_, constants_.cgd, v.vgd, load.gmin);
    const DrainCurrent channel = jfetDrainCurrent(constants_, v.vgs, v.vgs - v.vgd);

    // Node order: gate, internal drain, internal source.
    const double f[3] = {gs.current + gd.current, channel.current - gd.current, -channel.current - gs.current};
    const double q[3] = {gs.charge + gd.charge, -gd.charge, -gs.charge};
    const double g[3][3] = {
        {gs.conductance + gd.conductance, -gd.conductance, -gs.conductance},
        {channel.gm - gd.conductance, channel.gds + gd.conductance, -channel.gm - channel.gds},
        {-gs.conductance - channel.gm, -channel.gds, gs.conductance + channel.gm + channel.gds}};
    const double c[3][3] = {{gs.capacitance + gd.capacitance, -gd.capacitance, -gs.capacitance},
                            {-gd.capacitance, gd.capacitance, 0.0},
                            {-gs.capacitance, 0.0, gs.capacitance}};
    // The evaluated point as node voltages with the internal source at 0 (every row of g and c
    // sums to zero, so the reference does not matter).
    const double node[3] = {p * v.vgs, p * (v.vgs - v.vgd), 0.0};
    const std::size_t rows[3] = {static_cast<std::size_t>(gate_), static_cast<std::size_t>(drainPrime_),
                                 static_cast<std::size_t>(sourcePrime_)};
    for (std::size_t r = 0; r < 3; ++r) {
        double gv = 0.0, cv = 0.0;
        for (std::size_t k = 0; k < 3; ++k) {
            load.g.add(block_[r][k], g[r][k]);
            load.c.add(block_[r][k], c[r][k]);
            gv += g[r][k] * node[k];
            cv += c[r][k] * node[k];
        }
        load.f[rows[r]] += p * f[r];
        load.q[rows[r]] += p * q[r];
        load.fEquivalent[rows[r]] += p * f[r] - gv;
        load.qEquivalent[rows[r]] += p * q[r] - cv;
    }
    load.f[0] = load.q[0] = load.fEquivalent[0] = load.qEquivalent[0] = 0.0;
}

// The channel and gate-drain junction currents at the operating point come from the same
// equations as the load (gmin included); ngspice's drain current for the flicker noise is the
// channel's minus the gate-drain junction's. The temperature is the JFET's own (ngspice 39 takes
// the circuit's; later versions the device's).
void Jfet::outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const {
    const GateVoltages v = voltagesAt(at.operatingPoint);
    const DrainCurrent channel = jfetDrainCurrent(constants_, v.vgs, v.vgs - v.vgd);
    const double drainCurrent = channel.current - jfetGateJunction(constants_, constants_.cgd, v.vgd, at.gmin).current;
    const double kelvin = noise_.kelvin, m = noise_.multiplier;
    const double inner = currentNoiseTransfer(at.adjoint, drainPrime_, sourcePrime_);
    densities[0] = conductanceNoiseCurrentDensity(kelvin, constants_.drainConductance) *
                   currentNoiseTransfer(at.adjoint, drainPrime_, drain_);
    densities[1] = conductanceNoiseCurrentDensity(kelvin, constants_.sourceConductance) *
                   currentNoiseTransfer(at.adjoint, sourcePrime_, source_);
    densities[2] = conductanceNoiseCurrentDensity(
                       kelvin, jfetChannelNoiseConductance(constants_, channelNoise_, v.vgs, v.vgs - v.vgd, channel.gm)) *
                   inner;
    densities[3] = m * flickerNoiseCurrentDensity(noise_.kf, noise_.af, drainCurrent / m, at.frequency) * inner;
}

} // namespace cablespice::solver
