#include "solver/sources/waveform_factory.hpp"

#include "solver/sources/exp_waveform.hpp"
#include "solver/sources/pulse_waveform.hpp"
#include "solver/sources/pwl_waveform.hpp"
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

} // namespace

std::optional<WaveformKind> waveformKindFromName(std::string_view name) {
    if (name == "sin") return WaveformKind::Sin;
    if (name == "pulse") return WaveformKind::Pulse;
    if (name == "pwl") return WaveformKind::Pwl;
    if (name == "exp") return WaveformKind::Exp;
    return std::nullopt;
}

WaveformResult makeWaveform(WaveformKind kind, std::vector<double> args, const WaveformContext& context,
                            const PwlOptions& pwl) {
    switch (kind) {
    case WaveformKind::Sin: return makeSin(args, context);
    case WaveformKind::Pulse: return makePulse(args, context);
    case WaveformKind::Exp: return makeExp(args, context);
    case WaveformKind::Pwl: return makePwl(args, pwl);
    }
    return failure("unknown waveform");
}

} // namespace cablespice::solver
