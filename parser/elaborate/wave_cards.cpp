#include "parser/elaborate/wave_cards.hpp"

#include "parser/elaborate/output_cards.hpp"
#include "solver/output/wav_file.hpp"

#include <cmath>
#include <variant>

namespace cablespice::elab {

namespace {

constexpr double kMaxSampleRate = 10e6;
constexpr std::size_t kMaxChannels = 64;

std::string unquoted(const std::string& text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
    return text;
}

} // namespace

void readWave(CardReader& reader, ElabContext& context) {
    WaveSpec spec;
    spec.origin = reader.card().range;
    if (reader.atEnd() || reader.peek()->kind != ast::TokenKind::Word) {
        reader.errorExpected("a WAV file name");
        return;
    }
    const ast::Token& file = reader.take();
    std::string written = unquoted(file.text);
    if (written.empty()) {
        reader.error(file, "empty WAV file name");
        return;
    }
    spec.path = context.resolvePath(written, file.range);
    const ast::Token* bitsToken = reader.peek();
    auto bits = reader.expectNumber("the number of bits per sample");
    if (!bits) return;
    if (*bits != std::floor(*bits) || !solver::isWavBitDepth(static_cast<int>(*bits))) {
        reader.error(*bitsToken, ".wave bits per sample must be 8, 16, 24 or 32, not '" + bitsToken->text + "'");
        return;
    }
    spec.bits = static_cast<int>(*bits);
    const ast::Token* rateToken = reader.peek();
    auto rate = reader.expectNumber("a sample rate");
    if (!rate) return;
    if (*rate != std::floor(*rate) || *rate < 1 || *rate > kMaxSampleRate) {
        reader.error(*rateToken, ".wave sample rate must be a whole number of Hz from 1 to 10 MHz, not '" +
                                     rateToken->text + "'");
        return;
    }
    spec.sampleRate = static_cast<int>(*rate);
    auto vectors = readWaveformVectors(reader, context, ".wave");
    if (!vectors) return;
    spec.vectors = std::move(*vectors);
    if (spec.vectors.size() > kMaxChannels) {
        context.sink().error(spec.origin, ".wave writes at most 64 channels");
        return;
    }
    context.deck().waves.push_back(std::move(spec));
}

void resolveWaves(ElabContext& context) {
    for (auto& spec : context.deck().waves) resolveWaveformVectors(spec.vectors, spec.origin, ".wave", context);
}

} // namespace cablespice::elab
