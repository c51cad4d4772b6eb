#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/text_util.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/voltage_source.hpp"

#include <array>
#include <type_traits>

namespace cablespice::elab {

namespace {

constexpr std::array<std::string_view, 8> kWaveforms = {"sin", "pulse", "pwl", "exp", "sffm", "am", "trnoise", "trrandom"};

bool isWaveformKeyword(const CardReader& reader) {
    for (auto kind : kWaveforms)
        if (reader.peekKeyword(kind)) return true;
    return false;
}

bool isSourceKeyword(const CardReader& reader) {
    return reader.peekKeyword("dc") || reader.peekKeyword("ac") || reader.peekKeyword("distof1") ||
           reader.peekKeyword("distof2") || isWaveformKeyword(reader);
}

// AC [mag [phase]]: magnitude defaults to 1 when the keyword stands alone.
void readAc(CardReader& reader, solver::SourceValue& value) {
    reader.take();
    value.acMagnitude = 1.0;
    if (!reader.peekNumber()) return;
    if (auto magnitude = reader.expectNumber("AC magnitude")) value.acMagnitude = *magnitude;
    if (!reader.peekNumber()) return;
    if (auto phase = reader.expectNumber("AC phase")) value.acPhaseDegrees = *phase;
}

// PWL's r=VALUE and td=VALUE (ngspice extensions).
bool readNamedArgument(CardReader& reader, WaveformRequest& request) {
    if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) return false;
    const ast::Token& key = reader.take();
    reader.take();
    auto value = reader.expectNumber("a value for '" + key.text + "'");
    std::string name = toLower(key.text);
    if (name != "r" && name != "td") reader.error(key, "unknown waveform parameter '" + key.text + "'");
    if (value) request.named[name] = *value;
    return true;
}

// KIND(args...) or KIND args... ; commas between arguments are allowed.
void readWaveform(CardReader& reader, ElabContext& context, solver::SourceValue& value) {
    const ast::Token& keyword = reader.take();
    WaveformRequest request{toLower(keyword.text), {}, {}, keyword.range, &value, 1.0,
                            context.elementName(reader.head())};
    bool parenthesized = reader.takeIf(ast::TokenKind::LParen);
    while (!reader.atEnd()) {
        if (parenthesized && reader.takeIf(ast::TokenKind::RParen)) {
            parenthesized = false;
            break;
        }
        if (reader.takeIf(ast::TokenKind::Comma) || readNamedArgument(reader, request)) continue;
        if (!parenthesized && (isSourceKeyword(reader) || !reader.peekNumber())) break;
        auto argument = reader.expectNumber("waveform argument");
        if (!argument) return;
        request.arguments.push_back(*argument);
    }
    if (parenthesized) {
        reader.error(keyword, "missing ')' after the arguments of " + keyword.text);
        return;
    }
    if (!parenthesized && readNamedArgument(reader, request)) {
        while (readNamedArgument(reader, request)) {
        }
    }
    request.origin = cover(keyword.range, reader.endOfPrevious());
    context.waveforms().push_back(std::move(request));
}

// Distortion inputs (DISTOF1/DISTOF2 [mag [phase]]) have no effect on the analyses here.
void skipDistortion(CardReader& reader) {
    reader.take();
    for (int i = 0; i < 2 && reader.peekNumber(); ++i) reader.take();
}

// Everything after the nodes: [[DC] value] [AC [mag [phase]]] [waveform] in any order.
std::optional<solver::SourceValue> readSourceValue(CardReader& reader, ElabContext& context,
                                                   solver::SourceValue& value) {
    std::size_t errorsBefore = context.sink().errorCount();
    while (!reader.atEnd()) {
        if (reader.peekKeyword("dc")) {
            reader.take();
            if (auto dc = reader.expectNumber("DC value")) value.dc = *dc;
        } else if (reader.peekKeyword("ac")) {
            readAc(reader, value);
        } else if (isWaveformKeyword(reader)) {
            readWaveform(reader, context, value);
        } else if (reader.peekKeyword("distof1") || reader.peekKeyword("distof2")) {
            skipDistortion(reader);
        } else if (reader.peekNumber() || reader.peekKind(ast::TokenKind::Word)) {
            if (auto dc = reader.expectNumber("source value")) value.dc = *dc;
        } else {
            reader.expectEnd();
        }
        if (context.sink().errorCount() != errorsBefore) return std::nullopt;
    }
    return value;
}

// Inside an instance with m=, a current source stands for m copies in parallel: m times the
// current in every analysis (a voltage source's copies keep its voltage).
void scaleCurrent(ElabContext& context, solver::SourceValue& value) {
    const double m = context.frame().multiplier;
    value.dc *= m;
    value.acMagnitude *= m;
    for (auto& request : context.waveforms())
        if (request.target == &value) request.scale = m;
}

template <class Source>
void buildIndependentSource(CardReader& reader, ElabContext& context) {
    auto p = context.node(reader);
    auto n = p ? context.node(reader) : std::nullopt;
    if (!n) return;
    auto& source = context.circuit().add<Source>(context.elementName(reader.head()), reader.card().range, *p, *n,
                                                 solver::SourceValue{});
    if (readSourceValue(reader, context, source.value()) && std::is_same_v<Source, solver::CurrentSource> &&
        context.frame().multiplier != 1.0) {
        scaleCurrent(context, source.value());
        context.setValueScale(source.name(), context.frame().multiplier);
    }
}

} // namespace

void buildVoltageSource(CardReader& reader, ElabContext& context) {
    buildIndependentSource<solver::VoltageSource>(reader, context);
}

void buildCurrentSource(CardReader& reader, ElabContext& context) {
    buildIndependentSource<solver::CurrentSource>(reader, context);
}

} // namespace cablespice::elab
