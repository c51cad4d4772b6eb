// .wave (LTspice): WAV files written after .tran, read back here with libsndfile directly; and
// wavefile= sources playing a file written here with libsndfile. Expected samples come from
// the sources' own formulas (a SIN, a DC level, a PWL) and from the file's samples.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double kPi = std::numbers::pi;

struct Sound {
    SF_INFO info{};
    std::vector<double> samples;  // interleaved, +-1 full scale
    double at(sf_count_t frame, int channel) const { return samples[static_cast<std::size_t>(frame * info.channels + channel)]; }
};

Sound readSound(const std::filesystem::path& path) {
    Sound sound;
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &sound.info);
    REQUIRE(file != nullptr);
    sound.samples.resize(static_cast<std::size_t>(sound.info.frames * sound.info.channels));
    CHECK(sf_readf_double(file, sound.samples.data(), sound.info.frames) == sound.info.frames);
    sf_close(file);
    return sound;
}

void writeSound(const std::filesystem::path& path, int rate, int channels, const std::vector<double>& samples) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    REQUIRE(file != nullptr);
    sf_writef_double(file, samples.data(), static_cast<sf_count_t>(samples.size() / channels));
    sf_close(file);
}

std::filesystem::path scratch(const std::string& name) { return scratchDirectory() / name; }

} // namespace

TEST_CASE(".wave writes the listed vectors resampled, one channel each, within one LSB", "[app][wave]") {
    auto path = scratch("wave_out.wav");
    std::filesystem::remove(path);
    auto result = runText("wave_out.cir", "wave\nV1 a 0 SIN(0 0.5 1k)\nV2 b 0 0.25\nV3 c 0 PWL(0 0 1m 0.8 2m -0.8 3m 0)\n"
                                          "R1 a 0 1k\nR2 b 0 1k\nR3 c 0 1k\n.tran 1u 3m 0 1u\n"
                                          ".wave \"wave_out.wav\" 16 8000 v(a) v(b) v(c)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.find("warning") == std::string::npos);
    auto sound = readSound(path);
    CHECK(sound.info.channels == 3);
    CHECK(sound.info.samplerate == 8000);
    CHECK((sound.info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16);
    CHECK(sound.info.frames == 25);  // t = 0, 1/8000, ..., 3 ms
    const double lsb = 1.0 / 32768;
    auto pwl = [](double t) { return t <= 1e-3 ? 0.8 * t / 1e-3 : t <= 2e-3 ? 0.8 - 1.6 * (t - 1e-3) / 1e-3 : -0.8 + 0.8 * (t - 2e-3) / 1e-3; };
    for (sf_count_t k = 0; k < sound.info.frames; ++k) {
        double t = static_cast<double>(k) / 8000;
        INFO("frame " << k);
        // The SIN between time points is linearly interpolated: (w dt)^2/8 * 0.5 = 2.5e-6 V, under an LSB.
        CHECK_THAT(sound.at(k, 0), WithinAbs(0.5 * std::sin(2 * kPi * 1e3 * t), lsb));
        CHECK_THAT(sound.at(k, 1), WithinAbs(0.25, lsb));
        CHECK_THAT(sound.at(k, 2), WithinAbs(pwl(t), lsb));
    }
}

TEST_CASE(".wave clips beyond +-1 with a warning and writes 8/24/32-bit files", "[app][wave]") {
    for (int bits : {8, 24, 32}) {
        auto name = "wave_clip" + std::to_string(bits) + ".wav";
        auto result = runText("wave_clip.cir", "clip\nV1 a 0 SIN(0 2 1k)\nR1 a 0 1k\n.tran 1u 1m 0 1u\n.wave " + name + " " +
                                                   std::to_string(bits) + " 48k v(a)\n.end\n");
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        CHECK(result.err.find("warning: .wave: ") != std::string::npos);
        CHECK(result.err.find("samples of v(a) are beyond +-1 full scale and were clipped") != std::string::npos);
        auto sound = readSound(scratch(name));
        const int subtype = bits == 8 ? SF_FORMAT_PCM_U8 : bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_32;
        CHECK((sound.info.format & SF_FORMAT_SUBMASK) == subtype);
        CHECK(sound.info.frames == 49);
        const double lsb = std::ldexp(1.0, 1 - bits);
        CHECK_THAT(sound.at(12, 0), WithinAbs(1.0, lsb));   // t = 0.25 ms: 2 V clipped
        CHECK_THAT(sound.at(36, 0), WithinAbs(-1.0, lsb));  // t = 0.75 ms: -2 V clipped
        CHECK_THAT(sound.at(1, 0), WithinAbs(2 * std::sin(2 * kPi / 48), 2.5e-6 + lsb));
    }
}

TEST_CASE(".wave errors: bad bits, bad rate, no .tran, unwritable folder leaves no file", "[app][wave]") {
    auto bad = runText("wave_bad.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.wave x.wav 12 8000 v(a)\n"
                                       ".wave x.wav 16 0.5 v(a)\n.wave x.wav 16 8000 vdb(a)\n.end\n");
    INFO(bad.err);
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find(":5:13: error: .wave bits per sample must be 8, 16, 24 or 32, not '12'") != std::string::npos);
    CHECK(bad.err.find(":6:16: error: .wave sample rate must be a whole number") != std::string::npos);
    CHECK(bad.err.find(":7:21: error: .wave takes waveforms") != std::string::npos);

    auto noTran = runText("wave_notran.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.op\n.wave x.wav 16 8000 v(a)\n.end\n");
    CHECK(noTran.exitCode == 1);
    CHECK(noTran.err.find(":5:1: error: .wave needs a .tran analysis") != std::string::npos);

    auto missing = runText("wave_nodir.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.wave no_such_dir/x.wav 16 8000 v(a)\n.end\n");
    INFO(missing.err);
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find(":5:1: error: .wave: ") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(scratch("no_such_dir")));

    // 1000 s at 1 MHz is 1e9 samples: refused before any memory is taken.
    auto huge = runText("wave_huge.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.tran 1 1000\n.wave huge.wav 16 1meg v(a)\n.end\n");
    CHECK(huge.exitCode == 1);
    CHECK(huge.err.find(":5:1: error: .wave: 1e+09 frames of 1 channel(s) is more than 2.5e+08 samples") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(scratch("huge.wav")));
}

