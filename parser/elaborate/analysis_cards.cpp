#include "parser/elaborate/analysis_cards.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "parser/elaborate/text_util.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cablespice::elab {

using solver::AnalysisSpec;

void readOp(CardReader& reader, ElabContext& context) {
    reader.expectEnd();
    context.deck().analyses.push_back(AnalysisSpec{solver::OpSpec{}, reader.card().range});
}

namespace {

std::optional<solver::DcSweepSpec::Sweep> readSweep(CardReader& reader) {
    auto source = reader.expectName("source name");
    if (!source) return std::nullopt;
    auto start = reader.expectNumber("start value");
    auto stop = start ? reader.expectNumber("stop value") : std::nullopt;
    auto increment = stop ? reader.expectNumber("increment") : std::nullopt;
    if (!increment) return std::nullopt;
    if (*increment == 0.0 && *start != *stop) {
        reader.error(reader.card().tokens[reader.position() - 1], "DC sweep increment must not be zero");
        return std::nullopt;
    }
    if ((*stop - *start) * *increment < 0) {
        reader.error(reader.card().tokens[reader.position() - 1], "DC sweep increment has the wrong sign");
        return std::nullopt;
    }
    if ((*stop - *start) / *increment > 1e7) {  // sweepPointCount converts the count to int
        reader.error(reader.card().tokens[reader.position() - 1], "DC sweep has more than 10 million points");
        return std::nullopt;
    }
    return solver::DcSweepSpec::Sweep{*source, *start, *stop, *increment};
}

} // namespace

