#pragma once
#include "solver/sources/counter_random.hpp"
#include "solver/sources/flicker_sequence.hpp"
#include "solver/sources/telegraph_signal.hpp"
#include "solver/sources/waveform.hpp"

#include <optional>

namespace cablespice::solver {

// TRNOISE(NA NT NALPHA NAMP RTSAM RTSCAPT RTSEMT) as ngspice 39 builds it, on top of the
// source's DC value:
// - every NT seconds a sample (the one at t = 0 is 0), linear between them: Gaussian white noise
//   of rms NA plus, when NAMP > 0, 1/f^NALPHA noise x_k - x_0 from Kasdin's filter driven by
//   white noise of rms NAMP (see FlickerSequence);
// - when RTSAM > 0, a random telegraph signal adding 0 or RTSAM, low for times of mean RTSCAPT
//   and high for times of mean RTSEMT (exponentially distributed), starting low.
// The draws come from CounterRandom generators derived from one source's, so they differ from
// ngspice's but are fixed by the seed and the source's name.
struct TrnoiseParameters {
    double dc = 0.0;
    double rms = 0.0;               // NA
    double sampleSeconds = 0.0;     // NT; 0 only without white and 1/f noise
    double flickerExponent = 0.0;   // NALPHA, in (0, 2] when NAMP > 0
    double flickerAmplitude = 0.0;  // NAMP, rms of the white noise driving the 1/f filter
    double rtsAmplitude = 0.0;      // RTSAM
    double captureSeconds = 0.0;    // RTSCAPT: mean low time
    double emissionSeconds = 0.0;   // RTSEMT: mean high time
    // The run's end (longest .tran TSTOP): the 1/f samples and RTS transitions up to it are
    // computed at construction.
    double horizonSeconds = 0.0;
};

class TrnoiseWaveform final : public Waveform {
public:
    TrnoiseWaveform(TrnoiseParameters parameters, CounterRandom random);
    double value(double time) const override;
    // Every sample time is a corner, and every RTS transition.
    void breakpoints(double from, double to, std::vector<double>& out) const override;

    // Samples to precompute for a horizon: ngspice's TSTOP/NT + 10.
    static std::size_t flickerLength(double horizonSeconds, double sampleSeconds);

private:
    bool sampled() const { return p_.rms != 0.0 || flicker_.has_value(); }
    double sample(std::uint64_t k) const;
    double sampledNoise(double time) const;

    TrnoiseParameters p_;
    CounterRandom random_;
    std::optional<FlickerSequence> flicker_;
    std::optional<TelegraphSignal> telegraph_;
};

// TRRANDOM(TYPE TS TD PARAM1 PARAM2), ngspice 39: DC + PARAM2 until TD, then from TD on a new
// random value every TS seconds, held (a step at each TD + k*TS):
//   1 uniform in [-PARAM1, PARAM1], 2 Gaussian of standard deviation PARAM1,
//   3 exponential of mean PARAM1, 4 Poisson of mean PARAM1; each plus PARAM2 and the DC value.
enum class RandomDistribution { Uniform = 1, Gaussian = 2, Exponential = 3, Poisson = 4 };

struct TrrandomParameters {
    double dc = 0.0;
    RandomDistribution distribution = RandomDistribution::Uniform;
    double sampleSeconds = 0.0;  // TS
    double delaySeconds = 0.0;   // TD
    double param1 = 1.0;
    double param2 = 0.0;
};

class TrrandomWaveform final : public Waveform {
public:
    TrrandomWaveform(TrrandomParameters parameters, CounterRandom random) : p_(parameters), random_(random) {}
    double value(double time) const override;
    void breakpoints(double from, double to, std::vector<double>& out) const override;

private:
    double draw(std::uint64_t k) const;

    TrrandomParameters p_;
    CounterRandom random_;
};

} // namespace cablespice::solver
