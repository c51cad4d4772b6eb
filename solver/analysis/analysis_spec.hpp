#pragma once
#include "solver/support/source_range.hpp"

#include <optional>
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
    bool recordContributions = false;                    // --json: onoise_NAME for recorders only (AnalysisInfo::recordedOnly)
    bool operator==(const NoiseSpec&) const = default;
};

// .sens v(a[,b]) | i(vsrc) [ac dec|oct|lin N FSTART FSTOP [at=F]]: the sensitivity of the
// output to every element value, by one adjoint solve per point (ngspice's absolute
// sensitivities: output units per element unit). `at` picks the frequency of the printed
// normalized table (default: the sweep's first).
struct SensSpec {
    std::string outputPositiveNode, outputNegativeNode;  // v(a[,b]); empty b: ground
    std::string outputSource;                            // i(vsrc): lower-case name; empty for v(...)
    int outputPositive = 0, outputNegative = 0;          // their Unknowns (resolved by the elaborator);
                                                         // for i(vsrc) outputPositive is its branch current
    std::optional<AcSpec> sweep;                         // AC .sens; none: DC
    std::optional<double> at;
    bool operator==(const SensSpec&) const = default;
};

// .sens cmrr [at=F]: the imbalance budget of the deck's .cmrr analysis (`cmrr`, copied in by
// the elaborator): d acm / d p for every element value p, each element's standard deviation
// (from its random function, or .options deftol as a relative one for R, L, C without one), and
// from them the predicted spread of acm and of the CMRR at every frequency of the .cmrr sweep.
struct ImbalanceBudgetSpec {
    CmrrSpec cmrr;
    std::optional<double> at;  // the frequency of the ranked table (default: the sweep's first)
    // Each toleranced element's value as a function of the independent draws: the change of
    // the value per standard deviation of draw k (the elaborator finds them by perturbing one
    // draw at a time; a draw shared by several elements appears in each of their rows).
    struct Element {
        std::string name;
        std::vector<std::pair<std::size_t, double>> perDraw;  // (draw k, dp/d(draw k in sd))
        bool operator==(const Element&) const = default;
    };
    std::vector<Element> elements;
    std::size_t drawCount = 0;
    bool operator==(const ImbalanceBudgetSpec&) const = default;
};

struct AnalysisSpec {
    std::variant<OpSpec, DcSweepSpec, AcSpec, TranSpec, CmrrSpec, NoiseSpec, SensSpec, ImbalanceBudgetSpec> kind;
    SourceRange origin;
};

} // namespace cablespice::solver
