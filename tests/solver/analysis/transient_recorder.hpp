#pragma once
// Test helpers for transient runs: an observer that keeps every point, linear interpolation
// between accepted points, and small circuit builders for waveform-driven sources.
#include "solver/analysis/solution_observer.hpp"
#include "solver/analysis/transient.hpp"
#include "solver/devices/voltage_source.hpp"
#include "solver/sources/waveform_factory.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <span>
#include <string_view>
#include <vector>

namespace cablespice::test {

using namespace cablespice::solver;

class TransientRecorder final : public SolutionObserver {
public:
    void begin(const AnalysisInfo& info) override {
        info_ = info;
        begun_ = true;
    }
    void realPoint(double t, std::span<const double> x) override {
        times.push_back(t);
        points.emplace_back(x.begin(), x.end());
    }
    void complexPoint(double, std::span<const std::complex<double>>) override { FAIL("transient is real"); }
    void end(bool complete) override {
        ended_ = true;
        complete_ = complete;
    }

    const AnalysisInfo& info() const { return info_; }
    bool begun() const { return begun_; }
    bool ended() const { return ended_; }
    bool complete() const { return complete_; }

    // Unknown u at time t, linearly interpolated between the bracketing accepted points.
    double at(Unknown u, double t) const {
        auto it = std::lower_bound(times.begin(), times.end(), t);
        REQUIRE(it != times.end());
        const auto i = static_cast<std::size_t>(it - times.begin());
        const auto ui = static_cast<std::size_t>(u);
        if (*it == t || i == 0) return points[i][ui];
        const double fraction = (t - times[i - 1]) / (times[i] - times[i - 1]);
        return points[i - 1][ui] + fraction * (points[i][ui] - points[i - 1][ui]);
    }

    std::vector<double> times;
    std::vector<std::vector<double>> points;

private:
    AnalysisInfo info_;
    bool begun_ = false, ended_ = false, complete_ = false;
};

inline SourceValue waveformValue(WaveformKind kind, std::vector<double> args, double tstep, double tstop) {
    auto made = makeWaveform(kind, std::move(args), {tstep, tstop});
    INFO(made.error);
    REQUIRE(made.ok());
    SourceValue value;
    value.dc = made.waveform->value(0.0);
    value.waveform = made.waveform;
    return value;
}

inline VoltageSource& addWaveformSource(Circuit& c, std::string name, std::string_view p, std::string_view n,
                                        SourceValue value) {
    Unknown up = c.nodes().node(p), un = c.nodes().node(n);
    return c.add<VoltageSource>(std::move(name), SourceRange{}, up, un, std::move(value));
}

inline TranSpec tranSpec(double tstep, double tstop, double tstart = 0.0, bool uic = false) {
    TranSpec spec;
    spec.tstep = tstep;
    spec.tstop = tstop;
    spec.tstart = tstart;
    spec.uic = uic;
    return spec;
}

// Runs and requires success.
inline TransientStats runOk(const Circuit& c, const TranSpec& spec, const TransientOptions& options,
                            TransientRecorder& recorder,
                            const std::vector<std::pair<Unknown, double>>& ics = {}) {
    auto result = runTransient(c, spec, options, ics, recorder);
    INFO((result ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return result.value();
}

} // namespace cablespice::test
