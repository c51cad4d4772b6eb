#include "parser/elaborate/measure_cards.hpp"

#include "parser/elaborate/output_problems.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/grammar/expression_grammar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <variant>

namespace cablespice::elab {

namespace {

constexpr std::array<MeasureFunctionName, 14> kFunctions = {{
    {"v", OutputQuantity::Voltage, OutputPart::Value},      {"vm", OutputQuantity::Voltage, OutputPart::Magnitude},
    {"vdb", OutputQuantity::Voltage, OutputPart::Decibel},  {"vp", OutputQuantity::Voltage, OutputPart::Phase},
    {"vr", OutputQuantity::Voltage, OutputPart::Real},      {"vi", OutputQuantity::Voltage, OutputPart::Imaginary},
    {"i", OutputQuantity::Current, OutputPart::Value},      {"im", OutputQuantity::Current, OutputPart::Magnitude},
    {"idb", OutputQuantity::Current, OutputPart::Decibel},  {"ip", OutputQuantity::Current, OutputPart::Phase},
    {"ir", OutputQuantity::Current, OutputPart::Real},      {"ii", OutputQuantity::Current, OutputPart::Imaginary},
    {"p", OutputQuantity::Power, OutputPart::Value},        {"w", OutputQuantity::Power, OutputPart::Value},
}};

// ngspice's generic vector functions: db(x), mag(x), ph(x), real(x), imag(x), where x is a
// vector name (a node, or adm/acm/cmrr of a .cmrr plot) or a v(...)/i(...) call.
constexpr std::array<std::pair<std::string_view, OutputPart>, 6> kGenericFunctions = {{
    {"mag", OutputPart::Magnitude}, {"db", OutputPart::Decibel},  {"ph", OutputPart::Phase},
    {"phase", OutputPart::Phase},   {"real", OutputPart::Real},   {"imag", OutputPart::Imaginary},
}};

// The vectors of the .cmrr plot, which `.meas cmrr` expressions name directly.
constexpr std::array<std::string_view, 3> kCmrrVectors = {"adm", "acm", "cmrr"};

bool isCmrrVector(std::string_view name) {
    return std::find(kCmrrVectors.begin(), kCmrrVectors.end(), name) != kCmrrVectors.end();
}

// The vectors of the .noise plots, which `.meas noise` expressions name directly (all real):
// the spectrum's onoise_spectrum, inoise_spectrum and per-element onoise_NAME, and the
// Integrated Noise plot's onoise_total, inoise_total, onoise_total_NAME and inoise_total_NAME.
bool isNoiseVector(std::string_view name) { return name.starts_with("onoise_") || name.starts_with("inoise_"); }

bool isNoiseTotalVector(std::string_view name) {
    return name == "onoise_total" || name == "inoise_total" || name.starts_with("onoise_total_") ||
           name.starts_with("inoise_total_");
}

bool usesNoiseTotals(const MeasureExpression& expression) {
    return std::any_of(expression.vectors.begin(), expression.vectors.end(),
                       [](const MeasureVectorCall& call) { return isNoiseTotalVector(call.first); });
}

// LTspice names the spectra V(onoise) and V(inoise): the vector they stand for, if they are one.
std::optional<std::string> ltspiceNoiseVector(const MeasureFunctionName& function,
                                              const std::vector<std::string>& names) {
    if (function.quantity != OutputQuantity::Voltage || names.size() != 1) return std::nullopt;
    if (names[0] != "onoise" && names[0] != "inoise") return std::nullopt;
    return names[0] + "_spectrum";
}

// "dc, ac, tran, cmrr or noise": the analyses a .meas can name (all that .print selects but op).
std::string measuredAnalysisWords() {
    std::vector<std::string_view> words;
    for (const auto& kind : kAnalysisKinds)
        if (kind.selectable && kind.print != PrintAnalysis::Op) words.push_back(kind.word);
    std::string text;
    for (std::size_t k = 0; k < words.size(); ++k)
        text += std::string(k == 0 ? "" : k + 1 == words.size() ? " or " : ", ") + std::string(words[k]);
    return text;
}

bool isStopKeyword(const ast::Token& token) {
    if (token.kind != ast::TokenKind::Word) return false;
    for (std::string_view keyword : {"when", "trig", "targ", "last"})
        if (equalsIgnoreCase(token.text, keyword)) return true;
    return false;
}

bool isBuiltinFunction(std::string_view name) {
    const auto& names = expr::builtinFunctionNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Where an expression ends: Normal stops before `key=` pairs (FIND expr AT=..., VAL=expr TD=...);
// BeforeEquals stops at the '=' of `WHEN lhs=rhs`.
enum class StopMode { Normal, BeforeEquals };

enum Allowed : unsigned {
    kAt = 1, kFrom = 2, kTo = 4, kTd = 8, kEdge = 16, kVal = 32, kFund = 64, kNharm = 128, kWeight = 256
};

class MeasureParser {
public:
    MeasureParser(CardReader& reader, ElabContext& context, MeasureSpec& spec)
        : reader_(reader), context_(context), sink_(reader.sink()), spec_(spec), scope_(context.frame().scope) {}

    bool read();
    // The one {expression} token at the reader, as an expression.
    std::optional<MeasureExpression> expressionToken();

private:
    std::optional<MeasureExpression> expression(StopMode mode, std::string_view what);
    std::optional<ValueText> collect(StopMode mode, std::string_view what);
    bool check(MeasureExpression& expression);
    bool checkNode(MeasureExpression& expression, expr::NodeIndex index);
    bool checkVectorCall(MeasureExpression& expression, expr::NodeIndex index, const MeasureFunctionName& function);
    bool checkGenericCall(MeasureExpression& expression, expr::NodeIndex index, OutputPart part);
    std::optional<std::string> argumentName(const MeasureExpression& expression, expr::NodeIndex argument,
                                            std::string_view function, bool voltage);
    bool checkCmrrNames(const MeasureVectorCall& call);
    bool cmrrAnalysis() const { return spec_.analysis == PrintAnalysis::Cmrr; }
    bool noiseAnalysis() const { return spec_.analysis == PrintAnalysis::Noise; }
    bool checkName(const std::string& name, SourceRange range);
    bool captureFunction(const std::string& name, SourceRange range);
    bool checkFunctionBody(const expr::UserFunction& function, expr::NodeIndex index);

    bool readOptions(MeasureEvent* event, unsigned allowed);
    bool readWeight(const ast::Token& key, unsigned allowed);
    bool checkWindow();
    bool checkNoisePlot();
    bool readEdge(MeasureEvent& event, MeasureEdge edge);
    std::optional<MeasureEvent> readWhen(const ast::Token& keyword);
    std::optional<MeasureEvent> readTrigTarg(const ast::Token& keyword);
    bool readFind();
    bool readTotalFind();
    bool readStatistic(MeasureKind kind);
    bool readThd(MeasureKind kind);
    bool readParam();
    bool readPass();

    CardReader& reader_;
    ElabContext& context_;
    DiagnosticSink& sink_;
    MeasureSpec& spec_;
    const ParamScope* scope_;
    bool ownNameAllowed_ = false;  // in PASS=, which tests this measurement's own value
    const ast::Token* toKey_ = nullptr;  // where TO= was written, for FROM > TO
};

// Tokens of one expression, laid out at their original columns so that positions inside the
// text map back to the file exactly ('expr' and {expr} become (expr), same width).
std::optional<ValueText> MeasureParser::collect(StopMode mode, std::string_view what) {
    ValueText value;
    int depth = 0;
    bool any = false;
    while (!reader_.atEnd()) {
        const ast::Token& token = *reader_.peek();
        if (depth == 0) {
            if (token.kind == ast::TokenKind::Equals && (any || mode == StopMode::BeforeEquals)) break;
            if (isStopKeyword(token)) break;
            if (mode == StopMode::Normal && token.kind == ast::TokenKind::Word &&
                reader_.peekKind(ast::TokenKind::Equals, 1))
                break;
        }
        if (!any) {
            value.start = token.range.begin;
            value.range = token.range;
        } else if (token.range.begin.file == value.start.file && token.range.begin.offset >= value.start.offset) {
            std::size_t column = token.range.begin.offset - value.start.offset;
            if (column > value.text.size()) value.text.append(column - value.text.size(), ' ');
        } else {
            value.text += ' ';
        }
        value.text += token.kind == ast::TokenKind::Expression ? "(" + token.text + ")" : token.text;
        value.range = cover(value.range, token.range);
        if (token.kind == ast::TokenKind::LParen) ++depth;
        if (token.kind == ast::TokenKind::RParen) --depth;
        any = true;
        reader_.take();
    }
    if (!any) {
        reader_.errorExpected(what);
        return std::nullopt;
    }
    return value;
}

std::optional<MeasureExpression> MeasureParser::expression(StopMode mode, std::string_view what) {
    auto text = collect(mode, what);
    if (!text) return std::nullopt;
    std::optional<expr::Expression> own;
    const auto* parsed = parseMaybeCached(text->text, text->start, sink_, context_.evaluationStack()->parsed, own);
    if (!parsed) return std::nullopt;
    MeasureExpression result{text->text, text->start, text->range, *parsed, {}};
    if (!check(result)) return std::nullopt;
    return result;
}

std::optional<MeasureExpression> MeasureParser::expressionToken() {
    const ast::Token& token = reader_.take();
    ValueText text{"(" + token.text + ")", token.range.begin, token.range};
    std::optional<expr::Expression> own;
    const auto* parsed = parseMaybeCached(text.text, text.start, sink_, context_.evaluationStack()->parsed, own);
    if (!parsed) return std::nullopt;
    MeasureExpression result{text.text, text.start, text.range, *parsed, {}};
    if (!check(result)) return std::nullopt;
    return result;
}

bool MeasureParser::check(MeasureExpression& expression) { return checkNode(expression, expression.parsed.root); }

bool MeasureParser::checkNode(MeasureExpression& expression, expr::NodeIndex index) {
    const expr::Node& node = expression.parsed.node(index);
    const auto checkChild = [&](expr::NodeIndex child) { return checkNode(expression, child); };
    if (const auto* identifier = std::get_if<expr::IdentifierNode>(&node.kind)) {
        // In .meas cmrr, adm/acm/cmrr are the plot's vectors (cmrr is real: its dB value).
        if (cmrrAnalysis() && isCmrrVector(identifier->name)) {
            OutputPart part = identifier->name == "cmrr" ? OutputPart::Real : OutputPart::Value;
            expression.vectors.push_back(
                {index, OutputQuantity::Voltage, part, identifier->name, "", identifier->name, node.range});
            return true;
        }
        if (noiseAnalysis() && isNoiseVector(identifier->name)) {
            expression.vectors.push_back(
                {index, OutputQuantity::Voltage, OutputPart::Real, identifier->name, "", identifier->name, node.range});
            return true;
        }
        return checkName(identifier->name, node.range);
    }
    if (const auto* call = std::get_if<expr::CallNode>(&node.kind)) {
        if (const auto* function = findMeasureFunction(call->name)) return checkVectorCall(expression, index, *function);
        if (const auto* part = findGenericFunction(call->name)) return checkGenericCall(expression, index, *part);
        const bool known = isBuiltinFunction(call->name) || captureFunction(call->name, call->nameRange);
        return expr::checkAllChildren(node, checkChild) && known;
    }
    return expr::checkAllChildren(node, checkChild);
}

// The name written as argument `argument` of a vector function, lower-case; reports an error
// (and returns nothing) when it is not a plain name.
std::optional<std::string> MeasureParser::argumentName(const MeasureExpression& expression, expr::NodeIndex argument,
                                                       std::string_view function, bool voltage) {
    SourceRange range = expression.parsed.node(argument).range;
    std::string name;
    if (range.begin.file == expression.start.file && range.begin.offset >= expression.start.offset) {
        std::size_t offset = range.begin.offset - expression.start.offset;
        if (offset < expression.text.size()) name = expression.text.substr(offset, range.length);
    }
    name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }), name.end());
    if (name.empty() || name.find_first_of("()") != std::string::npos) {
        sink_.error(range, std::string("expected a ") + (voltage ? "node" : "element") + " name in " +
                                         std::string(function) + "()");
        return std::nullopt;
    }
    return toLower(name);
}

