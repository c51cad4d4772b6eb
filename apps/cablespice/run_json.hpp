#pragma once
#include "apps/engine/stepped_runner.hpp"

#include <filesystem>

namespace cablespice::app {

// --json: every step point (parameter values, status) with its measurements, written whole.
void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes);

// The JSON's noise and sensitivity entries are read from the recorded plots of the deck's
// .noise, .sens and .sens cmrr analyses (and each point's deck): a run writing JSON keeps them.
bool jsonReadsSolutions(const elab::Deck& deck);

} // namespace cablespice::app
