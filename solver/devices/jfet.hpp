#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/jfet_model.hpp"
#include "solver/devices/semiconductor_noise.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <array>

namespace cablespice::solver {

// ngspice's level-1 JFET: drain -> (RD) -> internal drain, source -> (RS) -> internal source,
// the channel current between the internal nodes and two gate junctions (gate-source,
// gate-drain) with depletion charge. RD and RS are linear and stamped once into G; the channel
// and the junctions are loaded at every Newton iterate, their voltages limited as ngspice does
// (pn-junction limiting, then the FET limit around the threshold).
// Noise at the operating point (ngspice's jfetnoi.c): the thermal noise of RD and RS, the
// channel's thermal noise (jfetChannelNoiseConductance) and flicker noise m KF (|I_D|/m)^AF / f.
class Jfet final : public Device, public NonlinearDevice, public NoiseDevice {
public:
    Jfet(std::string name, SourceRange origin, Unknown drain, Unknown gate, Unknown source, JfetConstants constants,
         bool off = false);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadNonlinear(NonlinearLoad& load) override;
    std::vector<Unknown> terminals() const override { return {drain_, gate_, source_}; }
    std::vector<DcEdge> dcPaths() const override;
    std::vector<Unknown> chargeRows() const override;

    const JfetConstants& constants() const { return constants_; }
    void setConstants(const JfetConstants& constants) { constants_ = constants; }
    Unknown internalDrain() const { return drainPrime_; }

    // Mechanisms in ngspice's order: _rd, _rs, _id (channel), _1overf.
    std::size_t noiseMechanismCount() const override { return 4; }
    void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const override;
    void setNoise(const SemiconductorNoise& noise, JfetChannelNoise channel) {
        noise_ = noise;
        channelNoise_ = channel;
    }
    Unknown internalSource() const { return sourcePrime_; }

private:
    struct GateVoltages {
        double vgs, vgd;  // n-channel sense (times the polarity)
    };
    GateVoltages voltagesAt(std::span<const double> x) const;
    GateVoltages evaluationPoint(const NonlinearLoad& load) const;
    GateVoltages limited(GateVoltages present) const;

    Unknown drain_, gate_, source_, drainPrime_, sourcePrime_;
    JfetConstants constants_;
    SemiconductorNoise noise_;
    JfetChannelNoise channelNoise_;
    bool off_;
    GateVoltages last_{-1.0, -1.0};  // the last evaluation's voltages (limiting starts there)
    ConductanceSlots drainResistance_, sourceResistance_;
    std::array<std::array<Slot, 3>, 3> block_{};  // rows and columns: gate, internal drain, internal source
};

} // namespace cablespice::solver