// A .cmrr plot holds only adm, acm and cmrr: anything else cannot be measured on it.
bool MeasureParser::checkCmrrNames(const MeasureVectorCall& call) {
    if (noiseAnalysis() && !isNoiseVector(call.first)) {
        sink_.error(call.range, "'" + call.text + "' is not a vector of the .noise plots: .meas noise measures "
                                          "onoise_spectrum, inoise_spectrum (LTspice's V(onoise), V(inoise)), "
                                          "onoise_NAME, onoise_total, inoise_total");
        return false;
    }
    if (!cmrrAnalysis()) return true;
    if (call.quantity != OutputQuantity::Voltage || !isCmrrVector(call.first) ||
        (!call.second.empty() && !isCmrrVector(call.second))) {
        sink_.error(call.range, "'" + call.text + "' is not a vector of the .cmrr plot: .meas cmrr measures adm, acm "
                                          "and cmrr, e.g. cmrr, vdb(acm), mag(adm)");
        return false;
    }
    return true;
}

bool MeasureParser::checkVectorCall(MeasureExpression& expression, expr::NodeIndex index,
                                    const MeasureFunctionName& function) {
    const expr::Node& node = expression.parsed.node(index);
    const auto& call = std::get<expr::CallNode>(node.kind);
    bool voltage = function.quantity == OutputQuantity::Voltage;
    if (call.args.empty() || call.args.size() > (voltage ? 2u : 1u)) {
        sink_.error(node.range, voltage ? std::string(function.name) + "() takes a node or two nodes: " +
                                                        std::string(function.name) + "(a) or " +
                                                        std::string(function.name) + "(a,b)"
                                                  : std::string(function.name) + "() takes one element name, e.g. " +
                                                        std::string(function.name) + "(v1)");
        return false;
    }
    std::vector<std::string> names;
    for (auto argument : call.args) {
        auto name = argumentName(expression, argument, function.name, voltage);
        if (!name) return false;
        names.push_back(std::move(*name));
    }
    MeasureVectorCall vector{index, function.quantity, function.part, names[0], names.size() > 1 ? names[1] : "", {},
                             node.range};
    vector.text = std::string(function.name) + "(" + vector.first + (vector.second.empty() ? "" : "," + vector.second) + ")";
    if (noiseAnalysis())
        if (auto spectrum = ltspiceNoiseVector(function, names)) vector.first = *spectrum;
    if (!checkCmrrNames(vector)) return false;
    expression.vectors.push_back(std::move(vector));
    return true;
}

