#include "solver/sources/waveform_factory.hpp"

#include "solver/sources/exp_waveform.hpp"
#include "solver/sources/noise_waveform.hpp"
#include "solver/sources/pulse_waveform.hpp"
#include "solver/sources/pwl_waveform.hpp"
#include "solver/sources/sffm_waveform.hpp"
#include "solver/sources/sin_waveform.hpp"

#include <cmath>
#include <limits>

namespace cablespice::solver {

namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

WaveformResult failure(std::string message) { return {nullptr, std::move(message)}; }

// args[i] when given and non-zero, else the SPICE default (SPICE3 treats 0 as "not given").
double givenOr(const std::vector<double>& args, std::size_t i, double fallback) {
    return i < args.size() && args[i] != 0.0 ? args[i] : fallback;
}

double at(const std::vector<double>& args, std::size_t i) { return i < args.size() ? args[i] : 0.0; }

// A missing TSTOP (no .tran) must not turn into a zero period or width.
double stopOrForever(const WaveformContext& context) {
    return context.tstopSeconds > 0.0 ? context.tstopSeconds : kForever;
}

bool countWithin(const std::vector<double>& args, std::size_t low, std::size_t high) {
    return args.size() >= low && args.size() <= high;
}

WaveformResult makeSin(const std::vector<double>& args, const WaveformContext& context) {
    if (!countWithin(args, 2, 6)) return failure("SIN expects 2 to 6 values (VO VA [FREQ TD THETA PHASE])");
    SinParameters p;
    p.offset = args[0];
    p.amplitude = args[1];
    p.frequencyHz = givenOr(args, 2, context.tstopSeconds > 0.0 ? 1.0 / context.tstopSeconds : 0.0);
    p.delaySeconds = at(args, 3);
    p.dampingPerSecond = at(args, 4);
    p.phaseDegrees = at(args, 5);
    return {std::make_shared<SinWaveform>(p), {}};
}

std::string negativePulseField(const std::vector<double>& args) {
    static const char* const names[] = {"V1", "V2", "TD", "rise time TR", "fall time TF", "pulse width PW",
                                        "period PER", "pulse count NP"};
    for (std::size_t i = 3; i < args.size(); ++i) {
        if (args[i] < 0.0) return std::string("PULSE ") + names[i] + " must not be negative";
    }
    return {};
}

WaveformResult makePulse(const std::vector<double>& args, const WaveformContext& context) {
    if (!countWithin(args, 2, 8)) return failure("PULSE expects 2 to 8 values (V1 V2 [TD TR TF PW PER NP])");
    if (auto message = negativePulseField(args); !message.empty()) return failure(message);
    PulseParameters p;
    p.initial = args[0];
    p.pulsed = args[1];
    p.delaySeconds = at(args, 2);
    p.riseSeconds = givenOr(args, 3, context.tstepSeconds);
    p.fallSeconds = givenOr(args, 4, context.tstepSeconds);
    p.widthSeconds = givenOr(args, 5, stopOrForever(context));
    p.periodSeconds = givenOr(args, 6, stopOrForever(context));
    p.pulseCount = at(args, 7);
    return {std::make_shared<PulseWaveform>(p), {}};
}

WaveformResult makeExp(const std::vector<double>& args, const WaveformContext& context) {
    if (!countWithin(args, 2, 6)) return failure("EXP expects 2 to 6 values (V1 V2 [TD1 TAU1 TD2 TAU2])");
    const double tstep = context.tstepSeconds;
    ExpParameters p;
    p.initial = args[0];
    p.pulsed = args[1];
    p.riseDelaySeconds = givenOr(args, 2, tstep);
    p.riseTauSeconds = givenOr(args, 3, tstep);
    p.fallDelaySeconds = givenOr(args, 4, p.riseDelaySeconds + tstep);
    p.fallTauSeconds = givenOr(args, 5, tstep);
    if (p.riseTauSeconds < 0.0 || p.fallTauSeconds < 0.0) return failure("EXP time constants must be positive");
    if (p.riseTauSeconds == 0.0 || p.fallTauSeconds == 0.0)
        return failure("EXP time constants need a value (or a .tran TSTEP for the default)");
    return {std::make_shared<ExpWaveform>(p), {}};
}

std::string checkPwlTable(const PwlParameters& p) {
    for (std::size_t i = 1; i < p.points.size(); ++i) {
        if (p.points[i].time <= p.points[i - 1].time) return "PWL time points must be strictly increasing";
    }
    if (!p.repeatFrom) return {};
    if (*p.repeatFrom >= p.points.back().time) return "PWL repeat time r= must be before the last time point";
    for (const auto& point : p.points) {
        if (point.time == *p.repeatFrom) return {};
    }
    return "PWL repeat time r= must equal one of the time points";
}

WaveformResult makePwl(const std::vector<double>& args, const PwlOptions& options) {
    if (args.size() < 2 || args.size() % 2 != 0) return failure("PWL expects time-value pairs (T1 V1 T2 V2 ...)");
    PwlParameters p;
    for (std::size_t i = 0; i < args.size(); i += 2) p.points.push_back({args[i], args[i + 1]});
    p.repeatFrom = options.repeatFrom;
    p.delaySeconds = options.delaySeconds;
    if (auto message = checkPwlTable(p); !message.empty()) return failure(message);
    return {std::make_shared<PwlWaveform>(std::move(p)), {}};
}

WaveformResult makeSffm(const std::vector<double>& args, const WaveformContext& context) {
    if (!countWithin(args, 2, 7)) return failure("SFFM expects 2 to 7 values (VO VA [FC MDI FS PHASEC PHASES])");
    const double perStop = context.tstopSeconds > 0.0 ? 1.0 / context.tstopSeconds : 0.0;
    SffmParameters p;
    p.offset = args[0];
    p.amplitude = args[1];
    p.carrierHz = givenOr(args, 2, perStop);
    p.modulationIndex = at(args, 3);
    p.signalHz = givenOr(args, 4, perStop);
    p.carrierPhaseDegrees = at(args, 5);
    p.signalPhaseDegrees = at(args, 6);
    return {std::make_shared<SffmWaveform>(p), {}};
}

// Memory bounds for what TRNOISE precomputes: a 1/f block costs about 24 bytes per sample
// while it is built (an FFT convolution twice its length), a telegraph transition 8 bytes.
constexpr std::size_t kMaxFlickerSamples = std::size_t{1} << 22;
constexpr double kMaxTelegraphTransitions = 1e7;

std::string checkTrnoiseFlicker(const TrnoiseParameters& p) {
    if (p.flickerAmplitude < 0.0) return "TRNOISE 1/f amplitude NAMP must not be negative";
    if (p.flickerAmplitude == 0.0) return {};
    if (!(p.flickerExponent > 0.0 && p.flickerExponent <= 2.0))
        return "TRNOISE 1/f exponent NALPHA must be in (0, 2] when NAMP is given";
    if (p.horizonSeconds / p.sampleSeconds + 10.0 > static_cast<double>(kMaxFlickerSamples))
        return "TRNOISE 1/f noise needs TSTOP/NT + 10 samples, at most 4194304: make NT longer";
    return {};
}

std::string checkTrnoiseTelegraph(const TrnoiseParameters& p) {
    if (p.rtsAmplitude < 0.0) return "TRNOISE telegraph amplitude RTSAM must not be negative";
    if (p.rtsAmplitude == 0.0) return {};
    if (!(p.captureSeconds > 0.0 && p.emissionSeconds > 0.0))
        return "TRNOISE telegraph noise needs positive mean times RTSCAPT and RTSEMT";
    if (2.0 * p.horizonSeconds / (p.captureSeconds + p.emissionSeconds) > kMaxTelegraphTransitions)
        return "TRNOISE telegraph noise would switch more than 1e7 times before TSTOP: make RTSCAPT and RTSEMT longer";
    return {};
}

WaveformResult makeTrnoise(const std::vector<double>& args, const RandomSourceOptions& random) {
    if (!countWithin(args, 2, 7)) return failure("TRNOISE expects 2 to 7 values (NA NT [NALPHA NAMP [RTSAM RTSCAPT RTSEMT]])");
    TrnoiseParameters p;
    p.dc = random.dc;
    p.rms = args[0];
    p.sampleSeconds = args[1];
    p.flickerExponent = at(args, 2);
    p.flickerAmplitude = at(args, 3);
    p.rtsAmplitude = at(args, 4);
    p.captureSeconds = at(args, 5);
    p.emissionSeconds = at(args, 6);
    p.horizonSeconds = random.horizonSeconds;
    const bool sampled = p.rms != 0.0 || p.flickerAmplitude != 0.0;
    if (p.sampleSeconds < 0.0 || (sampled && p.sampleSeconds == 0.0))
        return failure("TRNOISE sample interval NT must be positive");
    if (auto message = checkTrnoiseFlicker(p); !message.empty()) return failure(message);
    if (auto message = checkTrnoiseTelegraph(p); !message.empty()) return failure(message);
    return {std::make_shared<TrnoiseWaveform>(p, CounterRandom(random.seed, random.stream)), {}};
}

constexpr double kMaxPoissonMean = 1e6;  // each sample costs about PARAM1 uniforms

WaveformResult makeTrrandom(const std::vector<double>& args, const RandomSourceOptions& random) {
    if (!countWithin(args, 2, 5)) return failure("TRRANDOM expects 2 to 5 values (TYPE TS [TD PARAM1 PARAM2])");
    const double type = args[0];
    if (type != 1.0 && type != 2.0 && type != 3.0 && type != 4.0)
        return failure("TRRANDOM TYPE must be 1 (uniform), 2 (Gaussian), 3 (exponential) or 4 (Poisson)");
    if (!(args[1] > 0.0)) return failure("TRRANDOM sample duration TS must be positive");
    if (at(args, 2) < 0.0) return failure("TRRANDOM delay TD must not be negative");
    TrrandomParameters p;
    p.dc = random.dc;
    p.distribution = static_cast<RandomDistribution>(static_cast<int>(type));
    p.sampleSeconds = args[1];
    p.delaySeconds = at(args, 2);
    p.param1 = args.size() > 3 ? args[3] : 1.0;
    p.param2 = at(args, 4);
    const bool needsPositiveMean = type == 3.0 || type == 4.0;
    if (needsPositiveMean && !(p.param1 > 0.0)) return failure("TRRANDOM mean PARAM1 must be positive for types 3 and 4");
    if (type == 4.0 && p.param1 > kMaxPoissonMean) return failure("TRRANDOM Poisson mean PARAM1 must be at most 1e6");
    return {std::make_shared<TrrandomWaveform>(p, CounterRandom(random.seed, random.stream)), {}};
}

} // namespace

std::optional<WaveformKind> waveformKindFromName(std::string_view name) {
    if (name == "sin") return WaveformKind::Sin;
    if (name == "pulse") return WaveformKind::Pulse;
    if (name == "pwl") return WaveformKind::Pwl;
    if (name == "exp") return WaveformKind::Exp;
    if (name == "sffm") return WaveformKind::Sffm;
    if (name == "trnoise") return WaveformKind::Trnoise;
    if (name == "trrandom") return WaveformKind::Trrandom;
    return std::nullopt;
}

WaveformResult makeWaveform(WaveformKind kind, std::vector<double> args, const WaveformContext& context,
                            const PwlOptions& pwl, const RandomSourceOptions& random) {
    switch (kind) {
    case WaveformKind::Sin: return makeSin(args, context);
    case WaveformKind::Pulse: return makePulse(args, context);
    case WaveformKind::Exp: return makeExp(args, context);
    case WaveformKind::Pwl: return makePwl(args, pwl);
    case WaveformKind::Sffm: return makeSffm(args, context);
    case WaveformKind::Trnoise: return makeTrnoise(args, random);
    case WaveformKind::Trrandom: return makeTrrandom(args, random);
    }
    return failure("unknown waveform");
}

} // namespace cablespice::solver
