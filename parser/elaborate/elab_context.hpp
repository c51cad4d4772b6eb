#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/invariant_cards.hpp"
#include "parser/elaborate/model_card.hpp"
#include "parser/elaborate/param_scope.hpp"
#include "parser/elaborate/param_spec.hpp"
#include "solver/sources/source_value.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cablespice::elab {

struct SubcktDefinition;

// A transient waveform whose construction waits for .tran (PULSE defaults use TSTEP/TSTOP).
struct WaveformRequest {
    std::string kind;  // "sin", "pulse", "pwl", "exp", "sffm", "am"
    std::vector<double> arguments;
    std::map<std::string, double> named;  // PWL r=, td=
    SourceRange origin;
    solver::SourceValue* target = nullptr;
    double scale = 1.0;    // a current source inside an instance with m=
    std::string element;   // the source's name: its random stream (TRNOISE, TRRANDOM)
};

// Where elaboration currently is: the top level or one subcircuit instance. Element and
// internal node names get the instance path as ngspice writes them (r.x1.r1, x1.mid).
struct ElabFrame {
    ParamScope* scope = nullptr;
    std::string path;  // "" at the top level, "x1", "x1.x2", ...
    std::unordered_map<std::string, solver::Unknown> ports;
    const SubcktDefinition* definition = nullptr;
    int depth = 0;
    double multiplier = 1.0;  // m= of the instances down to here: each element stands for this many in parallel
};

// Shared state while elaborating one netlist.
class ElabContext {
public:
    // Room for `count` element names (a deck's card count): the name maps grow once, not by rehashing.
    void reserveElements(std::size_t count);
    ElabContext(Deck& deck, DiagnosticSink& sink);

    Deck& deck() { return deck_; }
    solver::Circuit& circuit() { return *deck_.circuit; }
    DiagnosticSink& sink() { return sink_; }
    // A point that reuses a circuit builds only the elements whose values can change (and
    // reads no .step grid: it is one point of it).
    bool skipsLiteralElements() const { return skipsLiteralElements_; }
    void setSkipsLiteralElements(bool skip) { skipsLiteralElements_ = skip; }
    // Such a point also keeps the top-level cards known invariant; every elaboration of a run's
    // point learns them (null: none).
    InvariantCards* invariantCards() const { return invariantCards_; }
    void setInvariantCards(InvariantCards* cards) { invariantCards_ = cards; }

    ParamScope& globalScope() { return *globalScope_; }
    std::shared_ptr<EvaluationStack> evaluationStack() const { return stack_; }
    const ElabFrame& frame() const { return *frame_; }
    // Runs `body` with `frame` as the current frame.
    void within(const ElabFrame& frame, const std::function<void()>& body);

    // A reader over `card` that evaluates values in the current scope.
    CardReader reader(const ast::Card& card) { return CardReader(card, sink_, frame_->scope); }

    // Hierarchical element name: "r1" at the top, "r.x1.r1" inside instance x1.
    std::string elementName(std::string_view lowerName) const;
    std::string elementName(const ast::Token& nameToken) const;
    // Hierarchical node: ports map to the instance's nodes, ground stays global.
    solver::Unknown mapNode(const std::string& lowerName);

    // Registers an element name; reports a duplicate with a note at the first definition.
    bool registerElement(const ast::Token& nameToken);
    // The node's unknown (creating it), or nullopt with "expected node name" reported.
    std::optional<solver::Unknown> node(CardReader& reader, std::string_view what = "node name");

    // Trailing name=value pairs checked against the element's table.
    std::map<std::string, double> instanceParams(CardReader& reader, std::span<const ParamSpec> table,
                                                 std::string_view elementKind);
    // One name=value pair of them into `values`; false at the end of the card (or at a token
    // that is no name=, reported).
    bool instanceParam(CardReader& reader, std::span<const ParamSpec> table, std::string_view elementKind,
                       std::map<std::string, double>& values);
    std::optional<double> evaluate(CardReader& reader, std::string_view what) { return reader.expectNumber(what); }

    void addModel(ModelCard model, const ast::Token& nameToken);
    // `.step MODEL(PARAM)` values, applied as each .model card is read.
    struct ModelOverride {
        std::string model, parameter;
        double value;
        bool used = false;
    };
    std::vector<ModelOverride>& modelOverrides() { return modelOverrides_; }
    // What an element's written value is multiplied by to become its device value (m=, an
    // instance's m=, TC1/TC2 at the temperature): `.step R1 ...` values go through it too. Only
    // scales other than 1 are kept (a 1e4-unknown harness has 13,000 elements, all at 1).
    void setValueScale(const std::string& element, double scale) {
        if (scale == 1.0)
            valueScales_.erase(element);
        else
            valueScales_[element] = scale;
    }
    double valueScale(const std::string& element) const {
        auto it = valueScales_.find(element);
        return it == valueScales_.end() ? 1.0 : it->second;
    }
    const ModelCard* findModel(std::string_view lowerName) const;

    void defer(std::function<void()> fixup) { fixups_.push_back(std::move(fixup)); }
    void runDeferred();
    std::vector<WaveformRequest>& waveforms() { return waveforms_; }
    // A path written on a card, taken relative to the folder of the card's file.
    void setFolders(const std::unordered_map<std::uint32_t, std::filesystem::path>* folders) { folders_ = folders; }
    std::filesystem::path resolvePath(const std::string& written, SourceRange where) const;

    // --strict: a problem with an output card's item is an error instead of a warning.
    bool strictOutputs() const { return strictOutputs_; }
    void setStrictOutputs(bool strict) { strictOutputs_ = strict; }

private:
    Deck& deck_;
    DiagnosticSink& sink_;
    std::shared_ptr<EvaluationStack> stack_;
    std::unique_ptr<ParamScope> globalScope_;
    ElabFrame topFrame_;
    const ElabFrame* frame_;
    std::map<std::string, ModelCard, std::less<>> models_;
    std::vector<ModelOverride> modelOverrides_;
    std::unordered_map<std::string, double> valueScales_;
    std::vector<std::function<void()>> fixups_;
    std::vector<WaveformRequest> waveforms_;
    bool strictOutputs_ = false;
    bool skipsLiteralElements_ = false;
    InvariantCards* invariantCards_ = nullptr;
    const std::unordered_map<std::uint32_t, std::filesystem::path>* folders_ = nullptr;
};

} // namespace cablespice::elab
