#include "parser/elaborate/output_cards.hpp"

#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/output_problems.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/elaborate/vector_locator.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <variant>

namespace cablespice::elab {

namespace {

constexpr std::string_view kLeftOut = "item left out";

// The vectors of a .cmrr plot, the only names `.plot cmrr` may use.
bool isCmrrVector(std::string_view name) { return name == "adm" || name == "acm" || name == "cmrr"; }

// A bare vector name of the CMRR plot: adm, acm or cmrr.
std::optional<OutputVector> readCmrrName(CardReader& reader) {
    const ast::Token& head = reader.take();
    std::string name = toLower(head.text);
    if (!isCmrrVector(name)) {
        reader.error(head, "expected a vector of the .cmrr plot (adm, acm, cmrr, vdb(acm), ...), found '" + head.text + "'");
        return std::nullopt;
    }
    return OutputVector{OutputQuantity::Voltage, OutputPart::Value, name, {}, name, head.range, {}};
}

// FUNC(a) or FUNC(a,b) (v-family only for the two-node form); `*` stands for every node
// (v-family) or every branch current (i-family).
std::optional<OutputVector> readCall(CardReader& reader) {
    const ast::Token& head = reader.take();
    const MeasureFunctionName* function = head.kind == ast::TokenKind::Word ? findMeasureFunction(toLower(head.text)) : nullptr;
    if (!function || !reader.takeIf(ast::TokenKind::LParen)) {
        reader.error(head, "expected an output vector such as v(node), v(a,b), i(element) or {expression}, found '" +
                               head.text + "'");
        return std::nullopt;
    }
    bool voltage = function->quantity == OutputQuantity::Voltage;
    OutputVector item{function->quantity, function->part, {}, {}, {}, head.range, {}};
    auto first = reader.expectName(voltage ? "node name" : "element name");
    if (!first) return std::nullopt;
    item.first = *first;
    if (voltage && reader.takeIf(ast::TokenKind::Comma)) {
        auto second = reader.expectName("node name");
        if (!second) return std::nullopt;
        item.second = *second;
    }
    if (!reader.takeIf(ast::TokenKind::RParen)) {
        reader.errorExpected("')'");
        return std::nullopt;
    }
    item.origin = cover(head.range, reader.endOfPrevious());
    item.text = std::string(function->name) + "(" + item.first + (item.second.empty() ? "" : "," + item.second) + ")";
    if (item.first == "*" && !item.second.empty()) {
        reader.sink().error(item.origin, "a wildcard takes no reference node: write " + std::string(function->name) + "(*)");
        return std::nullopt;
    }
    return item;
}

// Where the item starting at the reader's position ends: a word with its parenthesised
// arguments, or one token. Lets a bad item be skipped without losing the ones after it.
std::size_t itemEnd(const CardReader& reader) {
    std::size_t end = reader.position() + 1;
    if (!reader.peekKind(ast::TokenKind::LParen, 1)) return end;
    int depth = 0;
    for (std::size_t ahead = 1; const ast::Token* token = reader.peek(ahead); ++ahead) {
        if (token->kind == ast::TokenKind::LParen) ++depth;
        if (token->kind == ast::TokenKind::RParen && --depth == 0) return reader.position() + ahead + 1;
    }
    return reader.card().tokens.size();
}

// A word without parentheses where the list takes one: a vector of the CMRR plot (adm, acm,
// cmrr), or with BareNames::Any also any other name (a node's voltage outside that plot).
std::optional<OutputVector> readBareName(CardReader& reader, BareNames bare) {
    if (bare == BareNames::CmrrVectors) return readCmrrName(reader);
    const ast::Token& head = reader.take();
    std::string name = toLower(head.text);
    return OutputVector{OutputQuantity::Voltage, OutputPart::Value, name, {}, name, head.range, {}};
}

bool atBareName(const CardReader& reader, BareNames bare) {
    return bare != BareNames::None && reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::LParen, 1);
}

// A whole vector: FUNC(a[,b]) or a bare name the list takes.
std::optional<OutputVector> readVector(CardReader& reader, BareNames bare) {
    return atBareName(reader, bare) ? readBareName(reader, bare) : readCall(reader);
}

const OutputPart* genericFunctionAt(const CardReader& reader) {
    if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::LParen, 1)) return nullptr;
    return findGenericFunction(toLower(reader.peek()->text));
}

