#include "parser/elaborate/elab_context.hpp"

#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

ElabContext::ElabContext(Deck& deck, DiagnosticSink& sink)
    : deck_(deck), sink_(sink), stack_(std::make_shared<EvaluationStack>()),
      globalScope_(std::make_unique<ParamScope>(nullptr, sink, stack_)), frame_(&topFrame_) {
    topFrame_.scope = globalScope_.get();
}

void ElabContext::reserveElements(std::size_t count) {
    deck_.elements->reserve(count);
    deck_.circuit->reserveDevices(count);
}

void ElabContext::within(const ElabFrame& frame, const std::function<void()>& body) {
    const ElabFrame* saved = frame_;
    frame_ = &frame;
    body();
    frame_ = saved;
}

std::string ElabContext::elementName(std::string_view lowerName) const {
    if (frame_->path.empty() || lowerName.empty()) return std::string(lowerName);
    return std::string(1, lowerName.front()) + "." + frame_->path + "." + std::string(lowerName);
}

std::string ElabContext::elementName(const ast::Token& nameToken) const { return elementName(toLower(nameToken.text)); }

solver::Unknown ElabContext::mapNode(const std::string& lowerName) {
    if (solver::NodeTable::isGroundName(lowerName)) return circuit().nodes().node(lowerName);
    if (auto port = frame_->ports.find(lowerName); port != frame_->ports.end()) return port->second;
    if (frame_->path.empty()) return circuit().nodes().node(lowerName);
    return circuit().nodes().node(frame_->path + "." + lowerName);
}

bool ElabContext::registerElement(const ast::Token& nameToken) {
    // A point on a reused circuit fills its own map only for this check: it then takes that
    // circuit's deck's map (elaborateReusing). Within a subcircuit the name as shown is the
    // expanded lower-case one.
    std::string display = frame_->path.empty() ? nameToken.text : elementName(nameToken);
    const WrittenElement* earlier = deck_.elements->add(std::move(display), nameToken.range);
    if (!earlier) return true;
    sink_.error(nameToken.range, "duplicate element name '" + nameToken.text + "'",
                {DiagnosticNote{earlier->origin, "previous definition of '" + nameToken.text + "' is here"}});
    return false;
}

std::optional<solver::Unknown> ElabContext::node(CardReader& reader, std::string_view what) {
    if (!reader.peekKind(ast::TokenKind::Word) || reader.peekKind(ast::TokenKind::Equals, 1)) {
        reader.errorExpected(what);
        return std::nullopt;
    }
    return mapNode(toLower(reader.take().text));
}

std::map<std::string, double> ElabContext::instanceParams(CardReader& reader, std::span<const ParamSpec> table,
                                                          std::string_view elementKind) {
    std::map<std::string, double> values;
    while (instanceParam(reader, table, elementKind, values)) {
    }
    return values;
}

bool ElabContext::instanceParam(CardReader& reader, std::span<const ParamSpec> table, std::string_view elementKind,
                                std::map<std::string, double>& values) {
    if (reader.atEnd()) return false;
    if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
        reader.expectEnd();
        return false;
    }
    const ast::Token& key = reader.take();
    reader.take();  // '='
    std::string name = toLower(key.text);
    const ParamSpec* spec = findParam(table, name);
    auto value = reader.expectNumber("a value for '" + key.text + "'");
    if (!spec) {
        std::string hint = suggestParam(table, name);
        std::vector<DiagnosticNote> notes;
        if (!hint.empty()) notes.push_back(DiagnosticNote{key.range, hint});
        sink_.error(key.range, "unknown parameter '" + key.text + "' for " + std::string(elementKind), std::move(notes));
        return true;
    }
    if (value) values[std::string(spec->name)] = *value;
    return true;
}

void ElabContext::addModel(ModelCard model, const ast::Token& nameToken) {
    for (auto& override : modelOverrides_) {
        if (override.model != model.name) continue;
        override.used = true;
        auto& param = model.params[override.parameter];
        if (!param.origin.valid()) param.origin = model.origin;
        param.values = {override.value};
    }
    auto [it, inserted] = models_.try_emplace(model.name, model);
    if (!inserted)
        sink_.error(nameToken.range, "model '" + nameToken.text + "' is defined twice",
                    {DiagnosticNote{it->second.origin, "first definition is here"}});
}

const ModelCard* ElabContext::findModel(std::string_view lowerName) const {
    ++stack_->lookups;  // a model's values may change from point to point
    auto it = models_.find(lowerName);
    return it == models_.end() ? nullptr : &it->second;
}

void ElabContext::runDeferred() {
    for (auto& fixup : fixups_) fixup();
    fixups_.clear();
}

std::filesystem::path ElabContext::resolvePath(const std::string& written, SourceRange where) const {
    std::filesystem::path path(written);
    if (path.is_absolute() || !folders_) return path;
    auto folder = folders_->find(where.begin.file);
    return folder == folders_->end() ? path : folder->second / path;
}

} // namespace cablespice::elab
