#include "solver/analysis/noise_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/noise_integral.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/circuit/valued_device.hpp"

#include <cmath>
#include <numeric>

namespace cablespice::solver {

namespace {

// A noisy element and where its mechanisms sit in the flat list of densities.
struct NoiseSource {
    const NoiseDevice* device;
    std::string name;
    std::size_t first, count;  // its mechanisms: densities[first, first + count)
};

std::vector<NoiseSource> noisySources(const Circuit& circuit) {
    std::vector<NoiseSource> sources;
    std::size_t next = 0;
    for (const auto* noisy : circuit.noiseDevices()) {
        if (!noisy->makesNoise()) continue;
        const std::size_t count = noisy->noiseMechanismCount();
        sources.push_back({noisy, dynamic_cast<const Device&>(*noisy).name(), next, count});
        next += count;
    }
    return sources;
}

std::size_t mechanismCount(const std::vector<NoiseSource>& sources) {
    return sources.empty() ? 0 : sources.back().first + sources.back().count;
}

// An element's share of per-mechanism values: the sum over its mechanisms.
double elementSum(const NoiseSource& source, std::span<const double> perMechanism) {
    const auto part = perMechanism.subspan(source.first, source.count);
    return std::accumulate(part.begin(), part.end(), 0.0);
}

// Each element's onoise_NAME: asked for by the deck, or recorded for --json alone.
bool withContributions(const NoiseSpec& spec) { return spec.contributions || spec.recordContributions; }

VectorType inputDensityType(const Circuit& circuit, const NoiseSpec& spec) {
    const auto* source = dynamic_cast<const ValuedDevice*>(circuit.findDevice(spec.inputSource));
    const bool current = source && source->valueKind() == ValueKind::Current;
    return current ? VectorType::CurrentDensity : VectorType::VoltageDensity;
}

AnalysisInfo spectrumInfo(const Circuit& circuit, const NoiseSpec& spec, const std::vector<NoiseSource>& sources,
                          std::size_t points) {
    AnalysisInfo info{std::string(plot_names::kNoiseSpectrum), "frequency", VectorType::Frequency, false, {}};
    info.ownVectors = {{"onoise_spectrum", VectorType::VoltageDensity},
                       {"inoise_spectrum", inputDensityType(circuit, spec)}};
    if (withContributions(spec)) {
        for (const auto& source : sources) info.ownVectors.push_back({"onoise_" + source.name, VectorType::VoltageDensity});
        if (!spec.contributions) info.recordedOnly = sources.size();
    }
    info.expectedPoints = points;
    return info;
}

AnalysisInfo integratedInfo(const Circuit& circuit, const NoiseSpec& spec, const std::vector<NoiseSource>& sources) {
    const VectorType input = inputDensityType(circuit, spec) == VectorType::CurrentDensity ? VectorType::Current
                                                                                          : VectorType::Voltage;
    AnalysisInfo info{std::string(plot_names::kIntegratedNoise), "", VectorType::Other, false, {}};
    info.ownVectors = {{"onoise_total", VectorType::Voltage}, {"inoise_total", input}};
    if (withContributions(spec)) {
        for (const auto& source : sources) {
            info.ownVectors.push_back({"onoise_total_" + source.name, VectorType::Voltage});
            info.ownVectors.push_back({"inoise_total_" + source.name, input});
        }
        if (!spec.contributions) info.recordedOnly = 2 * sources.size();
    }
    info.expectedPoints = 1;
    return info;
}

// The power each mechanism has put into the output and into the input since the sweep began,
// integrated point by point in frequency order.
class NoiseIntegrator {
public:
    explicit NoiseIntegrator(std::size_t sources) : output_(sources), input_(sources), last_(sources) {}

