#include "parser/elaborate/param_scope.hpp"

#include "parser/grammar/expression_grammar.hpp"

#include <algorithm>
#include <variant>

namespace cablespice::elab {

ParamScope::ParamScope(const ParamScope* parent, DiagnosticSink& sink, std::shared_ptr<EvaluationStack> stack)
    : parent_(parent), sink_(sink), stack_(std::move(stack)) {}

void ParamScope::define(const std::string& name, ParamDefinition definition) {
    entries_.insert_or_assign(name, Entry{std::move(definition)});
}

void ParamScope::defineFunction(const std::string& name, expr::UserFunction function) {
    functions_.insert_or_assign(name, std::move(function));
}

const expr::UserFunction* ParamScope::function(std::string_view name) const {
    ++stack_->lookups;
    if (auto it = functions_.find(name); it != functions_.end()) return &it->second;
    return parent_ ? parent_->function(name) : nullptr;
}

std::optional<double> ParamScope::value(std::string_view name) const {
    ++stack_->lookups;
    if (auto it = entries_.find(name); it != entries_.end()) return resolve(it->first, it->second);
    return parent_ ? parent_->value(name) : std::nullopt;
}

void ParamScope::reportCycle(const std::string& name, const Entry& entry) const {
    auto first = std::find(stack_->names.begin(), stack_->names.end(), name);
    std::string chain;
    for (auto it = first; it != stack_->names.end(); ++it) chain += *it + " -> ";
    sink_.error(entry.definition.origin, "parameter dependency cycle: " + chain + name);
}

double ParamScope::resolve(const std::string& name, const Entry& entry) const {
    if (entry.definition.fixed) return *entry.definition.fixed;
    switch (entry.state) {
    case State::Done:
    case State::Failed: return entry.value;
    case State::InProgress:
        reportCycle(name, entry);
        entry.state = State::Failed;
        return 0.0;
    case State::Pending: break;
    }
    entry.state = State::InProgress;
    stack_->names.push_back(name);
    // Drawn once per point and shared by every use (per instance inside a subcircuit).
    RandomDraws::Owner owner(stack_->draws, ".param:" + instancePath_ + "." + name);
    auto result = evaluate(entry.definition.text, entry.definition.start);
    stack_->names.pop_back();
    if (entry.state == State::Failed) return 0.0;  // a cycle was reported meanwhile
    entry.state = result ? State::Done : State::Failed;
    entry.value = result.value_or(0.0);
    return entry.value;
}

std::optional<double> ParamScope::evaluate(std::string_view text, SourceLoc start) const {
    std::optional<expr::Expression> own;
    const expr::Expression* expression = parseMaybeCached(text, start, sink_, stack_->parsed, own);
    if (!expression) return std::nullopt;
    auto result = expr::evaluate(*expression, *this);
    if (const auto* error = std::get_if<expr::EvalError>(&result)) {
        sink_.error(error->range, error->message);
        return std::nullopt;
    }
    return std::get<double>(result);
}

std::vector<std::string> ParamScope::localNames() const {
    std::vector<std::string> names;
    for (const auto& entry : entries_) names.push_back(entry.first);
    return names;
}

} // namespace cablespice::elab
