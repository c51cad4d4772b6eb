#include "parser/elaborate/step_cards.hpp"

#include "parser/elaborate/text_util.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cablespice::elab {

namespace {
// One more point than readStep accepts: a longer range is reported there, not generated.
constexpr double kMaxStepCount = 1000000;
} // namespace

std::vector<double> linearSteps(double start, double stop, double increment) {
    std::vector<double> values;
    double count = std::floor((stop - start) / increment + 1e-9);
    if (!(count <= kMaxStepCount)) count = kMaxStepCount;  // readStep rejects it; keeps the cast defined
    for (int i = 0; i <= static_cast<int>(count); ++i) values.push_back(start + i * increment);
    return values;
}

std::vector<double> logSteps(double start, double stop, double pointsPerInterval, double base) {
    std::vector<double> values;
    double ratio = std::pow(base, 1.0 / pointsPerInterval);
    double count = std::floor(std::log(stop / start) / std::log(ratio) + 1e-9);
    if (!(count <= kMaxStepCount)) count = kMaxStepCount;
    for (int i = 0; i <= static_cast<int>(count); ++i) values.push_back(start * std::pow(ratio, i));
    return values;
}

namespace {

enum class Scale { Linear, Decade, Octave, List };

Scale readScale(CardReader& reader) {
    constexpr std::pair<std::string_view, Scale> scales[] = {
        {"lin", Scale::Linear}, {"dec", Scale::Decade}, {"oct", Scale::Octave}};
    for (auto [word, scale] : scales)
        if (reader.peekKeyword(word)) {
            reader.take();
            return scale;
        }
    return Scale::Linear;
}

std::optional<std::vector<double>> readList(CardReader& reader) {
    std::vector<double> values;
    while (!reader.atEnd()) {
        auto value = reader.expectNumber("step value");
        if (!value) return std::nullopt;
        values.push_back(*value);
    }
    if (values.empty()) reader.errorExpected("step values");
    if (values.empty()) return std::nullopt;
    return values;
}

std::optional<std::vector<double>> readRange(CardReader& reader, Scale scale) {
    std::size_t first = reader.position();
    auto start = reader.expectNumber("start value");
    auto stop = start ? reader.expectNumber("stop value") : std::nullopt;
    auto third = stop ? reader.expectNumber(scale == Scale::Linear ? "increment" : "points per interval") : std::nullopt;
    if (!third) return std::nullopt;
    reader.expectEnd();
    const ast::Token& at = reader.card().tokens[first];
    if (scale == Scale::Linear) {
        if (*third == 0.0 || (*stop - *start) / *third < 0) {
            reader.error(at, "the increment must be nonzero and lead from start to stop");
            return std::nullopt;
        }
        return linearSteps(*start, *stop, *third);
    }
    if (*start <= 0 || *stop < *start || *third < 1) {
        reader.error(at, "a logarithmic step needs 0 < start <= stop and at least one point per interval");
        return std::nullopt;
    }
    return logSteps(*start, *stop, *third, scale == Scale::Decade ? 10.0 : 2.0);
}

std::string_view targetWord(StepSpec::Target target) {
    if (target == StepSpec::Target::Parameter) return "parameter";
    if (target == StepSpec::Target::Element) return "element";
    return "model parameter";
}

// Two cards stepping one name would label points with a value the other card overwrites; the
// second is an error at its name, with a note at the first.
bool alreadyStepped(const StepSpec& spec, SourceRange at, ElabContext& context) {
    for (const auto& earlier : context.deck().steps) {
        if (earlier.target != spec.target || earlier.name != spec.name) continue;
        context.sink().error(at, fmt::format(".step: {} '{}' is already stepped by an earlier .step", targetWord(spec.target),
                                             spec.name),
                             {DiagnosticNote{earlier.origin, fmt::format("'{}' first stepped here", spec.name)}});
        return true;
    }
    return false;
}

} // namespace

void readStep(CardReader& reader, ElabContext& context) {
    Scale scale = readScale(reader);
    StepSpec spec;
    spec.origin = reader.card().range;
    if (reader.peekKeyword("param")) reader.take();
    else spec.target = StepSpec::Target::Element;
    const ast::Token* nameToken = reader.peek();
    auto name = reader.expectName(spec.target == StepSpec::Target::Parameter ? "parameter name" : "element name or 'param'");
    if (!name) return;
    spec.name = *name;
    // MODEL(PARAM): a .model parameter
    if (spec.target == StepSpec::Target::Element && reader.takeIf(ast::TokenKind::LParen)) {
        auto parameter = reader.expectName("model parameter name");
        if (!parameter) return;
        if (!reader.takeIf(ast::TokenKind::RParen)) {
            reader.errorExpected("')'");
            return;
        }
        spec.target = StepSpec::Target::ModelParameter;
        spec.model = *name;
        spec.modelParameter = *parameter;
        spec.name = *name + "(" + *parameter + ")";
    }
    const SourceRange nameRange = cover(nameToken->range, reader.endOfPrevious());
    if (reader.peekKeyword("list")) {
        reader.take();
        scale = Scale::List;
    }
    auto values = scale == Scale::List ? readList(reader) : readRange(reader, scale);
    if (!values) return;
    if (values->size() > 1000000) {
        reader.error(reader.head(), "more than a million step points");
        return;
    }
    spec.values = std::move(*values);
    if (alreadyStepped(spec, nameRange, context)) return;
    context.deck().steps.push_back(std::move(spec));
}

} // namespace cablespice::elab
