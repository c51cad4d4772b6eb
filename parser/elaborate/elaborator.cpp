#include "parser/elaborate/elaborator.hpp"

#include "parser/elaborate/control_cards.hpp"
#include "parser/elaborate/coupling_check.hpp"
#include "parser/elaborate/block_elaborator.hpp"
#include "parser/elaborate/device_factory.hpp"
#include "parser/elaborate/element_tolerances.hpp"
#include "parser/elaborate/element_values.hpp"
#include "parser/elaborate/floating_nodes.hpp"
#include "parser/elaborate/subckt_definitions.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/elaborate/four_cards.hpp"
#include "parser/elaborate/wave_cards.hpp"
#include "parser/elaborate/output_cards.hpp"
#include "parser/elaborate/waveform_builder.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"

#include <algorithm>
#include <typeinfo>

namespace cablespice::elab {

namespace {

// Whether a deck's analyses factor the complex AC matrix (a frequency sweep starts from the
// symbolic analysis's static pivots, KluSettings::analyzeStaticPivots).
bool factorsAcMatrix(const Deck& deck) {
    return std::any_of(deck.analyses.begin(), deck.analyses.end(), [](const auto& analysis) {
        const auto& kind = analysis.kind;
        if (const auto* sens = std::get_if<solver::SensSpec>(&kind)) return sens->sweep.has_value();
        return std::holds_alternative<solver::AcSpec>(kind) || std::holds_alternative<solver::CmrrSpec>(kind) ||
               std::holds_alternative<solver::NoiseSpec>(kind) ||
               std::holds_alternative<solver::ImbalanceBudgetSpec>(kind);
    });
}

void applyOverrides(const ElaborationOptions& options, ElabContext& context) {
    for (const auto& [name, value] : options.parameterValues)
        context.globalScope().define(name, ParamDefinition{{}, {}, {}, value});
    for (const auto& override : options.overrides) {
        std::string name = toLower(override.name);
        if (!context.globalScope().definesLocally(name)) {
            context.sink().error({}, "-D " + override.name + ": the netlist has no top-level .param '" + name + "'");
            continue;
        }
        auto value = context.globalScope().evaluate(override.value, SourceLoc{});
        if (!value) continue;
        context.globalScope().define(name, ParamDefinition{override.value, {}, {}, *value});
    }
}

// The top-level .param values, for callers that list or sweep them (the Python module). Done
// last, after every card: a parameter no card used is evaluated here only, and one that does
// not evaluate is left out without an error, as it was never needed.
void recordTopLevelParameters(ElabContext& context) {
    auto& sink = context.sink();
    const std::size_t reported = sink.size();
    for (const auto& name : context.globalScope().localNames())
        if (auto value = context.globalScope().value(name)) context.deck().parameters[name] = *value;
    if (sink.size() == reported) return;
    auto diagnostics = sink.take();
    diagnostics.resize(reported);
    for (auto& diagnostic : diagnostics) sink.report(std::move(diagnostic));
}

// The top level: parameters first (forward references), then overrides, then models (their
// expressions see the overridden values), then every card.
void readCards(const ast::Netlist& netlist, const ElaborationOptions& options, ElabContext& context) {
    auto top = collectDefinitions(netlist, context.sink());
    ElabFrame frame{&context.globalScope(), {}, {}, top.get(), 0};
    context.within(frame, [&] {
        defineBlockParams(*top, context);
        applyOverrides(options, context);
        defineBlockModels(*top, context);
        elaborateBlockCards(*top, context);
    });
}

// A parameter set with -D keeps that value in every point, so stepping it too would label
// points with values they do not use: the command line wins and the .step goes, with a warning.
void dropStepsOfOverriddenParameters(const ElaborationOptions& options, Deck& deck, DiagnosticSink& sink) {
    std::erase_if(deck.steps, [&](const StepSpec& step) {
        if (step.target != StepSpec::Target::Parameter) return false;
        for (const auto& override : options.overrides) {
            if (toLower(override.name) != step.name) continue;
            sink.warning(step.origin, "this .step is ignored: -D " + override.name + "=" + override.value + " sets '" +
                                          step.name + "' for the whole run");
            return true;
        }
        return false;
    });
}

void checkGround(const ast::Netlist& netlist, ElabContext& context) {
    const auto& circuit = context.circuit();
    if (circuit.devices().empty()) {
        SourceRange where = netlist.cards.empty() ? netlist.titleRange : netlist.cards.front().range;
        context.sink().error(where, "netlist contains no circuit elements");
        return;
    }
    if (circuit.nodes().hasGround()) return;
    context.sink().error(circuit.devices().front()->origin(),
                         "netlist has no ground node: connect at least one element to node 0 (or gnd)");
}

void throwIfErrors(DiagnosticSink& sink) {
    if (sink.hasErrors()) throw SourceError(sink.take());
}

} // namespace

Deck elaborate(const ast::Netlist& netlist, DiagnosticSink& sink, const ElaborationOptions& options) {
    Deck deck;
    deck.title = netlist.title;
    deck.circuit = std::make_unique<solver::Circuit>();
    ElabContext context(deck, sink);
    context.setStrictOutputs(options.strictOutputs);
    context.evaluationStack()->draws =
        options.randomProbe ? RandomDraws(*options.randomProbe) : RandomDraws(options.randomPoint);
    context.evaluationStack()->parsed = options.parsedExpressions;
    context.setInvariantCards(options.invariantCards);
    context.setFolders(&netlist.folders);
    context.reserveElements(netlist.cards.size());
    for (const auto& value : options.modelValues) context.modelOverrides().push_back({value.model, value.parameter, value.value});
    readCards(netlist, options, context);
    deck.usesRandomFunctions = context.evaluationStack()->draws.used();
    deck.probedDraws = context.evaluationStack()->draws.probedDraws();
    dropStepsOfOverriddenParameters(options, deck, sink);
    context.runDeferred();
    checkAnalysisReferences(context);
    checkGround(netlist, context);
    throwIfErrors(sink);
    checkCouplingMatrix(context);
    buildWaveforms(context);
    throwIfErrors(sink);
    applyElementValues(options.elementValues, context);
    for (const auto& override : context.modelOverrides())
        if (!override.used) sink.error({}, ".step: no .model named '" + override.model + "'");
    throwIfErrors(sink);
    addGmin(options.gminNodes, *deck.circuit);
    solver::KluSettings analysis;
    analysis.analyzeStaticPivots = factorsAcMatrix(deck);
    deck.circuit->finalize(analysis, options.sameTopologyAs,
                           options.threads > 1 ? solver::Circuit::SymbolicAnalysis::InBackground
                                               : solver::Circuit::SymbolicAnalysis::Now);
    resolveOutputs(context);
    resolveFourier(context);
    resolveWaves(context);
    throwIfErrors(sink);
    recordTopLevelParameters(context);
    // Floating nodes are found on the finalized circuit (lines add their internal nodes
    // there); an AC-only deck that has some is elaborated again with gmin at them. The second
    // pass only repeats the first one's diagnostics, which are already in `sink`. Without
    // floating nodes the findings are kept: the run's own check would repeat them.
    if (options.gminNodes.empty() && isAcOnly(deck)) {
        auto problems = solver::checkDcTopology(*deck.circuit);
        if (auto floating = floatingNodesAmong(deck, problems); !floating.empty()) {
            warnGmin(floating, sink);
            ElaborationOptions withGmin = options;
            withGmin.gminNodes = std::move(floating);
            DiagnosticSink repeated;
            return elaborate(netlist, repeated, withGmin);
        }
        deck.dcTopology = std::move(problems);
    }
    if (!options.randomProbe) fillImbalanceBudgets(netlist, options, deck, sink);
    return deck;
}

std::optional<ReusableCircuit> ReusableCircuit::of(const Deck& deck) {
    const auto& circuit = *deck.circuit;
    if (!circuit.finalized() || !circuit.isLinear() || !circuit.historyDevices().empty()) return std::nullopt;
    return ReusableCircuit{deck.circuit, deck.analyses, deck.options.temperature(), deck.options.nominalTemperature,
                           deck.options.seed, deck.options.tolerances.gmin, deck.elements};
}

namespace {

bool sameAnalyses(const std::vector<solver::AnalysisSpec>& a, const std::vector<solver::AnalysisSpec>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const solver::AnalysisSpec& x, const solver::AnalysisSpec& y) { return x.kind == y.kind; });
}

