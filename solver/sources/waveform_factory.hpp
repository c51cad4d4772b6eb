#pragma once
#include "solver/sources/waveform.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::solver {

enum class WaveformKind { Sin, Pulse, Pwl, Exp, Sffm, Trnoise, Trrandom };

// "sin", "pulse", "pwl", "exp", "sffm", "trnoise", "trrandom" (lower-case, as the elaborator stores keywords).
std::optional<WaveformKind> waveformKindFromName(std::string_view name);

// The .tran values SPICE uses for missing waveform fields (TSTEP, TSTOP). Zero when the deck
// has no .tran; then missing periods and widths mean "never repeats / never ends".
struct WaveformContext {
    double tstepSeconds = 0.0;
    double tstopSeconds = 0.0;
};

// The PWL keyword options r= and td= (ngspice).
struct PwlOptions {
    std::optional<double> repeatFrom;
    double delaySeconds = 0.0;
};

// What the random sources (TRNOISE, TRRANDOM) need besides their arguments: the run's seed
// (.options seed), the source's own stream (from its name), its DC value, which they add to,
// and how far the runs go (the longest .tran TSTOP), up to which TRNOISE precomputes its
// 1/f samples and telegraph transitions.
struct RandomSourceOptions {
    std::uint64_t seed = 1;
    std::uint64_t stream = 0;
    double dc = 0.0;
    double horizonSeconds = 0.0;
};

// A waveform, or a message for the user (the elaborator adds the source position).
struct WaveformResult {
    std::shared_ptr<const Waveform> waveform;
    std::string error;

    bool ok() const { return waveform != nullptr; }
    explicit operator bool() const { return ok(); }
};

// Builds a waveform from the positional arguments of SIN/PULSE/PWL/EXP with SPICE3/ngspice
// defaults (vsrcload.c; where the ngspice manual and code differ, the code wins so results
// match ngspice runs):
//   SIN   VO VA [FREQ=1/TSTOP] [TD=0] [THETA=0] [PHASE=0]
//   PULSE V1 V2 [TD=0] [TR=TSTEP] [TF=TSTEP] [PW=TSTOP] [PER=TSTOP] [NP=unlimited]
//         (a zero TR/TF/PW/PER also takes the default, as in SPICE3)
//   EXP   V1 V2 [TD1=TSTEP] [TAU1=TSTEP] [TD2=TD1+TSTEP] [TAU2=TSTEP]
//         (zero also takes the default; the manual lists TD1=0 but vsrcload.c uses TSTEP)
//   PWL   T1 V1 T2 V2 ... with strictly increasing times; r= must equal one of the times
//         and lie before the last one.
//   SFFM  VO VA [FC=1/TSTOP] [MDI=0] [FS=1/TSTOP] [PHASEC=0] [PHASES=0] (degrees)
//   TRNOISE NA NT [NALPHA NAMP [RTSAM RTSCAPT RTSEMT]] (missing values 0): NT > 0 unless NA and
//         NAMP are 0; NAMP >= 0, and 0 < NALPHA <= 2 when NAMP > 0; RTSAM >= 0, and RTSCAPT,
//         RTSEMT > 0 when RTSAM > 0; at most 2^22 1/f samples and about 1e7 RTS transitions.
//   TRRANDOM TYPE TS [TD=0] [PARAM1=1] [PARAM2=0], TYPE 1..4 (see noise_waveform.hpp)
// Errors: wrong argument count, negative TR/TF/PW/PER/NP, non-positive EXP time constants,
// bad PWL tables.
WaveformResult makeWaveform(WaveformKind kind, std::vector<double> args, const WaveformContext& context,
                            const PwlOptions& pwl = {}, const RandomSourceOptions& random = {});

} // namespace cablespice::solver