// db(x), mag(x), ...: x a vector name or a v(...)/i(...) call, whose part the function replaces.
bool MeasureParser::checkGenericCall(MeasureExpression& expression, expr::NodeIndex index, OutputPart part) {
    const expr::Node& node = expression.parsed.node(index);
    const auto& call = std::get<expr::CallNode>(node.kind);
    if (call.args.size() != 1) {
        sink_.error(node.range, call.name + "() takes one vector, e.g. " + call.name + "(out) or " + call.name +
                                              "(v(out))");
        return false;
    }
    const expr::Node& argument = expression.parsed.node(call.args[0]);
    const auto* inner = std::get_if<expr::CallNode>(&argument.kind);
    const MeasureFunctionName* function = inner ? findMeasureFunction(inner->name) : nullptr;
    if (inner && !(function && function->part == OutputPart::Value)) {
        sink_.error(argument.range, call.name + "() takes a vector name or v(...)/i(...), not " + inner->name +
                                                  "()");
        return false;
    }
    std::size_t before = expression.vectors.size();
    if (function) {
        if (!checkVectorCall(expression, call.args[0], *function)) return false;
    } else {
        auto name = argumentName(expression, call.args[0], call.name, true);
        if (!name) return false;
        expression.vectors.push_back({call.args[0], OutputQuantity::Voltage, OutputPart::Value, *name, "", *name,
                                      argument.range});
    }
    // The call node itself becomes the vector's value; its argument is no longer evaluated.
    auto& vector = expression.vectors[before];
    vector.node = index;
    vector.part = part;
    vector.range = node.range;
    vector.text = call.name + "(" + vector.text + ")";
    return function || checkCmrrNames(vector);
}