// Whether the rebuilt devices touch the inductance matrix (then it is checked again).
bool rebuildsCoupling(const solver::Circuit& fresh) {
    // Both classes are final: a type comparison is exact, and cheaper than a failing cast.
    return std::any_of(fresh.devices().begin(), fresh.devices().end(), [](const auto& device) {
        const std::type_info& type = typeid(*device);
        return type == typeid(solver::Inductor) || type == typeid(solver::MutualInductance);
    });
}

} // namespace

std::optional<Deck> elaborateReusing(const ast::Netlist& netlist, DiagnosticSink& sink, const ElaborationOptions& options,
                                     ReusableCircuit& reuse) {
    if (!options.elementValues.empty() || !options.modelValues.empty()) return std::nullopt;
    Deck deck;
    deck.title = netlist.title;
    auto fresh = std::make_shared<solver::Circuit>();
    fresh->nodes() = reuse.circuit->nodes();
    fresh->setLookupFallback(reuse.circuit.get());
    deck.circuit = fresh;
    ElabContext context(deck, sink);
    context.setStrictOutputs(options.strictOutputs);
    context.setSkipsLiteralElements(true);
    context.setInvariantCards(options.invariantCards);
    context.evaluationStack()->draws = RandomDraws(options.randomPoint);
    context.evaluationStack()->parsed = options.parsedExpressions;
    context.setFolders(&netlist.folders);
    readCards(netlist, options, context);
    deck.usesRandomFunctions = context.evaluationStack()->draws.used();
    dropStepsOfOverriddenParameters(options, deck, sink);
    context.runDeferred();
    checkAnalysisReferences(context);
    if (sink.hasErrors()) return std::nullopt;
    buildWaveforms(context);
    if (sink.hasErrors() || !sameAnalyses(deck.analyses, reuse.analyses)) return std::nullopt;
    if (deck.options.temperature() != reuse.temperature || deck.options.nominalTemperature != reuse.nominalTemperature ||
        deck.options.seed != reuse.seed || deck.options.tolerances.gmin != reuse.gmin)
        return std::nullopt;
    const bool couplingChanged = rebuildsCoupling(*fresh);
    if (!fresh->finalizeReplacing(*reuse.circuit)) return std::nullopt;
    deck.elements = reuse.elements;
    if (couplingChanged) checkCouplingMatrix(context);
    throwIfErrors(sink);
    resolveOutputs(context);
    resolveFourier(context);
    resolveWaves(context);
    throwIfErrors(sink);
    recordTopLevelParameters(context);
    return deck;
}

} // namespace cablespice::elab
