#include "solver/sources/waveform_factory.hpp"

#include "solver/sources/exp_waveform.hpp"
#include "solver/sources/pulse_waveform.hpp"
#include "solver/sources/pwl_waveform.hpp"
#include "solver/sources/sin_waveform.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::solver;

namespace {
const WaveformContext kTran{1e-6, 100e-6};  // .tran 1u 100u

template <class W>
const W& as(const WaveformResult& result) {
    REQUIRE(result.ok());
    return dynamic_cast<const W&>(*result.waveform);
}
}

TEST_CASE("Waveform names map to kinds and unknown names do not", "[waveform]") {
    CHECK(waveformKindFromName("pulse") == WaveformKind::Pulse);
    CHECK(waveformKindFromName("sin") == WaveformKind::Sin);
    CHECK(waveformKindFromName("pwl") == WaveformKind::Pwl);
    CHECK(waveformKindFromName("exp") == WaveformKind::Exp);
    CHECK(waveformKindFromName("sffm") == WaveformKind::Sffm);
    CHECK(waveformKindFromName("trnoise") == WaveformKind::Trnoise);
    CHECK(waveformKindFromName("trrandom") == WaveformKind::Trrandom);
    CHECK_FALSE(waveformKindFromName("am"));
}

TEST_CASE("PULSE with only V1 V2 takes TR=TF=TSTEP and PW=PER=TSTOP", "[waveform]") {
    auto result = makeWaveform(WaveformKind::Pulse, {0.0, 1.0}, kTran);
    const auto& p = as<PulseWaveform>(result).parameters();
    CHECK(p.delaySeconds == 0.0);
    CHECK(p.riseSeconds == 1e-6);
    CHECK(p.fallSeconds == 1e-6);
    CHECK(p.widthSeconds == 100e-6);
    CHECK(p.periodSeconds == 100e-6);
    CHECK(result.waveform->value(0.5e-6) == Approx(0.5));
}

TEST_CASE("PULSE with an explicit zero rise time takes TSTEP as SPICE3 does", "[waveform]") {
    auto result = makeWaveform(WaveformKind::Pulse, {0.0, 1.0, 0.0, 0.0, 2e-9, 1e-6, 2e-6}, kTran);
    CHECK(as<PulseWaveform>(result).parameters().riseSeconds == 1e-6);
    CHECK(as<PulseWaveform>(result).parameters().fallSeconds == 2e-9);
}

TEST_CASE("PULSE rejects negative widths and wrong argument counts with a message", "[waveform]") {
    auto negative = makeWaveform(WaveformKind::Pulse, {0.0, 1.0, 0.0, -1e-9}, kTran);
    CHECK_FALSE(negative.ok());
    CHECK_THAT(negative.error, Catch::Contains("rise time"));
    CHECK_FALSE(makeWaveform(WaveformKind::Pulse, {0.0, 1.0, 0.0, 1e-9, 1e-9, -1.0}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pulse, {0.0}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pulse, std::vector<double>(9, 1.0), kTran).ok());
    // A negative delay is allowed (the pulse train started before t = 0).
    CHECK(makeWaveform(WaveformKind::Pulse, {0.0, 1.0, -1e-6}, kTran).ok());
}

TEST_CASE("SIN without FREQ runs one cycle over TSTOP", "[waveform]") {
    auto result = makeWaveform(WaveformKind::Sin, {0.0, 1.0}, kTran);
    CHECK(as<SinWaveform>(result).parameters().frequencyHz == Approx(1e4));
    CHECK_FALSE(makeWaveform(WaveformKind::Sin, {0.0}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Sin, std::vector<double>(7, 0.0), kTran).ok());
}

TEST_CASE("EXP defaults follow ngspice: TD1=TAU1=TAU2=TSTEP and TD2=TD1+TSTEP", "[waveform]") {
    auto result = makeWaveform(WaveformKind::Exp, {0.0, 1.0}, kTran);
    const auto& p = as<ExpWaveform>(result).parameters();
    CHECK(p.riseDelaySeconds == 1e-6);
    CHECK(p.riseTauSeconds == 1e-6);
    CHECK(p.fallDelaySeconds == 2e-6);
    CHECK(p.fallTauSeconds == 1e-6);
    CHECK_FALSE(makeWaveform(WaveformKind::Exp, {0.0, 1.0, 0.0, -1e-6}, kTran).ok());
}

TEST_CASE("PWL needs pairs of increasing times and an r= that is one of them", "[waveform]") {
    CHECK(makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 1e-3, 1.0}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 1e-3}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 0.0, 1.0}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 1e-3, 1.0, 2e-3, 0.0}, kTran, {0.5e-3, 0.0}).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 1e-3, 1.0}, kTran, {1e-3, 0.0}).ok());
    auto repeating = makeWaveform(WaveformKind::Pwl, {0.0, 0.0, 1e-3, 1.0, 2e-3, 0.0}, kTran, {0.0, 1e-3});
    CHECK(as<PwlWaveform>(repeating).parameters().delaySeconds == 1e-3);
    CHECK(repeating.waveform->value(3.5e-3) == Approx(0.5));  // local 2.5 ms folds to 0.5 ms
}
