#include "solver/analysis/transient.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::test;

namespace {

// A stand-in for a method-of-characteristics line: no matrix entries, a step limit, and
// counters for the hooks the transient must call.
class ProbeHistoryDevice final : public Device, public HistoryDevice {
public:
    explicit ProbeHistoryDevice(double maxStepSeconds)
        : Device("probe", cablespice::SourceRange{}), maxStep_(maxStepSeconds) {}

    void declareEntries(PatternBuilder&) const override {}
    void bindSlots(const SparsePattern&) override {}
    std::vector<Unknown> terminals() const override { return {}; }

    void beginTransient(std::span<const double>) override { ++begins; }
    void loadHistory(double, std::span<double>) const override { ++loads; }
    void acceptStep(double time, std::span<const double>) override {
        ++accepts;
        lastAccepted = time;
    }
    double maxStep() const override { return maxStep_; }

    int begins = 0;
    mutable int loads = 0;
    int accepts = 0;
    double lastAccepted = -1.0;

private:
    double maxStep_;
};

} // namespace

TEST_CASE("History devices see every accepted step and bound the step size", "[tran]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "out", 1e3);
    addCapacitor(c, "c1", "out", "0", 1e-6);
    auto& probe = c.add<ProbeHistoryDevice>(3e-6);
    c.finalize();
    TransientRecorder rec;
    auto stats = runOk(c, tranSpec(10e-6, 200e-6), {}, rec);
    CHECK(probe.begins == 1);
    CHECK(probe.accepts == stats.acceptedSteps);
    CHECK(probe.loads == stats.acceptedSteps + stats.rejectedSteps);
    CHECK(probe.lastAccepted == 200e-6);
    CHECK(stats.largestStep <= 3e-6 * (1.0 + 1e-12));
}
