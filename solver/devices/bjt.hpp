#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/bjt_excess_phase.hpp"
#include "solver/devices/bjt_model.hpp"
#include "solver/devices/semiconductor_noise.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <array>

namespace cablespice::solver {

// The SPICE3 Gummel-Poon bipolar transistor (NPN or PNP), as ngspice 39 loads it: collector,
// base and emitter reach the intrinsic transistor through RC, RB and RE (internal nodes only
// where the resistance is non-zero); RC and RE are linear and stamped once, the base resistance
// (modulated by qb or by IRB), the transport and base currents (gmin across both junctions) and
// the B-E, B-C, external B-C and substrate charges are loaded at every Newton iterate, with
// pn-junction limiting of vbe and vbc against the previous evaluation. Every stamp is m times
// one transistor's.
// Noise at the operating point (ngspice's bjtnoise.c): the thermal noise of RC, of the base
// resistance at its operating-point value and of RE; the shot noise of the collector and base
// currents; flicker noise KF |I_B|^AF / f on the base; each m times one transistor's.
// Excess phase (PTF, BjtExcessPhase): in a transient step the collector carries the forward
// transport current through Weil's delay instead of at once (committed in acceptSolution); in AC
// the transconductance turns by -omega*td (loadSmallSignalFrequency). Without PTF neither runs.
class Bjt final : public Device, public NonlinearDevice, public NoiseDevice, public SmallSignalFrequencyDevice {
public:
    struct Terminals {
        Unknown collector, base, emitter, substrate;
    };
    Bjt(std::string name, SourceRange origin, Terminals terminals, BjtConstants constants, double multiplier = 1.0,
        bool off = false);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadNonlinear(NonlinearLoad& load) override;
    std::vector<Unknown> terminals() const override;
    std::vector<DcEdge> dcPaths() const override;
    std::vector<Unknown> chargeRows() const override;
    void acceptSolution(std::span<const double> x, double timeStep) override;
    void loadSmallSignalFrequency(std::span<const double> xOperatingPoint, double omega,
                                  ComplexMatrixValues& values) const override;

    const BjtConstants& constants() const { return constants_; }
    void setConstants(const BjtConstants& constants) {
        constants_ = constants;
        excessPhase_ = BjtExcessPhase(constants.excessPhaseDelay);
        evaluated_ = false;
    }
    // The intrinsic transistor's nodes (the terminals themselves where R is zero).
    Unknown collectorPrime() const { return node_[kCollectorPrime]; }
    Unknown basePrime() const { return node_[kBasePrime]; }
    Unknown emitterPrime() const { return node_[kEmitterPrime]; }

    // Mechanisms in ngspice's order: _rc, _rb, _re, _ic, _ib, _1overf.
    std::size_t noiseMechanismCount() const override { return 6; }
    void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const override;
    // Its temperature, KF and AF (the multiplier is the transistor's own m=).
    void setNoise(const SemiconductorNoise& noise) { noise_ = noise; }

    // Local node indices; the substrate junction's inner end is c' (vertical) or b' (lateral).
    enum Local : std::size_t { kCollector, kBase, kEmitter, kSubstrate, kCollectorPrime, kBasePrime, kEmitterPrime, kLocalCount };

private:
    std::size_t substrateInner() const { return constants_.substrate > 0 ? kCollectorPrime : kBasePrime; }
    BjtVoltages voltagesAt(std::span<const double> x) const;
    BjtVoltages evaluationVoltages(NonlinearLoad& load);
    bool canBypass(const NonlinearLoad& load) const;
    void delayTransport(BjtEvaluation& e, const BjtVoltages& v, double timeStep) const;

    std::array<Unknown, kLocalCount> node_;
    BjtExcessPhase excessPhase_;  // inactive without PTF
    BjtConstants constants_;
    double multiplier_;
    SemiconductorNoise noise_;
    bool off_;
    double lastVbe_ = 0.0, lastVbc_ = 0.0;  // the last evaluation's junction voltages (limiting starts there)
    // The last evaluation, reloaded when the load allows a bypass and nothing moved (canBypass).
    bool evaluated_ = false;
    BjtVoltages lastVoltages_;
    BjtEvaluation lastEvaluation_;
    double lastGmin_ = 0.0;
    double lastTimeStep_ = 0.0;  // the step the last evaluation's excess phase was discretised over
    ConductanceSlots collectorSeries_, emitterSeries_;
    // The local pairs the nonlinear load writes, each once, with their slots: the load adds its
    // local G and C there instead of scanning the whole local matrix.
    struct LocalEntry {
        std::size_t row = 0, col = 0;
        Slot slot = 0;
    };
    static constexpr std::size_t kMaxEntries = 20;  // 4 x 4 coupled nodes + 2 x 2 substrate
    std::array<LocalEntry, kMaxEntries> entries_{};
    std::size_t entryCount_ = 0;
    // Slots of the transport current's vbe derivative: (c', b'), (c', e'), (e', b'), (e', e').
    std::array<Slot, 4> transconductanceSlots_{};
};

} // namespace cablespice::solver
