#include "solver/devices/diode.hpp"

#include "solver/devices/junction_limit.hpp"

#include <algorithm>

namespace cablespice::solver {

Diode::Diode(std::string name, SourceRange origin, Unknown anode, Unknown cathode, DiodeConstants constants, bool off)
    : Device(std::move(name), origin), anode_(anode), cathode_(cathode), internal_(anode), constants_(constants),
      off_(off) {}

// ngspice names the internal node NAME#internal (not a rawfile vector of its).
void Diode::allocateUnknowns(NodeTable& nodes) {
    if (constants_.seriesConductance > 0.0) internal_ = nodes.node(name() + "#internal");
}

void Diode::declareEntries(PatternBuilder& pattern) const {
    if (internal_ != anode_) ConductanceSlots::declare(pattern, anode_, internal_, EntryKind::Resistive);
    ConductanceSlots::declare(pattern, internal_, cathode_, EntryKind::Both);
}

void Diode::bindSlots(const SparsePattern& pattern) {
    if (internal_ != anode_) series_ = ConductanceSlots::bind(pattern, anode_, internal_);
    junction_ = ConductanceSlots::bind(pattern, internal_, cathode_);
}

void Diode::loadConstant(ConstantLoad& load) const {
    if (internal_ != anode_) series_.stamp(load.g, constants_.seriesConductance);
}

// The junction conducts at DC (gmin at the least), and so does RS to the internal node.
std::vector<DcEdge> Diode::dcPaths() const {
    if (internal_ == anode_) return {{anode_, cathode_}};
    return {{anode_, internal_}, {internal_, cathode_}};
}

std::vector<Unknown> Diode::chargeRows() const {
    if (constants_.junctionCapacitance == 0.0 && constants_.transitTime == 0.0) return {};
    return {internal_, cathode_};
}

// The voltage to evaluate at: the starting guess on a first iteration (vcrit, or 0 when the
// diode is OFF), else the iterate's, limited against the last evaluation (in the breakdown
// region the reflected voltage is limited, as SPICE does).
double Diode::junctionVoltage(const NonlinearLoad& load) {
    if (load.initialJunction) return off_ ? 0.0 : constants_.vcrit;
    const double vd = load.x[static_cast<std::size_t>(internal_)] - load.x[static_cast<std::size_t>(cathode_)];
    if (!load.limit) return vd;
    bool limited = false;
    double result = vd;
    const auto& bv = constants_.breakdownVoltage;
    if (bv && vd < std::min(0.0, -*bv + 10.0 * constants_.vte)) {
        const double reflected = limitJunctionVoltage(-(vd + *bv), -(lastVoltage_ + *bv), constants_.vte,
                                                      constants_.vcrit, limited);
        result = -(reflected + *bv);
    } else {
        result = limitJunctionVoltage(vd, lastVoltage_, constants_.vte, constants_.vcrit, limited);
    }
    return limited ? result : vd;
}

void Diode::loadNonlinear(NonlinearLoad& load) {
    const double vd = junctionVoltage(load);
    const double actual = load.x[static_cast<std::size_t>(internal_)] - load.x[static_cast<std::size_t>(cathode_)];
    if (vd != actual) ++load.limited;
    lastVoltage_ = vd;
    const JunctionCurrent current = diodeCurrent(constants_, vd, load.gmin);
    const JunctionCharge charge = diodeCharge(constants_, vd, current);
    junction_.stamp(load.g, current.conductance);
    junction_.stamp(load.c, charge.capacitance);
    const auto a = static_cast<std::size_t>(internal_), k = static_cast<std::size_t>(cathode_);
    const double fEquivalent = current.current - current.conductance * vd;
    const double qEquivalent = charge.charge - charge.capacitance * vd;
    load.f[a] += current.current;
    load.f[k] -= current.current;
    load.q[a] += charge.charge;
    load.q[k] -= charge.charge;
    load.fEquivalent[a] += fEquivalent;
    load.fEquivalent[k] -= fEquivalent;
    load.qEquivalent[a] += qEquivalent;
    load.qEquivalent[k] -= qEquivalent;
    load.f[0] = load.q[0] = load.fEquivalent[0] = load.qEquivalent[0] = 0.0;
}

// The junction current at the operating point, from the same equations as the load (gmin
// included, as ngspice's state holds it). Unlike ngspice 39, RS's noise is that of the stamped
// conductance area/RS (ngspice 39 multiplies it by area and m once more, a scaling bug fixed in
// later versions); the temperature is the diode's own (ngspice 39 takes the circuit's).
void Diode::outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const {
    const auto x = at.operatingPoint;
    const double vd = x[static_cast<std::size_t>(internal_)] - x[static_cast<std::size_t>(cathode_)];
    const double current = diodeCurrent(constants_, vd, at.gmin).current;
    const double junction = currentNoiseTransfer(at.adjoint, internal_, cathode_);
    const double m = noise_.multiplier;
    densities[0] = conductanceNoiseCurrentDensity(noise_.kelvin, constants_.seriesConductance) *
                   currentNoiseTransfer(at.adjoint, anode_, internal_);
    densities[1] = shotNoiseCurrentDensity(current) * junction;
    densities[2] = m * flickerNoiseCurrentDensity(noise_.kf, noise_.af, current / m, at.frequency) * junction;
}

} // namespace cablespice::solver
