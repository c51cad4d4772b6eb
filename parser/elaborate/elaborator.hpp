#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/floating_nodes.hpp"
#include "parser/elaborate/invariant_cards.hpp"
#include "parser/elaborate/parsed_expressions.hpp"
#include "parser/elaborate/random_draws.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/diagnostic.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cablespice::elab {

// -D NAME=VALUE from the command line: replaces a top-level .param before elaboration.
struct ParamOverride {
    std::string name;
    std::string value;  // a number or an expression
};

// How one elaboration differs from the netlist as written: -D overrides, the values of one
// .step point, and a circuit whose topology (and KLU symbolic analysis) may be shared.
struct ElaborationOptions {
    std::vector<ParamOverride> overrides;
    std::vector<std::pair<std::string, double>> parameterValues;  // .step param NAME
    std::vector<std::pair<std::string, double>> elementValues;    // .step R1 ...
    struct ModelValue {
        std::string model, parameter;
        double value;
    };
    const solver::Circuit* sameTopologyAs = nullptr;
    std::vector<ModelValue> modelValues;  // .step MODEL(PARAM) ...
    // --strict: an output item that cannot be evaluated is an error, not a warning.
    bool strictOutputs = false;
    // Nodes that get gmin to ground (an AC-only deck's floating nodes, see floating_nodes.hpp).
    std::vector<FloatingNode> gminNodes;
    // The Monte Carlo point whose draws the random functions take; none: nominal values.
    std::optional<RandomPoint> randomPoint;
    // Instead: nominal values with one draw moved (the imbalance budget's linearisation).
    std::optional<RandomProbe> randomProbe;
    // Expressions parsed by earlier points of the run (one cache per worker thread); null: parse each.
    ParsedExpressions* parsedExpressions = nullptr;
    // Element cards whose devices a point on a reused circuit keeps as built (one set per worker
    // thread, learnt by every elaboration of its points); null: build every card not literal.
    InvariantCards* invariantCards = nullptr;
    // Threads the caller may use; with two or more, KLU's symbolic analysis runs in the background
    // from finalize until the first analysis needs it.
    int threads = 1;
};

// A finalized circuit that later points of a run reuse when they change only values, with
// what of its deck those points are compared against or take over.
struct ReusableCircuit {
    std::shared_ptr<solver::Circuit> circuit;
    std::vector<solver::AnalysisSpec> analyses;  // a literal line's sections=auto depends on them
    double temperature = 27.0, nominalTemperature = 27.0;
    // The other options element cards read (waveforms' random streams, switches' off conductance):
    // a point kept invariant cards as built only when its options are these.
    std::uint64_t seed = 1;
    double gmin = 0.0;
    std::shared_ptr<WrittenElements> elements;  // the deck's, shared

    // The deck's circuit, when reusing it is safe: linear, without history devices (their
    // state would carry from one point to the next).
    static std::optional<ReusableCircuit> of(const Deck& deck);
};

// Elaborates a point on `reuse`'s circuit (ARCHITECTURE B10: a point that changes only values
// never re-elaborates the topology nor redoes KLU's symbolic analysis): builds only the
// elements whose cards have expressions into a circuit that takes everything else from `reuse`'s
// (Circuit::finalizeReplacing) and loads its own constant matrices. Returns nothing,
// leaving `reuse` as it was, when the point is not a values-only change (another topology,
// other analyses, another temperature, elements stepped by name, an error): the caller then
// elaborates it in full with elaborate(). Throws SourceError for a point whose values are
// wrong (a coupling matrix that is not positive semidefinite), as elaborate() does.
std::optional<Deck> elaborateReusing(const ast::Netlist& netlist, DiagnosticSink& sink,
                                     const ElaborationOptions& options, ReusableCircuit& reuse);

// Parse tree -> finalized circuit, analyses and output requests. Collects every problem into
// `sink`; throws SourceError holding all diagnostics (warnings included) when any is an error.
// On success the sink keeps the warnings.
Deck elaborate(const ast::Netlist& netlist, DiagnosticSink& sink, const ElaborationOptions& options = {});

} // namespace cablespice::elab
