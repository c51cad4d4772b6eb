#pragma once
#include "parser/elaborate/output_request.hpp"
#include "solver/support/source_range.hpp"

#include <filesystem>
#include <vector>

namespace cablespice::elab {

// .wave "file.wav" NBITS SRATE V(out) [V(out2) ...] (LTspice): after .tran, the vectors
// resampled at SRATE into a WAV file, one channel each, +-1 V (or A) full scale.
struct WaveSpec {
    std::filesystem::path path;  // resolved against the folder of the card's file
    int bits = 16;
    int sampleRate = 48000;
    std::vector<OutputVector> vectors;
    SourceRange origin;
};

} // namespace cablespice::elab
