#pragma once
#include "solver/sources/counter_random.hpp"
#include "solver/sources/waveform.hpp"

namespace cablespice::solver {

// TRNOISE(NA NT 0 0): white noise as ngspice 39 draws it, on top of the source's DC value:
// a Gaussian sample of rms NA every NT seconds (the one at t = 0 is 0), linear between them.
// The samples come from a CounterRandom, so they differ from ngspice's but are fixed by the seed.
struct TrnoiseParameters {
    double dc = 0.0;
    double rms = 0.0;             // NA
    double sampleSeconds = 0.0;   // NT
};

class TrnoiseWaveform final : public Waveform {
public:
    TrnoiseWaveform(TrnoiseParameters parameters, CounterRandom random) : p_(parameters), random_(random) {}
    double value(double time) const override;
    // Every sample time is a corner.
    void breakpoints(double from, double to, std::vector<double>& out) const override;

private:
    double sample(std::uint64_t k) const;

    TrnoiseParameters p_;
    CounterRandom random_;
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
