#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/mosfet_channel.hpp"
#include "solver/devices/mosfet_meyer.hpp"
#include "solver/devices/mosfet_model.hpp"
#include "solver/devices/mosfet_noise.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <array>
#include <optional>

namespace cablespice::solver {

// ngspice's SPICE3 MOSFET: drain -> (RD) -> drain' and source -> (RS) -> source' (internal
// nodes only with series resistance, stamped once into G), the channel between drain' and
// source' (the two swap roles when vds < 0, as SPICE does), bulk-drain and bulk-source
// junction diodes with depletion charge, and Meyer's gate capacitances plus the overlap
// capacitances. As ngspice's MOS1load, the gate voltage of the side acting as source is limited
// with fetlim around the last threshold, vds with limvds and the forward junction with pnjlim,
// each against the previous evaluation (the previous vds's sign picks the side).
//
// Meyer's capacitances are not the derivatives of any charge: SPICE integrates them along the
// transient's path, the charge growing from one accepted time point to the next by the mean of
// the two points' capacitances times the voltage change. This device does the same from its
// last accepted solution when loaded at a transient time (load.time > 0); otherwise (.op,
// .dc, .ac, the transient's t = 0) a gate charge is C(v) v and its capacitance C(v), ngspice's
// TRANOP/small-signal form. As in ngspice, the gate charges' Jacobian leaves out the change of
// the mean capacitance with the iterate (exact at the accepted point; Newton converges to the
// same solution).
// Noise at the operating point (ngspice 39's MOS1noise, MOS2noise, MOS3noise): the thermal noise
// of RD and RS, the channel's 4kT (2/3)|gm| and flicker noise (mosfet_noise.hpp).
class Mosfet final : public Device, public NonlinearDevice, public NoiseDevice {
public:
    struct Terminals {
        Unknown drain, gate, source, bulk;
    };
    Mosfet(std::string name, SourceRange origin, Terminals terminals, MosfetConstants constants, bool off = false);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadNonlinear(NonlinearLoad& load) override;
    void acceptSolution(std::span<const double> x, double timeStep) override;
    std::vector<Unknown> terminals() const override;
    std::vector<DcEdge> dcPaths() const override;
    std::vector<Unknown> chargeRows() const override;

    const MosfetConstants& constants() const { return constants_; }
    void setConstants(const MosfetConstants& constants) { constants_ = constants; }
    Unknown internalDrain() const { return drainPrime_; }
    Unknown internalSource() const { return sourcePrime_; }

    // Mechanisms in ngspice's order: _rd, _rs, _id (channel), _1overf.
    std::size_t noiseMechanismCount() const override { return 4; }
    void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const override;
    void setNoise(const MosfetNoise& noise) { noise_ = noise; }

    // Terminal voltages in the n-channel sense (times the polarity), against source'.
    struct Bias {
        double vgs = 0.0, vds = 0.0, vbs = 0.0;
    };

private:
    // The gate charges at the last accepted solution (n-channel sense).
    struct GateReference {
        double vgs = 0.0, vgd = 0.0, vgb = 0.0;
        MeyerCapacitance capacitance;
        double qgs = 0.0, qgd = 0.0, qgb = 0.0;
    };
    struct GateCharges {
        double qgs = 0.0, qgd = 0.0, qgb = 0.0;
        double cgs = 0.0, cgd = 0.0, cgb = 0.0;
    };

    Bias biasAt(std::span<const double> x) const;
    Bias limitedBias(const NonlinearLoad& load, bool& limited) const;
    MeyerCapacitance meyerAt(const Bias& bias, const ChannelCurrent& channel) const;
    GateCharges gateCharges(const Bias& bias, const MeyerCapacitance& meyer, bool alongPath) const;

    Terminals outer_;
    Unknown drainPrime_, sourcePrime_;
    MosfetConstants constants_;
    MosfetNoise noise_;
    bool off_;
    Bias last_;            // the last evaluation's voltages (limiting starts there)
    double lastVon_ = 0.0;  // and its threshold (n-channel sense)
    bool lastAlongPath_ = false;  // the last load integrated the gate charges from the reference
    std::optional<GateReference> reference_;
    ConductanceSlots drainSeries_, sourceSeries_;
    std::array<std::array<Slot, 4>, 4> block_{};  // (drain', gate, source', bulk) x same
};

} // namespace cablespice::solver
