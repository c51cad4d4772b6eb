#pragma once
#include "parser/elaborate/fourier_spec.hpp"
#include "parser/elaborate/measure_spec.hpp"
#include "parser/elaborate/output_request.hpp"
#include "parser/elaborate/step_spec.hpp"
#include "parser/elaborate/wave_spec.hpp"
#include "parser/elaborate/written_elements.hpp"
#include "solver/analysis/analysis_spec.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/circuit/topology_check.hpp"
#include "solver/support/source_range.hpp"
#include "solver/support/tolerances.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cablespice::elab {

struct SimulationOptions {
    solver::Tolerances tolerances;
    solver::IntegrationMethod method = solver::IntegrationMethod::Trapezoidal;
    int maxOrder = 2;
    // The circuit temperature in °C: .temp wins over .options temp= whatever their order, as in
    // ngspice; 27 °C without either. TNOM (.options tnom=) is where TC1/TC2 have no effect.
    std::optional<double> tempCard, optionsTemp;
    double nominalTemperature = 27.0;

    std::uint64_t seed = 1;  // .options seed=N: the random sources' (TRNOISE, TRRANDOM) seed
    bool seedGiven = false;  // a Monte Carlo run without it picks a seed and prints it
    std::vector<double> breakpoints;  // .options breakpoints=t1,t2,...: times every .tran lands on
    bool noiseContributions = false;  // .options noisecontrib: .noise writes onoise_NAME per element
    double deftol = 0.0;  // .options deftol=X: relative standard deviation of R, L, C without a random function (.sens cmrr)

    double temperature() const { return tempCard.value_or(optionsTemp.value_or(27.0)); }
};

// Everything a run needs, produced by elaboration: the finalized circuit, the analyses in
// netlist order and the output requests with resolved unknowns.
struct Deck {
    std::string title;
    // Shared (a Python Circuit and its runs hold it); a point that changes only values gets a
    // circuit of its own that shares the first point's pattern, symbolic analyses and unchanged
    // devices (Circuit::finalizeReplacing), so every deck keeps its own values.
    std::shared_ptr<solver::Circuit> circuit;
    std::vector<solver::AnalysisSpec> analyses;
    std::vector<PrintRequest> prints;
    std::vector<PrintRequest> plots;  // .plot: the vectors --plot draws (unresolved; .plot cmrr names adm/acm/cmrr)
    std::vector<OutputVector> saves;  // empty: keep everything
    std::vector<MeasureSpec> measures;
    std::vector<FourierSpec> fourier;  // .four cards
    std::vector<WaveSpec> waves;       // .wave cards
    std::vector<StepSpec> steps;
    SimulationOptions options;
    std::vector<std::pair<solver::Unknown, double>> initialConditions;  // .ic v(n)=value
    std::vector<std::pair<solver::Unknown, double>> nodesets;           // .nodeset v(n)=value
    // Every element card's name -> as written; a point built on a reused circuit shares its deck's map.
    std::shared_ptr<WrittenElements> elements = std::make_shared<WrittenElements>();
    std::map<std::string, double> parameters;  // top-level .param values after overrides (-D, .step point)
    bool usesRandomFunctions = false;  // gauss(), mc(), ...: each .step point draws them anew
    std::size_t probedDraws = 0;       // an elaboration with a RandomProbe: the draws evaluated
    // solver::checkDcTopology's findings on `circuit` when elaboration already ran it (an AC-only
    // deck's floating-node search): topology does not change after elaboration, so a run reuses them.
    std::optional<std::vector<solver::TopologyProblem>> dcTopology;

    // The element name as the user wrote it (falls back to the lower-case name).
    const std::string& displayName(const std::string& name) const;
};

} // namespace cablespice::elab
