#pragma once
#include "apps/engine/stepped_runner.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace cablespice::app {

// --json: every step point (parameter values, status) with its measurements, written whole.
void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes);
// The same with each point's entry already made by runJsonPoint (a stepped run makes them as
// points are written, then frees the points' decks and plots); `outcomes` gives the statistics.
void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                  const std::vector<std::string>& points);

// One point's entry: parameters, status, measurements, Fourier tables, noise and sensitivity
// (from its recorded plots and its deck, or `deck` = the base for a run without .step), errors.
std::string runJsonPoint(const PointOutcome& outcome, const elab::Deck& deck);

// Whether the JSON's noise and sensitivity entries read recorded plots (of the deck's .noise,
// .sens and .sens cmrr analyses): a run writing JSON records them.
bool jsonReadsSolutions(const elab::Deck& deck);

} // namespace cablespice::app
