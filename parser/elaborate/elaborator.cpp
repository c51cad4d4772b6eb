#include "parser/elaborate/elaborator.hpp"

#include "parser/elaborate/control_cards.hpp"
#include "parser/elaborate/coupling_check.hpp"
#include "parser/elaborate/device_factory.hpp"
#include "parser/elaborate/output_cards.hpp"
#include "parser/elaborate/waveform_builder.hpp"

namespace cablespice::elab {

namespace {

void readCards(const ast::Netlist& netlist, ElabContext& context) {
    for (const auto& card : netlist.cards) {
        if (card.tokens.empty()) continue;
        if (card.tokens.front().text.starts_with('.')) handleControlCard(card, context);
        else buildElement(card, context);
    }
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

Deck elaborate(const ast::Netlist& netlist, DiagnosticSink& sink) {
    Deck deck;
    deck.title = netlist.title;
    deck.circuit = std::make_unique<solver::Circuit>();
    ElabContext context(deck, sink);
    readCards(netlist, context);
    context.runDeferred();
    checkAnalysisReferences(context);
    checkGround(netlist, context);
    throwIfErrors(sink);
    checkCouplingMatrix(context);
    buildWaveforms(context);
    throwIfErrors(sink);
    deck.circuit->finalize();
    resolveOutputs(context);
    throwIfErrors(sink);
    return deck;
}

} // namespace cablespice::elab
