#pragma once
#include "apps/engine/stepped_runner.hpp"

#include <filesystem>

namespace cablespice::app {

// --json: every step point (parameter values, status) with its measurements, written whole.
void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes);

} // namespace cablespice::app