TEST_CASE("wavefile= plays a file's channel as the source's waveform", "[app][wave]") {
    // 8 kHz, two channels: a ramp and a 1 kHz sine at 0.6, 40 frames.
    std::vector<double> samples;
    for (int k = 0; k < 40; ++k) {
        samples.push_back(-0.5 + k / 40.0);
        samples.push_back(0.6 * std::sin(2 * kPi * 1e3 * k / 8000));
    }
    std::filesystem::create_directories(scratch("sounds"));
    writeSound(scratch("sounds/known.wav"), 8000, 2, samples);
    std::string measures;
    for (int k : {0, 3, 17, 39}) {
        double t = k / 8000.0;
        measures += ".meas tran ramp" + std::to_string(k) + " FIND v(r) AT=" + std::to_string(t) + "\n";
        measures += ".meas tran sine" + std::to_string(k) + " FIND v(s) AT=" + std::to_string(t) + "\n";
    }
    auto result = runText("wave_play.cir", "play\nV1 r 0 wavefile=\"sounds/known.wav\"\nV2 s 0 wavefile=sounds/known.wav chan=1\n"
                                           "R1 r 0 1k\nR2 s 0 1k\n.tran 10u 4.875m\n" + measures +
                                           ".wave played.wav 16 8000 v(r) v(s)\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    const double lsb = 1.0 / 32768;
    auto value = [&](const std::string& name) {
        auto at = result.out.find(name + " = ");
        REQUIRE(at != std::string::npos);
        return std::stod(result.out.substr(at + name.size() + 3));
    };
    for (int k : {0, 3, 17, 39}) {
        INFO("frame " << k);
        CHECK_THAT(value("ramp" + std::to_string(k)), WithinAbs(samples[2 * k], lsb));
        CHECK_THAT(value("sine" + std::to_string(k)), WithinAbs(samples[2 * k + 1], lsb));
    }
    // Round trip: the played file written again at its own rate has its samples.
    auto played = readSound(scratch("played.wav"));
    REQUIRE(played.info.frames == 40);
    for (sf_count_t k = 0; k < 40; ++k) {
        CHECK_THAT(played.at(k, 0), WithinAbs(samples[2 * k], lsb));
        CHECK_THAT(played.at(k, 1), WithinAbs(samples[2 * k + 1], lsb));
    }
}

TEST_CASE("wavefile= errors: missing file, channel out of range", "[app][wave]") {
    auto missing = runText("wave_missing.cir", "t\nV1 a 0 wavefile=\"nope.wav\"\nR1 a 0 1k\n.tran 1u 1m\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find(":2:17: error: ") != std::string::npos);
    CHECK(missing.err.find("nope.wav: cannot read sound file") != std::string::npos);
    std::filesystem::create_directories(scratch("sounds"));
    writeSound(scratch("sounds/mono.wav"), 8000, 1, {0.1, 0.2});
    auto channel = runText("wave_chan.cir", "t\nV1 a 0 wavefile=sounds/mono.wav chan=1\nR1 a 0 1k\n.tran 1u 1m\n.end\n");
    CHECK(channel.exitCode == 1);
    CHECK(channel.err.find("has 1 channel(s) and 2 frames: no samples in chan=1") != std::string::npos);
}

// The executable does not link libsndfile (it opens it when a deck first needs it), so the
// in-process tests above, whose binary links it, would not notice a failure to open it there.
TEST_CASE("The executable writes a .wave and plays it back with wavefile=", "[app][wave][cli]") {
    const auto folder = scratch("wave_cli");
    std::filesystem::create_directories(folder);
    std::filesystem::remove(folder / "cli.wav");
    {
        std::ofstream write(folder / "write.cir");
        write << "write\nV1 a 0 PWL(0 -0.5 1m 0.5)\nR1 a 0 1k\n.tran 10u 1m\n.wave cli.wav 16 8000 v(a)\n.end\n";
        std::ofstream play(folder / "play.cir");
        play << "play\nV1 a 0 wavefile=cli.wav\nR1 a 0 1k\n.tran 10u 1m\n"
                ".meas tran first FIND v(a) AT=0\n.meas tran fourth FIND v(a) AT=0.5m\n.end\n";
    }
    const std::string cd = "cd '" + folder.string() + "' && '" + std::string(CABLESPICE_BINARY) + "' ";
    auto written = runShell(cd + "write.cir 2>&1");
    INFO(written.output);
    REQUIRE(written.exitCode == 0);
    auto sound = readSound(folder / "cli.wav");
    REQUIRE(sound.info.frames == 9);  // t = 0, 125 us, ..., 1 ms
    const double lsb = 1.0 / 32768;
    CHECK_THAT(sound.at(0, 0), WithinAbs(-0.5, lsb));
    CHECK_THAT(sound.at(4, 0), WithinAbs(0.0, lsb));
    CHECK_THAT(sound.at(8, 0), WithinAbs(0.5, lsb));
    auto played = runShell(cd + "play.cir 2>&1");
    INFO(played.output);
    REQUIRE(played.exitCode == 0);
    auto measured = [&](const std::string& name) {
        auto at = played.output.find(name + " = ");
        REQUIRE(at != std::string::npos);
        return std::stod(played.output.substr(at + name.size() + 3));
    };
    CHECK_THAT(measured("first"), WithinAbs(-0.5, lsb));  // frame 0
    CHECK_THAT(measured("fourth"), WithinAbs(0.0, lsb));  // frame 4
}
