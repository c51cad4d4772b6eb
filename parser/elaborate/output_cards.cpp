#include "parser/elaborate/output_cards.hpp"

#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/text_util.hpp"

#include <array>

namespace cablespice::elab {

namespace {

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
    return OutputVector{OutputQuantity::Voltage, OutputPart::Value, name, {}, name, head.range};
}

// FUNC(a) or FUNC(a,b) (v-family only for the two-node form).
std::optional<OutputVector> readItem(CardReader& reader) {
    const ast::Token& head = reader.take();
    const MeasureFunctionName* function = head.kind == ast::TokenKind::Word ? findMeasureFunction(toLower(head.text)) : nullptr;
    if (!function || !reader.takeIf(ast::TokenKind::LParen)) {
        reader.error(head, "expected an output vector such as v(node), v(a,b) or i(vsource), found '" + head.text + "'");
        return std::nullopt;
    }
    OutputVector item{function->quantity, function->part, {}, {}, {}, head.range};
    auto first = reader.expectName(function->quantity == OutputQuantity::Voltage ? "node name" : "element name");
    if (!first) return std::nullopt;
    item.first = *first;
    if (function->quantity == OutputQuantity::Voltage && reader.takeIf(ast::TokenKind::Comma)) {
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
    return item;
}

// With `cmrrNames`, items are adm/acm/cmrr or vector functions of them (.plot cmrr).
std::vector<OutputVector> readItems(CardReader& reader, bool cmrrNames = false) {
    std::vector<OutputVector> items;
    while (!reader.atEnd()) {
        bool bare = cmrrNames && reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::LParen, 1);
        auto item = bare ? readCmrrName(reader) : readItem(reader);
        if (item && cmrrNames && (item->quantity != OutputQuantity::Voltage || !isCmrrVector(item->first) ||
                                  !(item->second.empty() || isCmrrVector(item->second)))) {
            reader.sink().error(item->origin, "'" + item->text + "' is not a vector of the .cmrr plot (adm, acm, cmrr)");
            return items;
        }
        if (!item) return items;
        items.push_back(std::move(*item));
    }
    return items;
}

PrintAnalysis readPrintAnalysis(CardReader& reader) {
    constexpr std::pair<std::string_view, PrintAnalysis> kinds[] = {
        {"op", PrintAnalysis::Op}, {"dc", PrintAnalysis::Dc}, {"ac", PrintAnalysis::Ac}, {"tran", PrintAnalysis::Tran},
        {"cmrr", PrintAnalysis::Cmrr}};
    for (auto [word, kind] : kinds)
        if (reader.peekKeyword(word)) {
            reader.take();
            return kind;
        }
    return PrintAnalysis::Any;
}

bool resolveItem(OutputVector& item, ElabContext& context) {
    const auto& nodes = context.circuit().nodes();
    if (item.quantity == OutputQuantity::Current) {
        const solver::Device* device = context.circuit().findDevice(item.first);
        if (device && device->branchCurrent() != solver::kGround) {
            item.unknown = device->branchCurrent();
            return true;
        }
        context.sink().error(item.origin, device ? "'" + item.first + "' has no branch current to print (use a 0 V source in series)"
                                                 : "no element named '" + item.first + "' for " + item.text);
        return false;
    }
    auto first = nodes.findNode(item.first);
    auto second = item.second.empty() ? std::optional<solver::Unknown>(solver::kGround) : nodes.findNode(item.second);
    if (first && second) {
        item.unknown = *first;
        item.reference = *second;
        return true;
    }
    context.sink().error(item.origin, "no node named '" + (first ? item.second : item.first) + "' for " + item.text);
    return false;
}

} // namespace

void readPrint(CardReader& reader, ElabContext& context) {
    PrintRequest request{readPrintAnalysis(reader), {}, reader.card().range};
    request.items = readItems(reader);
    if (request.items.empty()) {
        if (context.sink().errorCount() == 0) reader.errorExpected("an output vector");
        return;
    }
    context.deck().prints.push_back(std::move(request));
}

void readPlot(CardReader& reader, ElabContext& context) {
    PrintRequest request{readPrintAnalysis(reader), {}, reader.card().range};
    bool cmrr = request.analysis == PrintAnalysis::Cmrr;
    request.items = readItems(reader, cmrr);
    if (request.items.empty()) {
        if (context.sink().errorCount() == 0) reader.errorExpected("an output vector");
        return;
    }
    if (!cmrr) context.deck().prints.push_back(request);
    context.deck().plots.push_back(std::move(request));
}

void readSave(CardReader& reader, ElabContext& context) {
    if (reader.peekKeyword("all")) {
        reader.take();
        reader.expectEnd();
        return;
    }
    for (auto& item : readItems(reader)) {
        if (item.part != OutputPart::Value) {
            context.sink().error(item.origin, ".save keeps whole vectors: write v(...) or i(...), not " + item.text);
            continue;
        }
        context.deck().saves.push_back(std::move(item));
    }
}

void resolveOutputs(ElabContext& context) {
    for (auto& print : context.deck().prints)
        for (auto& item : print.items) resolveItem(item, context);
    for (auto& item : context.deck().saves) resolveItem(item, context);
}

std::optional<OutputVector> readOutputVector(CardReader& reader) { return readItem(reader); }

bool resolveOutputVector(OutputVector& item, ElabContext& context) { return resolveItem(item, context); }

} // namespace cablespice::elab