// db(x), mag(x), ph(x), phase(x), real(x), imag(x) around one whole vector x of the list, as
// .meas takes them: db(v(a,b)) is vdb(a,b).
std::optional<OutputVector> readGeneric(CardReader& reader, BareNames bare, OutputPart part) {
    const ast::Token& head = reader.take();
    const std::string function = toLower(head.text);
    reader.take();  // '('
    auto inner = readVector(reader, bare);
    if (!inner) return std::nullopt;
    if (inner->part != OutputPart::Value || inner->first == "*") {
        reader.sink().error(inner->origin, function + "() takes a vector such as v(out) or cmrr, not '" + inner->text + "'");
        return std::nullopt;
    }
    if (!reader.takeIf(ast::TokenKind::RParen)) {
        reader.errorExpected("')'");
        return std::nullopt;
    }
    inner->part = part;
    inner->text = function + "(" + inner->text + ")";
    inner->origin = cover(head.range, reader.endOfPrevious());
    return inner;
}

// One item, read into `items`; problems go to the reader's sink.
void readItem(CardReader& reader, ElabContext* context, BareNames bare, std::vector<OutputVector>& items) {
    if (reader.peekKind(ast::TokenKind::Expression)) {
        const ast::Token& token = *reader.peek();
        if (!context) {
            reader.error(token, "a {expression} item needs the netlist's .params: write it on a .plot or .print card");
            return;
        }
        auto expression = readOutputExpression(reader, *context);
        if (!expression) return;
        // Real-valued: printed as it is, with the text the user wrote.
        OutputVector item{OutputQuantity::Voltage, OutputPart::Real, {}, {}, "{" + token.text + "}", token.range, {}};
        item.expression = std::make_shared<const OutputExpression>(std::move(*expression));
        items.push_back(std::move(item));
        return;
    }
    const bool word = reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::LParen, 1);
    if (word && bare != BareNames::CmrrVectors && reader.peekKeyword("all")) {
        // ngspice's `all`: every node voltage and every branch current.
        const ast::Token& all = reader.take();
        items.push_back({OutputQuantity::Voltage, OutputPart::Value, "*", {}, "v(*)", all.range, {}});
        items.push_back({OutputQuantity::Current, OutputPart::Value, "*", {}, "i(*)", all.range, {}});
        return;
    }
    const OutputPart* generic = genericFunctionAt(reader);
    auto item = generic ? readGeneric(reader, bare, *generic) : readVector(reader, bare);
    if (!item) return;
    if (bare == BareNames::CmrrVectors && (item->quantity != OutputQuantity::Voltage || !isCmrrVector(item->first) ||
                                           !(item->second.empty() || isCmrrVector(item->second)))) {
        reader.sink().error(item->origin, "'" + item->text + "' is not a vector of the .cmrr plot (adm, acm, cmrr)");
        return;
    }
    items.push_back(std::move(*item));
}

// Xyce's FORMAT=, FILE=, WIDTH=, ... choose how a simulator writes its output files;
// cablespice's files are chosen on the command line.
void skipOption(CardReader& reader, ElabContext& context) {
    const ast::Token& key = reader.take();
    reader.take();  // '='
    SourceRange range = key.range;
    if (!reader.atEnd()) range = cover(range, reader.take().range);
    context.sink().warning(range, "'" + key.text + "=' on an output card is not supported (cablespice writes files "
                                                   "with --raw, --csv, --json); ignored");
}

