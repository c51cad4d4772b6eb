#pragma once
#include "parser/elaborate/parsed_expressions.hpp"
#include "parser/elaborate/random_draws.hpp"
#include "parser/grammar/expression_evaluator.hpp"
#include "solver/support/diagnostic.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// A parameter's definition: expression text (evaluated lazily, so forward references work)
// or a fixed value (instance arguments, -D overrides).
struct ParamDefinition {
    std::string text;
    SourceLoc start;      // where `text` begins, for error positions
    SourceRange origin;   // the parameter name in the netlist
    std::optional<double> fixed;
};

// Shared across all scopes of one elaboration: the chain of parameters being evaluated,
// for dependency-cycle messages, and the draws of the random functions.
struct EvaluationStack {
    std::vector<std::string> names;
    RandomDraws draws;
    ParsedExpressions* parsed = nullptr;  // a run's points parse each expression once (null: every time)
    // Lookups of parameters, functions, random sources and models so far: a card read without
    // any depends on its text alone (InvariantCards).
    std::size_t lookups = 0;
};

// .param / subcircuit parameter scope. Lookups fall back to the parent (global) scope; a
// parameter defined here shadows the parent's. Evaluation errors and cycles are reported
// once into the sink; a failed parameter then reads as 0 so elaboration can go on and
// report more errors (the run fails anyway).
class ParamScope final : public expr::Scope {
public:
    ParamScope(const ParamScope* parent, DiagnosticSink& sink, std::shared_ptr<EvaluationStack> stack);

    void define(const std::string& name, ParamDefinition definition);
    void defineFunction(const std::string& name, expr::UserFunction function);
    bool definesLocally(const std::string& name) const { return entries_.count(name) != 0; }
    // The parameters defined in this scope (not the parent's), sorted by name.
    std::vector<std::string> localNames() const;

    std::optional<double> value(std::string_view name) const override;
    const expr::UserFunction* function(std::string_view name) const override;
    expr::RandomSource* randomSource() const override {
        ++stack_->lookups;
        return &stack_->draws;
    }

    // The instance path of a subcircuit instance's scope ("x1.x2"): its parameters' random
    // draws are that instance's own.
    void setInstancePath(std::string path) { instancePath_ = std::move(path); }

    // Parses and evaluates `text` here; errors go to the sink.
    std::optional<double> evaluate(std::string_view text, SourceLoc start) const;

private:
    enum class State { Pending, InProgress, Done, Failed };
    struct Entry {
        ParamDefinition definition;
        mutable State state = State::Pending;
        mutable double value = 0.0;
    };

    double resolve(const std::string& name, const Entry& entry) const;
    void reportCycle(const std::string& name, const Entry& entry) const;

    const ParamScope* parent_;
    DiagnosticSink& sink_;
    std::shared_ptr<EvaluationStack> stack_;
    std::map<std::string, Entry, std::less<>> entries_;
    std::map<std::string, expr::UserFunction, std::less<>> functions_;
    std::string instancePath_;
};

} // namespace cablespice::elab
