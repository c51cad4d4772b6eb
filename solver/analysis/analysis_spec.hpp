#pragma once
#include "solver/support/source_range.hpp"

#include <string>
#include <variant>
#include <vector>

namespace cablespice::solver {

// Plain analysis requests produced by the elaborator.
struct OpSpec {
    bool operator==(const OpSpec&) const = default;
};

struct DcSweepSpec {
    struct Sweep {
        std::string source;  // lower-case element name of an independent V or I source, or a resistor
        double start = 0.0, stop = 0.0, increment = 0.0;
        bool operator==(const Sweep&) const = default;
    };
    std::vector<Sweep> sweeps;  // 1 or 2; the first is the inner (fastest) sweep, as SPICE
    bool operator==(const DcSweepSpec&) const = default;
};

enum class FrequencyGrid { Decade, Octave, Linear };

struct AcSpec {
    FrequencyGrid grid = FrequencyGrid::Decade;
    int points = 10;  // per decade/octave, or total for Linear
    double fstart = 1.0, fstop = 1.0;
    bool operator==(const AcSpec&) const = default;
};

enum class IntegrationMethod { Trapezoidal, Gear };

struct TranSpec {
    double tstep = 0.0, tstop = 0.0;
    double tstart = 0.0;
    double tmax = 0.0;  // 0: not given
    bool uic = false;
    bool operator==(const TranSpec&) const = default;
};

// .cmrr OUTPUT DMSOURCE CMSOURCE ac dec|oct|lin N FSTART FSTOP: per frequency, the output for
// the differential source alone and for the common-mode source alone, each at unit amplitude.
struct CmrrSpec {
    AcSpec sweep;
    std::string dmSource, cmSource;  // lower-case names of independent sources
    std::string outputPositiveNode, outputNegativeNode;  // v(a[,b]); empty b: ground
    int outputPositive = 0, outputNegative = 0;          // their Unknowns (resolved by the elaborator)
    bool operator==(const CmrrSpec&) const = default;
};

// .noise v(out[,ref]) SRC dec|oct|lin N FSTART FSTOP [PTS_PER_SUMMARY]: the output noise of
// every noisy element per frequency, and the input-referred noise (output over the gain from SRC).
struct NoiseSpec {
    AcSpec sweep;
    std::string outputPositiveNode, outputNegativeNode;  // v(a[,b]); empty b: ground
    int outputPositive = 0, outputNegative = 0;          // their Unknowns (resolved by the elaborator)
    std::string inputSource;                             // lower-case name of an independent V or I source
    int pointsPerSummary = 0;                            // > 0: the spectra keep every N-th point (ngspice 39)
    bool contributions = false;                          // .options noisecontrib: onoise_NAME per noisy element
    bool operator==(const NoiseSpec&) const = default;
};

// .sens v(a[,b]) | i(vsrc): the DC sensitivity of the output to every element value, by one
// adjoint solve (ngspice's absolute sensitivities: output units per element unit).
struct SensSpec {
    std::string outputPositiveNode, outputNegativeNode;  // v(a[,b]); empty b: ground
    std::string outputSource;                            // i(vsrc): lower-case name; empty for v(...)
    int outputPositive = 0, outputNegative = 0;          // their Unknowns (resolved by the elaborator);
                                                         // for i(vsrc) outputPositive is its branch current
    bool operator==(const SensSpec&) const = default;
};

struct AnalysisSpec {
    std::variant<OpSpec, DcSweepSpec, AcSpec, TranSpec, CmrrSpec, NoiseSpec, SensSpec> kind;
    SourceRange origin;
};

} // namespace cablespice::solver