// SPICE2's plot limits after a .plot vector, `(lo,hi)`: --plot scales its axes itself.
void skipPlotLimits(CardReader& reader, ElabContext& context) {
    SourceRange range = reader.take().range;
    int depth = 1;
    while (!reader.atEnd() && depth > 0) {
        const ast::Token& token = reader.take();
        if (token.kind == ast::TokenKind::LParen) ++depth;
        if (token.kind == ast::TokenKind::RParen) --depth;
        range = cover(range, token.range);
    }
    context.sink().warning(range, "plot limits are not supported (--plot scales its axes); ignored");
}

// With BareNames::CmrrVectors, items are adm/acm/cmrr or vector functions of them (.plot cmrr). Items
// may be separated by commas. An item that cannot be read is left out with a warning.
std::vector<OutputVector> readItems(CardReader& reader, ElabContext& context, BareNames bare = BareNames::None) {
    std::vector<OutputVector> items;
    while (!reader.atEnd()) {
        if (reader.takeIf(ast::TokenKind::Comma)) continue;
        if (reader.peekKind(ast::TokenKind::LParen)) {
            skipPlotLimits(reader, context);
            continue;
        }
        if (reader.peekKind(ast::TokenKind::Word) && reader.peekKind(ast::TokenKind::Equals, 1)) {
            skipOption(reader, context);
            continue;
        }
        DiagnosticSink itemSink;
        readOutputItem(reader, &context, bare, items, itemSink);
        reportOutputProblems(itemSink, context, kLeftOut);
    }
    return items;
}

PrintAnalysis readPrintAnalysis(CardReader& reader) {
    if (!reader.peekKind(ast::TokenKind::Word) || reader.peekKind(ast::TokenKind::LParen, 1)) return PrintAnalysis::Any;
    auto kind = analysisNamed(toLower(reader.peek()->text));
    if (!kind) return PrintAnalysis::Any;
    reader.take();
    return *kind;
}

void warnNothingToPrint(CardReader& reader, ElabContext& context) {
    DiagnosticSink itemSink;
    itemSink.error(reader.card().tokens.front().range, reader.card().tokens.front().text + " has no output vector to use");
    reportOutputProblems(itemSink, context, "card ignored");
}

// p(*): the power of every element whose current cablespice can compute, in netlist order.
std::vector<OutputVector> everyPower(const OutputVector& wildcard, const solver::Circuit& circuit) {
    std::vector<OutputVector> vectors;
    std::string function = wildcard.text.substr(0, wildcard.text.find('('));
    for (const auto& device : circuit.devices()) {
        OutputVector vector = wildcard;
        vector.first = device->name();
        vector.text = function + "(" + vector.first + ")";
        if (std::holds_alternative<VectorProbe>(locateVector(vector, circuit))) vectors.push_back(std::move(vector));
    }
    return vectors;
}

} // namespace

std::vector<OutputVector> expandWildcard(const OutputVector& wildcard, const solver::Circuit& circuit) {
    if (wildcard.quantity == OutputQuantity::Power) return everyPower(wildcard, circuit);
    std::vector<OutputVector> vectors;
    const auto& nodes = circuit.nodes();
    auto wanted = wildcard.quantity == OutputQuantity::Voltage ? solver::UnknownType::Voltage : solver::UnknownType::Current;
    std::string function = wildcard.text.substr(0, wildcard.text.find('('));
    for (solver::Unknown u = 1; u <= nodes.count(); ++u) {
        if (nodes.type(u) != wanted) continue;
        OutputVector vector = wildcard;
        vector.first = nodes.name(u);
        vector.text = function + "(" + vector.first + ")";
        vectors.push_back(std::move(vector));
    }
    return vectors;
}

