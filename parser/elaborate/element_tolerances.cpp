#include "parser/elaborate/element_tolerances.hpp"

#include "solver/circuit/sensitive_device.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/resistor.hpp"

#include <map>

namespace cablespice::elab {

namespace {

// The moved draw's step in its own standard deviations: small enough that the central
// difference of a value such as 1/(1 + x) is exact to ~1e-7, large enough to stay clear of
// rounding (a 10k value moves by ~6 mohm for 1 %).
constexpr double kProbeStep = 1e-3;

bool toleranced(const solver::Device& device) {
    return dynamic_cast<const solver::SensitiveDevice*>(&device) && !dynamic_cast<const solver::ExcitationDevice*>(&device);
}

// Every toleranced element's value (its AC value: the budget is an AC analysis).
std::map<std::string, double> elementValues(const Deck& deck) {
    std::map<std::string, double> values;
    for (const auto& device : deck.circuit->devices())
        if (toleranced(*device))
            values[device->name()] = dynamic_cast<const solver::SensitiveDevice&>(*device).acSensitivityValue();
    return values;
}

Deck probed(const ast::Netlist& netlist, const ElaborationOptions& options, RandomProbe probe) {
    ElaborationOptions moved = options;
    moved.randomProbe = probe;
    DiagnosticSink repeated;  // the nominal elaboration has reported everything already
    return elaborate(netlist, repeated, moved);
}

bool passive(const solver::Device* device) {
    return dynamic_cast<const solver::Resistor*>(device) || dynamic_cast<const solver::Capacitor*>(device) ||
           dynamic_cast<const solver::Inductor*>(device);
}

} // namespace

void fillImbalanceBudgets(const ast::Netlist& netlist, const ElaborationOptions& options, Deck& deck,
                          DiagnosticSink& sink) {
    std::vector<std::pair<solver::ImbalanceBudgetSpec*, SourceRange>> budgets;
    for (auto& analysis : deck.analyses)
        if (auto* budget = std::get_if<solver::ImbalanceBudgetSpec>(&analysis.kind)) budgets.push_back({budget, analysis.origin});
    if (budgets.empty()) return;
    if (!deck.steps.empty() || options.randomPoint) {
        sink.error(budgets.front().second, ".sens cmrr budgets the nominal circuit and cannot run in a .step run "
                                           "(run the Monte Carlo from a deck of its own)");
        throw SourceError(sink.take());
    }
    const std::size_t draws = probed(netlist, options, RandomProbe{}).probedDraws;
    const std::map<std::string, double> nominal = elementValues(deck);
    std::map<std::string, solver::ImbalanceBudgetSpec::Element> spreads;
    for (const auto& [name, value] : nominal) spreads[name].name = name;
    for (std::size_t k = 0; k < draws; ++k) {
        const auto plus = elementValues(probed(netlist, options, RandomProbe{k, kProbeStep}));
        const auto minus = elementValues(probed(netlist, options, RandomProbe{k, -kProbeStep}));
        for (const auto& [name, value] : nominal) {
            const double change = (plus.at(name) - minus.at(name)) / (2.0 * kProbeStep);
            if (change != 0.0) spreads[name].perDraw.push_back({k, change});
        }
    }
    std::size_t drawCount = draws;
    const double deftol = deck.options.deftol;
    for (auto& [name, spread] : spreads)
        if (spread.perDraw.empty() && deftol > 0.0 && passive(deck.circuit->findDevice(name)))
            spread.perDraw.push_back({drawCount++, deftol * nominal.at(name)});
    if (drawCount == 0)
        sink.warning(budgets.front().second,
                     ".sens cmrr: no element has a tolerance (no random function in a value and no .options deftol)");
    // In circuit order, so the budget's vectors follow the netlist.
    std::vector<solver::ImbalanceBudgetSpec::Element> elements;
    for (const auto& device : deck.circuit->devices())
        if (auto found = spreads.find(device->name()); found != spreads.end() && !found->second.perDraw.empty())
            elements.push_back(found->second);
    for (auto& [budget, origin] : budgets) {
        budget->elements = elements;
        budget->drawCount = drawCount;
    }
}

} // namespace cablespice::elab