bool MeasureParser::checkName(const std::string& name, SourceRange range) {
    if (ownNameAllowed_ && name == spec_.name) return true;
    for (const auto& earlier : context_.deck().measures)
        if (earlier.name == name) return true;
    if (spec_.params.count(name)) return true;
    if (scope_)
        if (auto value = scope_->value(name)) {
            spec_.params.emplace(name, *value);
            return true;
        }
    if (name == "pi" || name == "e") return true;
    if (spec_.name.empty()) sink_.error(range, "unknown name '" + name + "' in output expression: not a .param");
    else sink_.error(range, "unknown name '" + name + "' in .meas expression: not a .param or an earlier measurement");
    return false;
}

bool MeasureParser::captureFunction(const std::string& name, SourceRange range) {
    if (spec_.functions.count(name)) return true;
    const expr::UserFunction* function = scope_ ? scope_->function(name) : nullptr;
    if (!function) {
        sink_.error(range, "unknown function '" + name + "' in " + (spec_.name.empty() ? "output" : ".meas") + " expression");
        return false;
    }
    spec_.functions.emplace(name, *function);
    return checkFunctionBody(*function, function->body.root);
}

// Names a captured .func body uses besides its own parameters.
bool MeasureParser::checkFunctionBody(const expr::UserFunction& function, expr::NodeIndex index) {
    const expr::Node& node = function.body.node(index);
    if (const auto* identifier = std::get_if<expr::IdentifierNode>(&node.kind)) {
        if (std::find(function.params.begin(), function.params.end(), identifier->name) != function.params.end()) return true;
        return checkName(identifier->name, node.range);
    }
    bool known = true;
    if (const auto* call = std::get_if<expr::CallNode>(&node.kind))
        known = isBuiltinFunction(call->name) || captureFunction(call->name, call->nameRange);
    return expr::checkAllChildren(node, [&](expr::NodeIndex child) { return checkFunctionBody(function, child); }) && known;
}

