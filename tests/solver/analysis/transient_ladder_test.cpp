#include "solver/analysis/transient.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace cablespice::test;

namespace {

constexpr int kSections = 200;
constexpr double kInductance = 1e-6;   // per section
constexpr double kCapacitance = 1e-9;  // per section
const double kZ0 = std::sqrt(kInductance / kCapacitance);  // 31.6 ohm

std::string junction(int k) { return k == 0 ? std::string("in") : "n" + std::to_string(k); }

// Step (1 ns rise) through Z0 into a 200-section LC ladder terminated in Z0.
void buildLadder(Circuit& c) {
    addWaveformSource(c, "v1", "src", "0", waveformValue(WaveformKind::Pulse, {0, 1, 0, 1e-9, 1e-9, 1.0, 2.0}, 10e-9, 10e-6));
    addResistor(c, "rs", "src", "in", kZ0);
    for (int k = 1; k <= kSections; ++k) {
        addInductor(c, "l" + std::to_string(k), junction(k - 1), junction(k), kInductance);
        addCapacitor(c, "c" + std::to_string(k), junction(k), "0", kCapacitance);
    }
    addResistor(c, "rl", junction(kSections), "0", kZ0);
    c.finalize();
}

// Total variation of an interior node: the ideal line gives one 0.5 V step (TV = 0.5);
// everything above that is ringing.
double interiorTotalVariation(IntegrationMethod method) {
    Circuit c;
    buildLadder(c);
    TransientOptions options;
    options.method = method;
    options.fixedStep = true;
    TransientRecorder rec;
    runOk(c, tranSpec(10e-9, 10e-6), options, rec);
    const auto node = static_cast<std::size_t>(*c.nodes().findNode(junction(kSections / 2)));
    double variation = 0.0;
    for (std::size_t i = 1; i < rec.points.size(); ++i) variation += std::abs(rec.points[i][node] - rec.points[i - 1][node]);
    return variation;
}

} // namespace

TEST_CASE("Trapezoidal rings more than BDF2 on a step into a 200-section LC ladder", "[tran]") {
    const double trap = interiorTotalVariation(IntegrationMethod::Trapezoidal);
    const double gear = interiorTotalVariation(IntegrationMethod::Gear);
    INFO("total variation: trapezoidal " << trap << ", gear " << gear);
    CHECK(gear > 0.45);        // the wave front arrives in both
    CHECK(trap > 2.0 * gear);  // trapezoidal does not damp the ladder's cut-off modes
}
