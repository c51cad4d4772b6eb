#include "solver/circuit/node_table.hpp"

namespace cablespice::solver {

NodeTable::NodeTable() : names_{"0"}, types_{UnknownType::Voltage} {}

bool NodeTable::isGroundName(std::string_view name) { return name == "0" || name == "gnd"; }

Unknown NodeTable::node(std::string_view name) {
    if (isGroundName(name)) {
        groundUsed_ = true;
        return kGround;
    }
    if (auto known = nodes_.find(name, nameAt())) return static_cast<Unknown>(*known);
    const Unknown u = append(name, UnknownType::Voltage);
    nodes_.insert(static_cast<std::size_t>(u), nameAt());
    return u;
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
    if (auto known = findBranch(ownerName)) return *known;
    const Unknown u = append(ownerName, UnknownType::Current);
    branches_.insert(static_cast<std::size_t>(u), nameAt());
    return u;
}

std::optional<Unknown> NodeTable::findBranch(std::string_view ownerName) const {
    if (auto known = branches_.find(ownerName, nameAt())) return static_cast<Unknown>(*known);
    return std::nullopt;
}

} // namespace cablespice::solver
