#include "parser/elaborate/subckt_definitions.hpp"

#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

const SubcktDefinition* SubcktDefinition::find(const std::string& subcktName) const {
    for (const SubcktDefinition* scope = this; scope; scope = scope->parent)
        if (auto it = scope->nested.find(subcktName); it != scope->nested.end()) return it->second.get();
    return nullptr;
}

namespace {

bool atAssignment(const CardReader& reader) {
    return reader.peekKind(ast::TokenKind::Word) && reader.peekKind(ast::TokenKind::Equals, 1);
}

// .subckt NAME port... [params:] [name=value ...]
std::unique_ptr<SubcktDefinition> readHeader(const ast::Card& card, DiagnosticSink& sink) {
    CardReader reader(card, sink);
    auto name = reader.expectName("subcircuit name");
    if (!name) return nullptr;
    auto definition = std::make_unique<SubcktDefinition>();
    definition->name = *name;
    definition->origin = card.range;
    while (!reader.atEnd() && !atAssignment(reader) && !reader.peekKeyword("params:")) {
        if (!reader.peekKind(ast::TokenKind::Word)) {
            reader.expectEnd();
            return definition;
        }
        definition->ports.push_back(toLower(reader.take().text));
    }
    if (reader.peekKeyword("params:")) reader.take();
    while (!reader.atEnd()) {
        if (!atAssignment(reader)) {
            reader.errorExpected("a parameter default (name=value)");
            break;
        }
        const ast::Token& key = reader.take();
        reader.take();
        auto value = reader.takeValueText("a value for '" + key.text + "'");
        if (!value) break;
        definition->params.push_back({toLower(key.text), *value, key.range});
    }
    return definition;
}

// A duplicate is reported and parked in `rejected`: it still collects its body up to its
// '.ends' (so the nesting stays right) and is dropped with it.
void addDefinition(SubcktDefinition& container, std::unique_ptr<SubcktDefinition> definition, DiagnosticSink& sink,
                   std::vector<std::unique_ptr<SubcktDefinition>>& rejected) {
    definition->parent = &container;
    auto [it, inserted] = container.nested.try_emplace(definition->name, nullptr);
    if (!inserted) {
        sink.error(definition->origin, "subcircuit '" + definition->name + "' is defined twice",
                   {DiagnosticNote{it->second->origin, "first definition is here"}});
        rejected.push_back(std::move(definition));
        return;
    }
    it->second = std::move(definition);
}

} // namespace

std::unique_ptr<SubcktDefinition> collectDefinitions(const ast::Netlist& netlist, DiagnosticSink& sink) {
    auto top = std::make_unique<SubcktDefinition>();
    std::vector<SubcktDefinition*> open{top.get()};
    std::vector<std::unique_ptr<SubcktDefinition>> rejected;  // duplicates: keeps `open` valid
    for (const auto& card : netlist.cards) {
        if (card.tokens.empty()) continue;
        const std::string_view keyword = card.tokens.front().text;
        if (equalsIgnoreCase(keyword, ".subckt")) {
            auto definition = readHeader(card, sink);
            if (!definition) continue;
            SubcktDefinition* raw = definition.get();
            addDefinition(*open.back(), std::move(definition), sink, rejected);
            open.push_back(raw);
        } else if (equalsIgnoreCase(keyword, ".ends")) {
            if (open.size() == 1) sink.error(card.range, "'.ends' without a matching '.subckt'");
            else open.pop_back();
        } else {
            open.back()->body.push_back(&card);
        }
    }
    for (std::size_t i = 1; i < open.size(); ++i)
        sink.error(open[i]->origin, "missing '.ends' for subcircuit '" + open[i]->name + "'");
    return top;
}

} // namespace cablespice::elab
