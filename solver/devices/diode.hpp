#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/diode_model.hpp"
#include "solver/devices/semiconductor_noise.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// The SPICE3 junction diode: anode -> (RS) -> internal anode -> junction -> cathode. The series
// resistance is linear and stamped once into G (its internal node exists only when RS > 0); the
// junction's current (with gmin across it), depletion and diffusion charge are loaded at every
// Newton iterate, with pn-junction limiting against the previous evaluation.
// Noise at the operating point (ngspice's dionoise.c): RS's thermal noise, the junction's shot
// noise 2q|I_D| and flicker noise m KF (|I_D|/m)^AF / f.
class Diode final : public Device, public NonlinearDevice, public NoiseDevice {
public:
    Diode(std::string name, SourceRange origin, Unknown anode, Unknown cathode, DiodeConstants constants,
          bool off = false);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadNonlinear(NonlinearLoad& load) override;
    std::vector<Unknown> terminals() const override { return {anode_, cathode_}; }
    std::vector<DcEdge> dcPaths() const override;
    std::vector<Unknown> chargeRows() const override;

    const DiodeConstants& constants() const { return constants_; }
    void setConstants(const DiodeConstants& constants) { constants_ = constants; }
    // The junction's node on the anode side: the internal node with RS, else the anode.
    Unknown junctionAnode() const { return internal_; }

    // Mechanisms in ngspice's order: RS (_rs), shot (_id), flicker (_1overf).
    std::size_t noiseMechanismCount() const override { return 3; }
    void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const override;
    void setNoise(const SemiconductorNoise& noise) { noise_ = noise; }

private:
    double junctionVoltage(const NonlinearLoad& load);

    Unknown anode_, cathode_, internal_;
    DiodeConstants constants_;
    SemiconductorNoise noise_;
    bool off_;
    double lastVoltage_ = 0.0;  // the junction voltage of the last evaluation (limiting starts there)
    ConductanceSlots series_, junction_;
};

} // namespace cablespice::solver
