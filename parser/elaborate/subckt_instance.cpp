#include "parser/elaborate/subckt_instance.hpp"

#include "parser/elaborate/block_elaborator.hpp"
#include "parser/elaborate/subckt_definitions.hpp"
#include "parser/elaborate/text_util.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

struct InstanceLine {
    std::vector<const ast::Token*> nodes;
    const ast::Token* subckt = nullptr;
};

std::optional<InstanceLine> readInstanceLine(CardReader& reader) {
    InstanceLine line;
    while (reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::Equals, 1) &&
           !reader.peekKeyword("params:"))
        line.nodes.push_back(&reader.take());
    if (line.nodes.empty()) {
        reader.errorExpected("subcircuit name");
        return std::nullopt;
    }
    line.subckt = line.nodes.back();
    line.nodes.pop_back();
    if (reader.peekKeyword("params:")) reader.take();
    return line;
}

std::string suggestSubckt(const SubcktDefinition& from, const std::string& name) {
    std::string best;
    std::size_t bestDistance = 3;
    for (const SubcktDefinition* scope = &from; scope; scope = scope->parent)
        for (const auto& [candidate, definition] : scope->nested)
            if (std::size_t d = editDistance(name, candidate); d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
    return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

bool hasParam(const SubcktDefinition& definition, const std::string& name) {
    for (const auto& param : definition.params)
        if (param.name == name) return true;
    return false;
}

// name=value overrides, evaluated in the instantiating scope; m= (when the subcircuit has no
// parameter m) is the instance multiplier instead.
std::map<std::string, double> readOverrides(CardReader& reader, ElabContext& context, const SubcktDefinition& definition,
                                            double& multiplier) {
    std::map<std::string, double> overrides;
    while (!reader.atEnd()) {
        if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.expectEnd();
            break;
        }
        const ast::Token& key = reader.take();
        reader.take();
        auto text = reader.takeValueText("a value for '" + key.text + "'");
        if (!text) break;
        std::string name = toLower(key.text);
        if (name == "m" && !hasParam(definition, name)) {
            auto value = context.frame().scope->evaluate(text->text, text->start);
            if (value && !(*value > 0.0 && std::isfinite(*value)))
                context.sink().error(key.range, "m of '" + reader.head().text + "' must be positive and finite");
            else if (value)
                multiplier = *value;
            continue;
        }
        if (!hasParam(definition, name)) {
            context.sink().error(key.range, "subcircuit '" + definition.name + "' has no parameter '" + key.text + "'");
            continue;
        }
        if (auto value = context.frame().scope->evaluate(text->text, text->start)) overrides[name] = *value;
    }
    return overrides;
}

std::unique_ptr<ParamScope> instanceScope(ElabContext& context, const SubcktDefinition& definition,
                                          const std::map<std::string, double>& overrides, const std::string& path) {
    auto scope = std::make_unique<ParamScope>(context.frame().scope, context.sink(), context.evaluationStack());
    scope->setInstancePath(path);
    for (const auto& param : definition.params) {
        ParamDefinition value{param.value.text, param.value.start, param.origin, {}};
        if (auto it = overrides.find(param.name); it != overrides.end()) value.fixed = it->second;
        scope->define(param.name, std::move(value));
    }
    return scope;
}

const SubcktDefinition* findDefinition(ElabContext& context, const ast::Token& token) {
    std::string name = toLower(token.text);
    const SubcktDefinition* definition = context.frame().definition->find(name);
    if (!definition)
        context.sink().error(token.range, "unknown subcircuit '" + token.text + "'" +
                                              suggestSubckt(*context.frame().definition, name));
    return definition;
}

} // namespace

void expandInstance(const ast::Card& card, ElabContext& context) {
    const ast::Token& name = card.tokens.front();
    if (context.sink().errorCount() >= kMaxErrorsBeforeExpansion) return;  // failing anyway
    if (context.deck().elements->size() >= kMaxElaboratedElements) {
        context.sink().error(name.range, "subcircuit expansion exceeds " + std::to_string(kMaxElaboratedElements) +
                                             " elements (every level of nesting multiplies the instances)");
        return;
    }
    if (!context.registerElement(name)) return;
    CardReader reader = context.reader(card);
    auto line = readInstanceLine(reader);
    if (!line) return;
    const SubcktDefinition* definition = findDefinition(context, *line->subckt);
    if (!definition) return;
    if (line->nodes.size() != definition->ports.size()) {
        context.sink().error(name.range, "subcircuit '" + definition->name + "' has " +
                                             std::to_string(definition->ports.size()) + " ports but '" + name.text +
                                             "' connects " + std::to_string(line->nodes.size()) + " nodes",
                             {DiagnosticNote{definition->origin, "'" + definition->name + "' is defined here"}});
        return;
    }
    if (context.frame().depth >= kMaxInstanceDepth) {
        context.sink().error(name.range, "subcircuits nested deeper than " + std::to_string(kMaxInstanceDepth) +
                                             " (does '" + definition->name + "' instantiate itself?)");
        return;
    }
    double multiplier = 1.0;
    auto overrides = readOverrides(reader, context, *definition, multiplier);
    std::string instance = toLower(name.text);
    std::string path = context.frame().path.empty() ? instance : context.frame().path + "." + instance;
    auto scope = instanceScope(context, *definition, overrides, path);
    ElabFrame frame{scope.get(), std::move(path), {}, definition, context.frame().depth + 1,
                    context.frame().multiplier * multiplier};
    for (std::size_t i = 0; i < line->nodes.size(); ++i)
        frame.ports[definition->ports[i]] = context.mapNode(toLower(line->nodes[i]->text));
    std::size_t firstDiagnostic = context.sink().size();
    context.within(frame, [&] { elaborateBlock(*definition, context); });
    context.sink().addNoteFrom(firstDiagnostic, DiagnosticNote{card.range, "in instance '" + name.text +
                                                                              "' of subcircuit '" + definition->name + "'"});
}

} // namespace cablespice::elab