namespace {

// Resolves every item of `items` (expanding wildcards); an item that names nothing in the
// circuit is left out, with a warning when `report` (else silently: reported elsewhere).
void resolveItems(std::vector<OutputVector>& items, ElabContext& context, bool report) {
    std::vector<OutputVector> resolved;
    for (const auto& item : items) {
        if (item.expression) {
            OutputVector located = item;
            auto reason = locateExpressionCalls(located, context.circuit());
            if (!reason) resolved.push_back(std::move(located));
            else if (report) {
                DiagnosticSink itemSink;
                itemSink.error(item.origin, *reason + " in " + item.text);
                reportOutputProblems(itemSink, context, kLeftOut);
            }
            continue;
        }
        auto expanded = item.first == "*" ? expandWildcard(item, context.circuit()) : std::vector<OutputVector>{item};
        for (auto& vector : expanded) {
            auto probe = locateVector(vector, context.circuit());
            if (auto* found = std::get_if<VectorProbe>(&probe)) {
                vector.probe = *found;
                resolved.push_back(std::move(vector));
                continue;
            }
            if (!report) continue;
            DiagnosticSink itemSink;
            itemSink.error(vector.origin, std::get<std::string>(probe));
            reportOutputProblems(itemSink, context, kLeftOut);
        }
    }
    items = std::move(resolved);
}

// A rawfile column is one unknown: computed vectors are printed, not saved.
bool savable(const OutputVector& item) {
    return !item.expression && item.probe.kind == ProbeKind::Difference && !item.probe.power && item.probe.reference == solver::kGround;
}

// A vector of the .noise plots: onoise_spectrum, inoise_spectrum, onoise_total, inoise_total and
// the per-element onoise_NAME, onoise_total_NAME, inoise_total_NAME (.options noisecontrib).
bool isNoiseVector(std::string_view name) { return name.starts_with("onoise_") || name.starts_with("inoise_"); }

// LTspice's V(onoise) and V(inoise), the output and input noise spectra (the reader at V): taken.
bool takeLtspiceNoiseVector(CardReader& reader) {
    if (!reader.peekKeyword("v") || !reader.peekKind(ast::TokenKind::LParen, 1) ||
        !reader.peekKind(ast::TokenKind::Word, 2) || !reader.peekKind(ast::TokenKind::RParen, 3))
        return false;
    const std::string name = toLower(reader.peek(2)->text);
    if (name != "onoise" && name != "inoise") return false;
    for (int k = 0; k < 4; ++k) reader.take();
    return true;
}

// .print noise / .plot noise: the noise plots always print and plot whole (as .cmrr's), so the
// items are only checked: `all` or names of those plots; anything else is left out with a warning.
void checkNoiseItems(CardReader& reader, ElabContext& context) {
    while (!reader.atEnd()) {
        if (takeLtspiceNoiseVector(reader)) continue;
        const ast::Token& token = reader.take();
        if (token.kind == ast::TokenKind::Comma) continue;
        const std::string name = toLower(token.text);
        if (token.kind == ast::TokenKind::Word && (name == "all" || isNoiseVector(name))) continue;
        DiagnosticSink itemSink;
        itemSink.error(token.range, "'" + token.text + "' is not a vector of the .noise plots (onoise_spectrum, "
                                                      "inoise_spectrum, onoise_total, inoise_total, onoise_NAME)");
        reportOutputProblems(itemSink, context, kLeftOut);
    }
}

} // namespace

void readOutputItem(CardReader& reader, ElabContext* context, BareNames bare, std::vector<OutputVector>& items,
                    DiagnosticSink& itemSink) {
    CardReader itemReader(reader.card(), itemSink, context ? context->frame().scope : nullptr);
    itemReader.seek(reader.position());
    std::size_t end = itemEnd(reader);
    readItem(itemReader, context, bare, items);
    if (!itemSink.hasErrors() && itemReader.position() != end)
        itemSink.error(reader.peek()->range, "unexpected '" + reader.peek()->text + "' in output item");
    reader.seek(std::max(end, itemReader.position()));
}

