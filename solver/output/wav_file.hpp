#pragma once
#include <filesystem>
#include <span>
#include <vector>

namespace cablespice::solver {

// WAV files through libsndfile (Debian libsndfile1-dev): PCM, samples as doubles with +-1.0
// full scale, channels interleaved frame by frame.
struct WavData {
    int sampleRate = 0;
    int channels = 0;
    std::vector<double> samples;  // frames * channels, interleaved

    std::size_t frames() const { return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0; }
};

// Bit depths a WAV file is written with.
bool isWavBitDepth(int bits);

// Encodes in memory, then writes the file whole or not at all (AtomicFile). Samples are
// expected within +-1 (the caller clips). Throws std::runtime_error or std::system_error naming
// the path.
void writeWav(const std::filesystem::path& path, int bits, const WavData& data);

// Reads any file libsndfile can decode. Throws std::runtime_error naming the path and reason.
WavData readWav(const std::filesystem::path& path);

} // namespace cablespice::solver