bool MeasureParser::readEdge(MeasureEvent& event, MeasureEdge edge) {
    event.edge = edge;
    if (reader_.peekKeyword("last")) {
        reader_.take();
        event.last = true;
        return true;
    }
    const ast::Token* token = reader_.peek();
    auto count = reader_.expectNumber("a count or LAST");
    if (!count) return false;
    if (*count < 1 || *count != std::floor(*count) || *count > 1e9) {
        reader_.error(*token, "crossing count must be a positive whole number or LAST, not '" + token->text + "'");
        return false;
    }
    event.count = static_cast<int>(*count);
    event.last = false;
    return true;
}

// key=value options after a measurement or event; stops (returning true) at anything else.
bool MeasureParser::readOptions(MeasureEvent* event, unsigned allowed) {
    constexpr std::pair<std::string_view, unsigned> kKeys[] = {{"at", kAt},     {"from", kFrom}, {"to", kTo},
                                                                {"td", kTd},     {"cross", kEdge}, {"rise", kEdge},
                                                                {"fall", kEdge}, {"val", kVal},  {"fund", kFund},
                                                                {"nharm", kNharm}};
    while (!reader_.atEnd()) {
        if (event && (allowed & kEdge) && reader_.peekKeyword("last")) {
            reader_.take();
            event->edge = MeasureEdge::Cross;
            event->last = true;
            continue;
        }
        if (!reader_.peekKind(ast::TokenKind::Word) || !reader_.peekKind(ast::TokenKind::Equals, 1)) return true;
        const ast::Token& key = *reader_.peek();
        std::string name = toLower(key.text);
        if (name == "pass") return true;  // the card's last option, read by read()
        if (name == "weight") {
            if (!readWeight(key, allowed)) return false;
            continue;
        }
        unsigned flag = 0;
        for (auto [keyName, keyFlag] : kKeys)
            if (keyName == name) flag = keyFlag;
        if (flag == 0) {
            reader_.error(key, "unknown .meas option '" + key.text + "'");
            return false;
        }
        if (!(allowed & flag)) {
            reader_.error(key, "'" + key.text + "=' is not allowed here");
            return false;
        }
        reader_.take();
        reader_.take();
        if (name == "cross" || name == "rise" || name == "fall") {
            auto edge = name == "cross" ? MeasureEdge::Cross : name == "rise" ? MeasureEdge::Rise : MeasureEdge::Fall;
            if (!readEdge(*event, edge)) return false;
            continue;
        }
        if (name == "val") {
            event->rhs = expression(StopMode::Normal, "a value after 'VAL='");
            if (!event->rhs) return false;
            continue;
        }
        auto value = reader_.expectNumber("a value after '" + key.text + "='");
        if (!value) return false;
        if (name == "nharm" && (*value < 2 || *value > 10000 || *value != std::floor(*value))) {
            reader_.error(key, "NHARM must be a whole number from 2 to 10000 (DC and the fundamental count)");
            return false;
        }
        if (name == "fund" && !(*value > 0.0)) {
            reader_.error(key, "FUND must be a positive frequency");
            return false;
        }
        if (name == "fund") spec_.fundamental = *value;
        else if (name == "nharm") spec_.harmonics = static_cast<int>(*value);
        else if (name == "at") (event ? event->at : spec_.at) = *value;
        else if (name == "from") spec_.from = *value;
        else if (name == "to") {
            spec_.to = *value;
            toKey_ = &key;
        }
        else if (name == "td") event->td = *value;
    }
    return true;
}

