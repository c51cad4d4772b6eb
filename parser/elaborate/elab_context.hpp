#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/param_spec.hpp"
#include "solver/sources/source_value.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cablespice::elab {

// A transient waveform whose construction waits for .tran (PULSE defaults use TSTEP/TSTOP).
struct WaveformRequest {
    std::string kind;  // "sin", "pulse", "pwl", "exp", "sffm", "am"
    std::vector<double> arguments;
    std::map<std::string, double> named;  // PWL r=, td=
    SourceRange origin;
    solver::SourceValue* target = nullptr;
};

// Shared state while elaborating one netlist.
class ElabContext {
public:
    ElabContext(Deck& deck, DiagnosticSink& sink) : deck_(deck), sink_(sink) {}

    Deck& deck() { return deck_; }
    solver::Circuit& circuit() { return *deck_.circuit; }
    DiagnosticSink& sink() { return sink_; }

    // Registers an element name; reports a duplicate with a note at the first definition.
    bool registerElement(const ast::Token& nameToken);
    // The node's unknown (creating it), or nullopt with "expected node name" reported.
    std::optional<solver::Unknown> node(CardReader& reader, std::string_view what = "node name");

    // Trailing name=value pairs checked against the element's table.
    std::map<std::string, double> instanceParams(CardReader& reader, std::span<const ParamSpec> table,
                                                 std::string_view elementKind);

    void defer(std::function<void()> fixup) { fixups_.push_back(std::move(fixup)); }
    void runDeferred();
    std::vector<WaveformRequest>& waveforms() { return waveforms_; }

private:
    Deck& deck_;
    DiagnosticSink& sink_;
    std::unordered_map<std::string, SourceRange> elementOrigins_;
    std::vector<std::function<void()>> fixups_;
    std::vector<WaveformRequest> waveforms_;
};

} // namespace cablespice::elab
