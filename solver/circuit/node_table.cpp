#include "solver/circuit/node_table.hpp"

namespace cablespice::solver {

NodeTable::NodeTable() : names_{"0"}, types_{UnknownType::Voltage} {}

bool NodeTable::isGroundName(std::string_view name) { return name == "0" || name == "gnd"; }

Unknown NodeTable::node(std::string_view name) {
    if (isGroundName(name)) {
        groundUsed_ = true;
        return kGround;
    }
    if (auto known = nodes_.insert(name, names_.size(), nameAt())) return static_cast<Unknown>(*known);
    return append(name, UnknownType::Voltage);
}

Unknown NodeTable::append(std::string_view name, UnknownType type) {
    names_.emplace_back(name);
    types_.push_back(type);
    return static_cast<Unknown>(names_.size() - 1);
}

std::optional<Unknown> NodeTable::findNode(std::string_view name) const {
    if (isGroundName(name)) return kGround;
    if (auto known = nodes_.find(name, nameAt())) return static_cast<Unknown>(*known);
    return std::nullopt;
}

Unknown NodeTable::addBranch(std::string_view ownerName) {
    // Idempotent: a device rebuilt for a new point (Circuit::finalizeReplacing) gets its branch back.
    if (auto known = branches_.insert(ownerName, names_.size(), nameAt())) return static_cast<Unknown>(*known);
    return append(ownerName, UnknownType::Current);
}

std::optional<Unknown> NodeTable::findBranch(std::string_view ownerName) const {
    if (auto known = branches_.find(ownerName, nameAt())) return static_cast<Unknown>(*known);
    return std::nullopt;
}

} // namespace cablespice::solver
