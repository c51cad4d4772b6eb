#include "apps/engine/saved_vectors.hpp"

namespace cablespice::app {

namespace {

std::vector<SavedVector> everything(const solver::NodeTable& nodes) {
    std::vector<SavedVector> vectors;
    for (solver::Unknown u = 1; u <= nodes.count(); ++u) {
        bool voltage = nodes.type(u) == solver::UnknownType::Voltage;
        vectors.push_back({{(voltage ? "v(" : "i(") + nodes.name(u) + ")",
                            voltage ? solver::VectorType::Voltage : solver::VectorType::Current},
                           u});
    }
    return vectors;
}

} // namespace

std::vector<SavedVector> savedVectors(const elab::Deck& deck) {
    if (deck.saves.empty()) return everything(deck.circuit->nodes());
    std::vector<SavedVector> vectors;
    for (const auto& item : deck.saves) {
        bool voltage = item.quantity == elab::OutputQuantity::Voltage;
        vectors.push_back({{item.text, voltage ? solver::VectorType::Voltage : solver::VectorType::Current}, item.probe.unknown});
    }
    return vectors;
}

} // namespace cablespice::app
