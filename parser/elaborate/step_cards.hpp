#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .step [param] NAME list v1 v2 ... | .step [lin|dec|oct] [param] NAME START STOP INCR|N
void readStep(CardReader& reader, ElabContext& context);

// Points of a linear, decade or octave sweep (shared with tests).
std::vector<double> linearSteps(double start, double stop, double increment);
std::vector<double> logSteps(double start, double stop, double pointsPerInterval, double base);

} // namespace cablespice::elab
