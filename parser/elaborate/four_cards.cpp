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
    while (!reader.atEnd()) {
        auto vector = readOutputVector(reader);
        if (!vector) return;
        if (vector->part != OutputPart::Value) {
            context.sink().error(vector->origin, ".four analyses real waveforms: write v(...) or i(...), not " + vector->text);
            return;
        }
        spec.vectors.push_back(std::move(*vector));
    }
    if (spec.vectors.empty()) {
        reader.errorExpected("an output vector such as v(out)");
        return;
    }
    context.deck().fourier.push_back(std::move(spec));
}

void resolveFourier(ElabContext& context) {
    bool transient = false;
    for (const auto& analysis : context.deck().analyses)
        transient = transient || std::holds_alternative<solver::TranSpec>(analysis.kind);
    for (auto& spec : context.deck().fourier) {
        if (!transient) context.sink().error(spec.origin, ".four needs a .tran analysis");
        for (auto& vector : spec.vectors) resolveOutputVector(vector, context);
    }
}

} // namespace cablespice::elab