void readPrint(CardReader& reader, ElabContext& context) {
    PrintRequest request{readPrintAnalysis(reader), {}, reader.card().range};
    if (request.analysis == PrintAnalysis::Noise) return checkNoiseItems(reader, context);
    request.items = readItems(reader, context);
    if (request.items.empty()) return warnNothingToPrint(reader, context);
    context.deck().prints.push_back(std::move(request));
}

void readPlot(CardReader& reader, ElabContext& context) {
    PrintRequest request{readPrintAnalysis(reader), {}, reader.card().range};
    if (request.analysis == PrintAnalysis::Noise) return checkNoiseItems(reader, context);
    bool cmrr = request.analysis == PrintAnalysis::Cmrr;
    request.items = readItems(reader, context, cmrr ? BareNames::CmrrVectors : BareNames::None);
    if (request.items.empty()) return warnNothingToPrint(reader, context);
    if (!cmrr) context.deck().prints.push_back(request);
    context.deck().plots.push_back(std::move(request));
}

void readSave(CardReader& reader, ElabContext& context) {
    // `.save all` alone keeps the default: every unknown, in unknown order.
    if (reader.peekKeyword("all") && reader.peek(1) == nullptr) {
        reader.take();
        return;
    }
    for (auto& item : readItems(reader, context)) {
        if (item.part != OutputPart::Value) {
            DiagnosticSink itemSink;
            itemSink.error(item.origin, ".save keeps whole vectors: write v(...) or i(...), not " + item.text);
            reportOutputProblems(itemSink, context, kLeftOut);
            continue;
        }
        context.deck().saves.push_back(std::move(item));
    }
}

void resolveOutputs(ElabContext& context) {
    auto& deck = context.deck();
    for (auto& print : deck.prints) resolveItems(print.items, context, true);
    std::erase_if(deck.prints, [](const PrintRequest& print) { return print.items.empty(); });
    for (auto& plot : deck.plots)
        if (plot.analysis != PrintAnalysis::Cmrr) resolveItems(plot.items, context, false);
    resolveItems(deck.saves, context, true);
    std::erase_if(deck.saves, [&](const OutputVector& item) {
        if (savable(item)) return false;
        DiagnosticSink itemSink;
        itemSink.error(item.origin, ".save keeps node voltages and branch currents; " + item.text +
                                        " is computed: print it with .print");
        reportOutputProblems(itemSink, context, kLeftOut);
        return true;
    });
}

std::optional<std::vector<OutputVector>> readWaveformVectors(CardReader& reader, ElabContext& context,
                                                             std::string_view card) {
    std::vector<OutputVector> vectors;
    while (!reader.atEnd()) {
        auto vector = readCall(reader);
        if (!vector) return std::nullopt;
        if (vector->part != OutputPart::Value) {
            context.sink().error(vector->origin, std::string(card) + " takes waveforms: write v(...) or i(...), not " +
                                                     vector->text);
            return std::nullopt;
        }
        vectors.push_back(std::move(*vector));
    }
    if (vectors.empty()) {
        reader.errorExpected("an output vector such as v(out)");
        return std::nullopt;
    }
    return vectors;
}

void resolveWaveformVectors(std::vector<OutputVector>& vectors, SourceRange origin, std::string_view card,
                            ElabContext& context) {
    const auto& analyses = context.deck().analyses;
    const bool transient = std::any_of(analyses.begin(), analyses.end(), [](const solver::AnalysisSpec& analysis) {
        return std::holds_alternative<solver::TranSpec>(analysis.kind);
    });
    if (!transient) context.sink().error(origin, std::string(card) + " needs a .tran analysis");
    for (auto& item : vectors) {
        auto probe = locateVector(item, context.circuit());
        if (auto* found = std::get_if<VectorProbe>(&probe)) item.probe = *found;
        else context.sink().error(item.origin, std::get<std::string>(probe));
    }
}

} // namespace cablespice::elab