// WEIGHT=A|NONE (the reader at WEIGHT): weights a noise density as INTEG integrates it.
bool MeasureParser::readWeight(const ast::Token& key, unsigned allowed) {
    if (!(allowed & kWeight)) {
        reader_.error(key, "'" + key.text + "=' weights a noise density: only .meas noise NAME INTEG ... takes it");
        return false;
    }
    reader_.take();
    reader_.take();
    const ast::Token* value = reader_.peek();
    if (!value) {
        reader_.errorExpected("a weighting (A or NONE)");
        return false;
    }
    const std::string name = toLower(value->text);
    if (value->kind != ast::TokenKind::Word || (name != "a" && name != "none")) {
        reader_.error(*value,
                      "unknown weighting '" + value->text + "' in '" + key.text + "=': expected A (IEC 61672) or NONE");
        return false;
    }
    reader_.take();
    spec_.weighting = name == "a" ? solver::NoiseWeighting::A : solver::NoiseWeighting::None;
    return true;
}

// FROM= after TO= measures nothing: said at the card rather than after the run.
bool MeasureParser::checkWindow() {
    if (!spec_.from || !spec_.to || *spec_.from <= *spec_.to) return true;
    sink_.error(toKey_ ? toKey_->range : spec_.origin,
                fmt::format("FROM={:g} is after TO={:g}", *spec_.from, *spec_.to));
    return false;
}

// A .meas noise reads one plot: the spectrum, by frequency, or the Integrated Noise plot, whose
// one point FIND reads (readTotalFind). Its totals anywhere else, or mixed with spectra, are errors.
bool MeasureParser::checkNoisePlot() {
    for (const auto* expression : {&spec_.target, spec_.when ? &spec_.when->lhs : nullptr,
                                   spec_.when ? &spec_.when->rhs : nullptr, spec_.trig ? &spec_.trig->lhs : nullptr,
                                   spec_.trig ? &spec_.trig->rhs : nullptr, spec_.targ ? &spec_.targ->lhs : nullptr,
                                   spec_.targ ? &spec_.targ->rhs : nullptr}) {
        if (!expression || !*expression) continue;
        for (const auto& call : (*expression)->vectors) {
            const bool total = isNoiseTotalVector(call.first);
            if (total == spec_.integratedNoise) continue;
            if (total)
                sink_.error(call.range, "'" + call.text + "' is one value over the whole .noise sweep (the Integrated "
                                                      "Noise plot): measure it with FIND " + call.text + " alone");
            else
                sink_.error(call.range, "'" + call.text + "' is a spectrum: it cannot be measured together with the "
                                                      "totals of the Integrated Noise plot");
            return false;
        }
    }
    return true;
}

// WHEN lhs=rhs [CROSS=n|RISE=n|FALL=n|LAST] [TD=t] [FROM=a] [TO=b]
std::optional<MeasureEvent> MeasureParser::readWhen(const ast::Token& keyword) {
    MeasureEvent event;
    event.lhs = expression(StopMode::BeforeEquals, "an expression after 'WHEN'");
    if (!event.lhs) return std::nullopt;
    if (!reader_.takeIf(ast::TokenKind::Equals)) {
        reader_.errorExpected("'=' and a value");
        return std::nullopt;
    }
    event.rhs = expression(StopMode::Normal, "a value after '='");
    if (!event.rhs) return std::nullopt;
    event.origin = cover(keyword.range, event.rhs->range);
    if (!readOptions(&event, kEdge | kTd | kFrom | kTo)) return std::nullopt;
    return event;
}

// TRIG|TARG lhs VAL=x [TD=t] [CROSS=n|RISE=n|FALL=n|LAST]   or   TRIG|TARG AT=x
std::optional<MeasureEvent> MeasureParser::readTrigTarg(const ast::Token& keyword) {
    MeasureEvent event;
    event.origin = keyword.range;
    if (reader_.peekKeyword("at") && reader_.peekKind(ast::TokenKind::Equals, 1)) {
        if (!readOptions(&event, kAt)) return std::nullopt;
        return event;
    }
    event.lhs = expression(StopMode::Normal, "an expression after '" + keyword.text + "'");
    if (!event.lhs) return std::nullopt;
    event.origin = cover(keyword.range, event.lhs->range);
    if (!readOptions(&event, kVal | kTd | kEdge)) return std::nullopt;
    if (!event.rhs) {
        reader_.errorExpected("'VAL=' value");
        return std::nullopt;
    }
    return event;
}

