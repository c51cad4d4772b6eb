#include "parser/elaborate/four_cards.hpp"

#include "parser/elaborate/output_cards.hpp"

#include <cmath>
#include <variant>

namespace cablespice::elab {

namespace {

constexpr double kMaxHarmonics = 10000;

// NHARM, when the token after FREQ is a number.
bool readHarmonics(CardReader& reader, FourierSpec& spec) {
    if (!reader.peekNumber()) return true;
    const ast::Token& token = *reader.peek();
    auto count = reader.expectNumber("a number of harmonics");
    if (!count) return false;
    if (*count < 2 || *count > kMaxHarmonics || *count != std::floor(*count)) {
        reader.error(token, "number of harmonics must be a whole number from 2 to 10000 (DC and the fundamental "
                            "count), not '" + token.text + "'");
        return false;
    }
    spec.harmonics = static_cast<int>(*count);
    return true;
}

} // namespace

void readFour(CardReader& reader, ElabContext& context) {
    FourierSpec spec;
    spec.origin = reader.card().range;
    const ast::Token* frequencyToken = reader.peek();
    auto frequency = reader.expectNumber("a fundamental frequency");
    if (!frequency) return;
    if (!(*frequency > 0.0)) {
        reader.error(*frequencyToken, ".four fundamental frequency must be positive, not '" + frequencyToken->text + "'");
        return;
    }
    spec.fundamental = *frequency;
    if (!readHarmonics(reader, spec)) return;
    auto vectors = readWaveformVectors(reader, context, ".four");
    if (!vectors) return;
    spec.vectors = std::move(*vectors);
    context.deck().fourier.push_back(std::move(spec));
}

void resolveFourier(ElabContext& context) {
    for (auto& spec : context.deck().fourier) resolveWaveformVectors(spec.vectors, spec.origin, ".four", context);
}

} // namespace cablespice::elab
