#include "solver/circuit/node_table.hpp"

namespace cablespice::solver {

NodeTable::NodeTable() : names_{"0"}, types_{UnknownType::Voltage} {}

bool NodeTable::isGroundName(std::string_view name) { return name == "0" || name == "gnd"; }

Unknown NodeTable::node(std::string_view name) {
    if (isGroundName(name)) {
        groundUsed_ = true;
        return kGround;
    }
    auto [it, inserted] = nodes_.try_emplace(std::string(name), static_cast<Unknown>(names_.size()));
    if (inserted) {
        names_.emplace_back(name);
        types_.push_back(UnknownType::Voltage);
    }
    return it->second;
}

std::optional<Unknown> NodeTable::findNode(std::string_view name) const {
    if (isGroundName(name)) return kGround;
    auto it = nodes_.find(std::string(name));
    if (it == nodes_.end()) return std::nullopt;
    return it->second;
}

Unknown NodeTable::addBranch(std::string_view ownerName) {
    // Idempotent: a device rebuilt for a new point (Circuit::finalizeReplacing) gets its branch back.
    if (auto known = findBranch(ownerName)) return *known;
    auto u = static_cast<Unknown>(names_.size());
    names_.emplace_back(ownerName);
    types_.push_back(UnknownType::Current);
    branches_.emplace(std::string(ownerName), u);
    return u;
}

std::optional<Unknown> NodeTable::findBranch(std::string_view ownerName) const {
    auto it = branches_.find(std::string(ownerName));
    if (it == branches_.end()) return std::nullopt;
    return it->second;
}

} // namespace cablespice::solver