// FIND expr AT=x   |   FIND expr WHEN ...
bool MeasureParser::readFind() {
    spec_.target = expression(StopMode::Normal, "an expression after 'FIND'");
    if (!spec_.target) return false;
    if (noiseAnalysis() && usesNoiseTotals(*spec_.target)) return readTotalFind();
    if (reader_.peekKeyword("when")) {
        spec_.when = readWhen(reader_.take());
        return spec_.when.has_value();
    }
    if (!readOptions(nullptr, kAt)) return false;
    if (!spec_.at) {
        reader_.errorExpected("'AT=value' or 'WHEN'");
        return false;
    }
    return true;
}

// FIND onoise_total [PASS=...]: the Integrated Noise plot's one point, the total over the sweep.
bool MeasureParser::readTotalFind() {
    spec_.integratedNoise = true;
    if (reader_.atEnd() || (reader_.peekKeyword("pass") && reader_.peekKind(ast::TokenKind::Equals, 1))) return true;
    const ast::Token& extra = *reader_.peek();
    const auto& vectors = spec_.target->vectors;
    const auto total =
        std::find_if(vectors.begin(), vectors.end(), [](const auto& call) { return isNoiseTotalVector(call.first); });
    reader_.error(extra, "'" + extra.text + "' does not apply to a total: " + total->text +
                             " is one value over the whole .noise sweep (for a band: INTEG onoise_spectrum FROM= TO=)");
    return false;
}

// MAX|MIN|PP|AVG|RMS|INTEG expr [FROM=a] [TO=b]; a noise INTEG also [WEIGHT=A].
bool MeasureParser::readStatistic(MeasureKind kind) {
    spec_.kind = kind;
    spec_.target = expression(StopMode::Normal, "an expression");
    if (!spec_.target) return false;
    const bool noiseInteg = kind == MeasureKind::Integ && noiseAnalysis();
    return readOptions(nullptr, kFrom | kTo | (noiseInteg ? kWeight : 0u));
}

// THD|THD_DB expr FUND=f [NHARM=n] [FROM=a] [TO=b] (transient only)
bool MeasureParser::readThd(MeasureKind kind) {
    const ast::Token& keyword = reader_.take();
    spec_.kind = kind;
    if (spec_.analysis != PrintAnalysis::Tran) {
        reader_.error(keyword, keyword.text + " measures a .tran waveform: write .meas tran NAME " + keyword.text + " ...");
        return false;
    }
    spec_.target = expression(StopMode::Normal, "an expression");
    if (!spec_.target || !readOptions(nullptr, kFrom | kTo | kFund | kNharm)) return false;
    if (!spec_.fundamental) {
        reader_.errorExpected("'FUND=' and the fundamental frequency");
        return false;
    }
    return true;
}

// PARAM=expr (ngspice) or PARAM expr (LTspice)
bool MeasureParser::readParam() {
    reader_.takeIf(ast::TokenKind::Equals);
    spec_.target = expression(StopMode::Normal, "an expression after 'PARAM='");
    return spec_.target.has_value();
}

// PASS=condition: a constant expression of this and earlier measurements and .params; the
// points where it holds make the yield of a stepped run.
bool MeasureParser::readPass() {
    const ast::Token& key = reader_.take();
    reader_.take();  // '='
    ownNameAllowed_ = true;
    spec_.pass = expression(StopMode::Normal, "a condition after 'PASS='");
    ownNameAllowed_ = false;
    if (!spec_.pass) return false;
    if (!spec_.pass->constant()) {
        reader_.error(key, "PASS= tests measurement values and .params, not vectors");
        return false;
    }
    return true;
}

