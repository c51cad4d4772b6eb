#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/text_util.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/voltage_source.hpp"
#include "solver/output/wav_file.hpp"
#include "solver/sources/pwl_waveform.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>
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

bool isWaveFileKeyword(const CardReader& reader) {
    return reader.peekKeyword("wavefile") && reader.peekKind(ast::TokenKind::Equals, 1);
}

// wavefile="in.wav" [chan=N] (LTspice): the file's channel N (default 0) as a PWL through its
// samples, +-1 full scale = +-1 V (or A); the path is relative to the card's file.
void readWaveFile(CardReader& reader, ElabContext& context, solver::SourceValue& value) {
    reader.take();
    reader.take();
    if (reader.atEnd() || reader.peek()->kind != ast::TokenKind::Word) {
        reader.errorExpected("a WAV file name after 'wavefile='");
        return;
    }
    const ast::Token& file = reader.take();
    std::string written = file.text;
    if (written.size() >= 2 && written.front() == '"' && written.back() == '"') written = written.substr(1, written.size() - 2);
    int channel = 0;
    if (reader.peekKeyword("chan") && reader.peekKind(ast::TokenKind::Equals, 1)) {
        const ast::Token& key = reader.take();
        reader.take();
        auto number = reader.expectNumber("a channel number after 'chan='");
        if (!number) return;
        if (*number < 0 || *number != std::floor(*number) || *number > 1e6) {
            reader.error(key, "chan= must be a channel number from 0, not '" + std::to_string(*number) + "'");
            return;
        }
        channel = static_cast<int>(*number);
    }
    solver::WavData data;
    try {
        data = solver::readWav(context.resolvePath(written, file.range));
    } catch (const std::exception& error) {
        reader.error(file, error.what());
        return;
    }
    if (channel >= data.channels || data.frames() == 0) {
        reader.error(file, "'" + written + "' has " + std::to_string(data.channels) + " channel(s) and " +
                               std::to_string(data.frames()) + " frames: no samples in chan=" + std::to_string(channel));
        return;
    }
    solver::PwlParameters pwl;
    pwl.points.reserve(data.frames());
    for (std::size_t k = 0; k < data.frames(); ++k)
        pwl.points.push_back({static_cast<double>(k) / data.sampleRate,
                              data.samples[k * static_cast<std::size_t>(data.channels) + static_cast<std::size_t>(channel)]});
    value.waveform = std::make_shared<solver::PwlWaveform>(std::move(pwl));
}

// Distortion inputs (DISTOF1/DISTOF2 [mag [phase]]) have no effect on the analyses here.
void skipDistortion(CardReader& reader) {
    reader.take();
    for (int i = 0; i < 2 && reader.peekNumber(); ++i) reader.take();
}

// The names of a source's noise parameters: en=/fce= on V, in=/fci= on I.
struct NoiseNames {
    std::string_view white, corner;
};

template <class Source>
constexpr NoiseNames noiseNames() {
    if constexpr (std::is_same_v<Source, solver::CurrentSource>) return {"in", "fci"};
    else return {"en", "fce"};
}

bool isNoiseKeyword(const CardReader& reader, NoiseNames names) {
    return (reader.peekKeyword(names.white) || reader.peekKeyword(names.corner)) &&
           reader.peekKind(ast::TokenKind::Equals, 1);
}

// en=DENSITY / fce=HZ (or in= / fci=): the source's noise for .noise, S = en^2 (1 + fce/f).
void readNoise(CardReader& reader, NoiseNames names, solver::SourceNoise& noise) {
    const ast::Token& key = reader.take();
    reader.take();
    auto number = reader.expectNumber("a value for '" + key.text + "'");
    if (!number) return;
    if (*number < 0.0) {
        reader.error(key, "'" + key.text + "' must not be negative, not " + fmt::format("{:g}", *number));
        return;
    }
    (toLower(key.text) == names.white ? noise.white : noise.corner) = *number;
}

void rejectUnknownParameter(CardReader& reader, NoiseNames names) {
    const ast::Token& key = reader.take();
    reader.error(key, fmt::format("unknown parameter '{}' of this source (its noise parameters are {}= and {}=)",
                                  key.text, names.white, names.corner));
}

// Everything after the nodes: [[DC] value] [AC [mag [phase]]] [waveform] [noise] in any order.
std::optional<solver::SourceValue> readSourceValue(CardReader& reader, ElabContext& context,
                                                   solver::SourceValue& value, NoiseNames noiseNames,
                                                   solver::SourceNoise& noise) {
    std::size_t errorsBefore = context.sink().errorCount();
    while (!reader.atEnd()) {
        if (reader.peekKeyword("dc")) {
            reader.take();
            if (auto dc = reader.expectNumber("DC value")) value.dc = *dc;
        } else if (reader.peekKeyword("ac")) {
            readAc(reader, value);
        } else if (isWaveformKeyword(reader)) {
            readWaveform(reader, context, value);
        } else if (isWaveFileKeyword(reader)) {
            readWaveFile(reader, context, value);
        } else if (isNoiseKeyword(reader, noiseNames)) {
            readNoise(reader, noiseNames, noise);
        } else if (reader.peekKind(ast::TokenKind::Word) && reader.peekKind(ast::TokenKind::Equals, 1)) {
            rejectUnknownParameter(reader, noiseNames);
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
    solver::SourceNoise noise;
    const bool read = readSourceValue(reader, context, source.value(), noiseNames<Source>(), noise).has_value();
    if (read && std::is_same_v<Source, solver::CurrentSource> && context.frame().multiplier != 1.0) {
        scaleCurrent(context, source.value());
        context.setValueScale(source.name(), context.frame().multiplier);
        noise.white *= std::sqrt(context.frame().multiplier);  // m uncorrelated copies
    }
    source.setNoise(noise);
}

} // namespace

void buildVoltageSource(CardReader& reader, ElabContext& context) {
    buildIndependentSource<solver::VoltageSource>(reader, context);
}

void buildCurrentSource(CardReader& reader, ElabContext& context) {
    buildIndependentSource<solver::CurrentSource>(reader, context);
}

} // namespace cablespice::elab