// .dc SRC START STOP INCR [SRC2 START2 STOP2 INCR2]
void readDc(CardReader& reader, ElabContext& context) {
    solver::DcSweepSpec spec;
    while (spec.sweeps.size() < 2) {
        auto sweep = readSweep(reader);
        if (!sweep) return;
        spec.sweeps.push_back(*sweep);
        if (reader.atEnd()) break;
    }
    reader.expectEnd();
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

namespace {

std::optional<solver::AcSpec> readFrequencySweep(CardReader& reader, std::optional<double>* pointsPerSummary = nullptr,
                                                 std::optional<double>* at = nullptr);
bool readAt(CardReader& reader, std::optional<double>& at);

} // namespace

// .ac dec|oct|lin N FSTART FSTOP
void readAc(CardReader& reader, ElabContext& context) {
    auto spec = readFrequencySweep(reader);
    if (!spec) return;
    context.deck().analyses.push_back(AnalysisSpec{*spec, reader.card().range});
}

namespace {

// at=F (a frequency > 0), when the next token is `at`; false after an error.
bool readAt(CardReader& reader, std::optional<double>& at) {
    if (!reader.peekKeyword("at")) return true;
    const ast::Token& key = reader.take();
    if (!reader.takeIf(ast::TokenKind::Equals)) {
        reader.errorExpected("'=' and a frequency");
        return false;
    }
    at = reader.expectNumber("a frequency for 'at'");
    if (!at) return false;
    if (!(*at > 0.0)) {
        reader.error(key, "at= must be a frequency > 0");
        return false;
    }
    return true;
}

// `pointsPerSummary`, when given, receives an optional trailing number (.noise's PTS_PER_SUMMARY);
// `at`, when given, an optional trailing at=F.
std::optional<solver::AcSpec> readFrequencySweep(CardReader& reader, std::optional<double>* pointsPerSummary,
                                                 std::optional<double>* at) {
    solver::AcSpec spec;
    if (reader.peekKeyword("dec")) spec.grid = solver::FrequencyGrid::Decade;
    else if (reader.peekKeyword("oct")) spec.grid = solver::FrequencyGrid::Octave;
    else if (reader.peekKeyword("lin")) spec.grid = solver::FrequencyGrid::Linear;
    else {
        reader.errorExpected("'dec', 'oct' or 'lin'");
        return std::nullopt;
    }
    std::size_t gridToken = reader.position();
    reader.take();
    auto points = reader.expectNumber("number of points");
    auto fstart = points ? reader.expectNumber("start frequency") : std::nullopt;
    auto fstop = fstart ? reader.expectNumber("stop frequency") : std::nullopt;
    if (!fstop) return std::nullopt;
    if (pointsPerSummary && !reader.atEnd()) {
        *pointsPerSummary = reader.expectNumber("points per summary");
        if (!*pointsPerSummary) return std::nullopt;
    }
    if (at && !readAt(reader, *at)) return std::nullopt;
    reader.expectEnd();
    const auto& tokens = reader.card().tokens;
    if (*points < 1 || *points != std::floor(*points) || *points > 1e7) {
        reader.error(tokens[gridToken + 1], "number of points must be a positive whole number");
        return std::nullopt;
    }
    if (*fstart <= 0 || *fstop < *fstart) {
        reader.error(tokens[gridToken + 2], "frequencies must satisfy 0 < fstart <= fstop");
        return std::nullopt;
    }
    spec.points = static_cast<int>(*points);
    spec.fstart = *fstart;
    spec.fstop = *fstop;
    return spec;
}

// v(a) or v(a,b)
bool readOutputNodes(CardReader& reader, std::string& positiveNode, std::string& negativeNode) {
    if (!reader.peekKeyword("v") || !reader.peekKind(ast::TokenKind::LParen, 1)) {
        reader.errorExpected("an output v(node) or v(a,b)");
        return false;
    }
    reader.take();
    reader.take();
    auto positive = reader.expectName("node name");
    if (!positive) return false;
    positiveNode = *positive;
    if (reader.takeIf(ast::TokenKind::Comma)) {
        auto negative = reader.expectName("node name");
        if (!negative) return false;
        negativeNode = *negative;
    }
    if (reader.takeIf(ast::TokenKind::RParen)) return true;
    reader.errorExpected("')'");
    return false;
}

} // namespace

// .cmrr OUTPUT DMSOURCE CMSOURCE ac dec|oct|lin N FSTART FSTOP
void readCmrr(CardReader& reader, ElabContext& context) {
    solver::CmrrSpec spec;
    if (!readOutputNodes(reader, spec.outputPositiveNode, spec.outputNegativeNode)) return;
    auto dm = reader.expectName("differential-mode source name");
    auto cm = dm ? reader.expectName("common-mode source name") : std::nullopt;
    if (!cm) return;
    spec.dmSource = *dm;
    spec.cmSource = *cm;
    const std::string_view ac = analysisWord(PrintAnalysis::Ac);
    if (!reader.peekKeyword(ac)) {
        reader.errorExpected(fmt::format("'{}'", ac));
        return;
    }
    reader.take();
    auto sweep = readFrequencySweep(reader);
    if (!sweep) return;
    spec.sweep = *sweep;
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

// .noise v(out[,ref]) SRC dec|oct|lin N FSTART FSTOP [PTS_PER_SUMMARY]
void readNoise(CardReader& reader, ElabContext& context) {
    solver::NoiseSpec spec;
    if (!readOutputNodes(reader, spec.outputPositiveNode, spec.outputNegativeNode)) return;
    auto source = reader.expectName("input source name");
    if (!source) return;
    spec.inputSource = *source;
    const std::size_t summaryToken = reader.position() + 4;
    std::optional<double> pointsPerSummary;
    auto sweep = readFrequencySweep(reader, &pointsPerSummary);
    if (!sweep) return;
    spec.sweep = *sweep;
    if (pointsPerSummary) {
        if (*pointsPerSummary < 0 || *pointsPerSummary != std::floor(*pointsPerSummary) || *pointsPerSummary > 1e7) {
            reader.error(reader.card().tokens[summaryToken], "points per summary must be a whole number >= 0");
            return;
        }
        spec.pointsPerSummary = static_cast<int>(*pointsPerSummary);
    }
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

namespace {

// .sens cmrr [at=F]: the imbalance budget of the deck's .cmrr (resolved with the analyses).
void readImbalanceBudget(CardReader& reader, ElabContext& context) {
    reader.take();
    solver::ImbalanceBudgetSpec spec;
    if (!readAt(reader, spec.at)) return;
    reader.expectEnd();
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

} // namespace

// .sens v(a[,b]) | i(VSRC) [ac dec|oct|lin N FSTART FSTOP [at=F]] | cmrr [at=F]
void readSens(CardReader& reader, ElabContext& context) {
    if (reader.peekKeyword(analysisWord(PrintAnalysis::Cmrr)) && !reader.peekKind(ast::TokenKind::LParen, 1))
        return readImbalanceBudget(reader, context);
    solver::SensSpec spec;
    const bool current = reader.peekKeyword("i") && reader.peekKind(ast::TokenKind::LParen, 1);
    if (!current && !(reader.peekKeyword("v") && reader.peekKind(ast::TokenKind::LParen, 1))) {
        reader.errorExpected("an output v(node), v(a,b), i(vsrc) or 'cmrr'");
        return;
    }
    if (current) {
        reader.take();
        reader.take();
        auto source = reader.expectName("voltage source name");
        if (!source) return;
        spec.outputSource = *source;
        if (!reader.takeIf(ast::TokenKind::RParen)) {
            reader.errorExpected("')'");
            return;
        }
    } else if (!readOutputNodes(reader, spec.outputPositiveNode, spec.outputNegativeNode)) {
        return;
    }
    if (reader.peekKeyword(analysisWord(PrintAnalysis::Ac))) {
        reader.take();
        spec.sweep = readFrequencySweep(reader, nullptr, &spec.at);
        if (!spec.sweep) return;
    } else {
        reader.expectEnd();
    }
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

// .tran TSTEP TSTOP [TSTART [TMAX]] [UIC]
void readTran(CardReader& reader, ElabContext& context) {
    solver::TranSpec spec;
    std::vector<double> values;
    while (!reader.atEnd() && !reader.peekKeyword("uic") && values.size() < 4) {
        auto value = reader.expectNumber("time value");
        if (!value) return;
        values.push_back(*value);
    }
    if (reader.peekKeyword("uic")) {
        reader.take();
        spec.uic = true;
    }
    reader.expectEnd();
    if (values.size() < 2) {
        reader.errorExpected(values.empty() ? "TSTEP" : "TSTOP");
        return;
    }
    spec.tstep = values[0];
    spec.tstop = values[1];
    if (values.size() > 2) spec.tstart = values[2];
    if (values.size() > 3) spec.tmax = values[3];
    const auto& tokens = reader.card().tokens;
    if (spec.tstep <= 0 || spec.tstop <= 0) {
        reader.error(tokens[spec.tstep <= 0 ? 1 : 2], "TSTEP and TSTOP must be positive");
        return;
    }
    if (spec.tstart < 0 || spec.tstart >= spec.tstop) {
        reader.error(tokens[3], "TSTART must be in [0, TSTOP)");
        return;
    }
    if (spec.tmax < 0) {
        reader.error(tokens[4], "TMAX must be positive");
        return;
    }
    context.deck().analyses.push_back(AnalysisSpec{spec, reader.card().range});
}

} // namespace cablespice::elab