bool MeasureParser::read() {
    const ast::Token* analysisToken = reader_.peek();
    const std::string measured = measuredAnalysisWords();
    auto analysis = reader_.expectName("analysis type (" + measured + ")");
    if (!analysis) return false;
    const auto kind = analysisNamed(*analysis);
    if (!kind || *kind == PrintAnalysis::Op) {
        reader_.error(*analysisToken, "unknown .meas analysis '" + analysisToken->text + "': expected " + measured);
        return false;
    }
    spec_.analysis = *kind;
    const ast::Token* nameToken = reader_.peek();
    auto name = reader_.expectName("measurement name");
    if (!name) return false;
    for (const auto& earlier : context_.deck().measures)
        if (earlier.name == *name) {
            sink_.error(nameToken->range, "duplicate measurement name '" + *name + "'",
                                  {DiagnosticNote{earlier.origin, "previous definition"}});
            return false;
        }
    spec_.name = *name;

    const ast::Token* keyword = reader_.peek();
    std::string word = keyword && keyword->kind == ast::TokenKind::Word ? toLower(keyword->text) : "";
    constexpr std::pair<std::string_view, MeasureKind> kStatistics[] = {
        {"max", MeasureKind::Max}, {"min", MeasureKind::Min},     {"pp", MeasureKind::Pp},
        {"avg", MeasureKind::Avg}, {"rms", MeasureKind::Rms},     {"integ", MeasureKind::Integ},
        {"integral", MeasureKind::Integ}};
    bool ok = false;
    if (word == "find") {
        reader_.take();
        spec_.kind = MeasureKind::Find;
        ok = readFind();
    } else if (word == "when") {
        spec_.kind = MeasureKind::When;
        spec_.when = readWhen(reader_.take());
        ok = spec_.when.has_value();
    } else if (word == "trig") {
        spec_.kind = MeasureKind::TrigTarg;
        spec_.trig = readTrigTarg(reader_.take());
        if (!spec_.trig) return false;
        if (!reader_.peekKeyword("targ")) {
            reader_.errorExpected("'TARG'");
            return false;
        }
        spec_.targ = readTrigTarg(reader_.take());
        ok = spec_.targ.has_value();
    } else if (word == "thd" || word == "thd_db") {
        ok = readThd(word == "thd" ? MeasureKind::Thd : MeasureKind::ThdDb);
    } else if (word == "param") {
        reader_.take();
        spec_.kind = MeasureKind::Param;
        ok = readParam();
    } else {
        auto statistic = std::find_if(std::begin(kStatistics), std::end(kStatistics),
                                      [&](const auto& entry) { return entry.first == word; });
        if (statistic == std::end(kStatistics)) {
            reader_.errorExpected("FIND, WHEN, TRIG, MAX, MIN, PP, AVG, RMS, INTEG, THD, THD_DB or PARAM");
            return false;
        }
        reader_.take();
        ok = readStatistic(statistic->second);
    }
    if (!ok || !checkWindow() || (noiseAnalysis() && !checkNoisePlot())) return false;
    if (reader_.peekKeyword("pass") && reader_.peekKind(ast::TokenKind::Equals, 1) && !readPass()) return false;
    if (!reader_.atEnd()) {
        reader_.expectEnd();
        return false;
    }
    return true;
}

} // namespace

std::optional<OutputExpression> readOutputExpression(CardReader& reader, ElabContext& context) {
    MeasureSpec spec;
    MeasureParser parser(reader, context, spec);
    auto expression = parser.expressionToken();
    if (!expression) return std::nullopt;
    return OutputExpression{std::move(*expression), std::move(spec.params), std::move(spec.functions)};
}

const OutputPart* findGenericFunction(std::string_view lowerName) {
    for (const auto& [name, part] : kGenericFunctions)
        if (name == lowerName) return &part;
    return nullptr;
}

const MeasureFunctionName* findMeasureFunction(std::string_view lowerName) {
    for (const auto& function : kFunctions)
        if (function.name == lowerName) return &function;
    return nullptr;
}

// A measurement that cannot be read is left out with a warning (an error with --strict);
// the run and the other measurements go on.
void readMeasure(CardReader& reader, ElabContext& context) {
    MeasureSpec spec;
    spec.origin = reader.card().range;
    DiagnosticSink measureSink;
    CardReader measureReader(reader.card(), measureSink, context.frame().scope);
    measureReader.seek(reader.position());
    MeasureParser parser(measureReader, context, spec);
    bool ok = parser.read() && !measureSink.hasErrors();
    reader.seek(reader.card().tokens.size());
    reportOutputProblems(measureSink, context, "measurement left out");
    if (ok) context.deck().measures.push_back(std::move(spec));
}

} // namespace cablespice::elab