    // densities: output noise power per mechanism [V^2/Hz]; gainSquared: |output / input|^2.
    void add(double frequency, std::span<const double> densities, double gainSquared) {
        for (std::size_t k = 0; k < densities.size(); ++k) {
            if (started_) {
                output_[k] += powerLawNoiseIntegral(lastFrequency_, last_[k], frequency, densities[k]);
                // Both ends referred to the input by this point's gain, as ngspice does (exact
                // where the gain is flat between points; a dense grid converges either way).
                input_[k] += powerLawNoiseIntegral(lastFrequency_, last_[k] / gainSquared, frequency,
                                                   densities[k] / gainSquared);
            }
            last_[k] = densities[k];
        }
        lastFrequency_ = frequency;
        started_ = true;
    }
    const std::vector<double>& output() const { return output_; }
    const std::vector<double>& input() const { return input_; }

private:
    std::vector<double> output_, input_, last_;
    double lastFrequency_ = 0.0;
    bool started_ = false;
};

double total(const std::vector<double>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

// The unit excitation of the input source and the output selector e_out, both of size n + 1.
struct NoisePorts {
    std::vector<std::complex<double>> input, output;
};

NoisePorts noisePorts(const Circuit& circuit, const NoiseSpec& spec, const ExcitationDevice& source) {
    const auto width = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    NoisePorts ports{std::vector<std::complex<double>>(width), std::vector<std::complex<double>>(width)};
    source.loadUnitAc(ports.input);
    ports.output[static_cast<std::size_t>(spec.outputPositive)] += 1.0;
    ports.output[static_cast<std::size_t>(spec.outputNegative)] -= 1.0;
    ports.input[0] = ports.output[0] = {};
    return ports;
}

} // namespace

Outcome<FrequencySweepStats> runNoise(const Circuit& circuit, const NoiseSpec& spec, SolutionObserver& observer,
                                      int threads, const OperatingPoint* operatingPoint) {
    if (!circuit.isLinear() && !operatingPoint)
        return SolveError{SolveErrorKind::Numerical, ".noise of a nonlinear circuit needs its operating point", -1, 0.0};
    const LinearisedCircuit* linearised = circuit.isLinear() ? nullptr : &operatingPoint->linearised;
    const auto* source = dynamic_cast<const ExcitationDevice*>(circuit.findDevice(spec.inputSource));
    if (!source) return SolveError{SolveErrorKind::Numerical, "the .noise input must be an independent source", -1, 0.0};
    const std::vector<NoiseSource> sources = noisySources(circuit);
    const std::size_t mechanisms = mechanismCount(sources);
    const NoisePorts ports = noisePorts(circuit, spec, *source);
    const std::vector<double> frequencies = frequencyPoints(spec.sweep);
    const std::size_t width = ports.output.size();
    NoiseEvaluation evaluation;
    if (linearised) {
        evaluation.operatingPoint = operatingPoint->x;
        evaluation.gmin = operatingPoint->gmin;
    }

    const std::size_t every = spec.pointsPerSummary > 0 ? static_cast<std::size_t>(spec.pointsPerSummary) : 1;
    observer.begin(spectrumInfo(circuit, spec, sources, (frequencies.size() + every - 1) / every));
    NoiseIntegrator integrator(mechanisms);
    std::vector<double> densities(mechanisms), values;
    std::size_t emitted = 0;
    // A row: the gain from the input to the output, then each mechanism's output noise power.
    FrequencySweep sweep(circuit, frequencies, 1 + mechanisms, threads, width, linearised);
    auto stats = sweep.run(
        [&](AcSystem& system, double frequency, std::span<std::complex<double>> row, std::span<std::complex<double>> adjoint) {
            std::copy(ports.output.begin(), ports.output.end(), adjoint.begin());
            if (auto solved = system.solveTransposed(adjoint); !solved) return solved;
            row[0] = std::inner_product(adjoint.begin(), adjoint.end(), ports.input.begin(), std::complex<double>{});
            NoiseEvaluation at = evaluation;
            at.frequency = frequency;
            at.adjoint = adjoint;
            std::vector<double> own(mechanisms);  // per worker thread: the sweep may run several
            for (const auto& noisy : sources)
                noisy.device->outputNoiseDensities(at, std::span<double>(own).subspan(noisy.first, noisy.count));
            for (std::size_t k = 0; k < mechanisms; ++k) row[1 + k] = own[k];
            return Outcome<Done>(Done{});
        },
        [&](double frequency, std::span<const std::complex<double>> row) {
            for (std::size_t k = 0; k < mechanisms; ++k) densities[k] = row[1 + k].real();
            const double gainSquared = std::norm(row[0]);
            integrator.add(frequency, densities, gainSquared);
            const double output = std::sqrt(total(densities));
            values.assign({output, output / std::sqrt(gainSquared)});
            if (withContributions(spec))
                for (const auto& noisy : sources) values.push_back(std::sqrt(elementSum(noisy, densities)));
            // With PTS_PER_SUMMARY = N the spectra hold every N-th point, as ngspice writes them;
            // the integration still takes every point.
            if (emitted++ % every == 0) observer.realPoint(frequency, values);
        });
    observer.end(stats.ok());
    if (!stats) return stats;

    observer.begin(integratedInfo(circuit, spec, sources));
    values.assign({std::sqrt(total(integrator.output())), std::sqrt(total(integrator.input()))});
    if (withContributions(spec))
        for (const auto& noisy : sources) {
            values.push_back(std::sqrt(elementSum(noisy, integrator.output())));
            values.push_back(std::sqrt(elementSum(noisy, integrator.input())));
        }
    observer.realPoint(0.0, values);
    observer.end(true);
    return stats;
}

} // namespace cablespice::solver
