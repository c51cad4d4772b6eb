#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/support/name_index.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::solver {

enum class UnknownType { Voltage, Current };

// Names of the MNA unknowns: nodes (lower-case names; "0" and "gnd" are ground) and branch
// currents (named after the element that owns them, e.g. "v1", "l1"), in allocation order.
class NodeTable {
public:
    NodeTable();

    // Returns the node's unknown, creating it on first use.
    Unknown node(std::string_view name);
    std::optional<Unknown> findNode(std::string_view name) const;
    // A branch-current unknown owned by the element `ownerName` (the same one when asked again).
    Unknown addBranch(std::string_view ownerName);
    std::optional<Unknown> findBranch(std::string_view ownerName) const;

    static bool isGroundName(std::string_view name);

    int count() const { return static_cast<int>(names_.size()) - 1; }  // excludes ground
    const std::string& name(Unknown u) const { return names_[static_cast<std::size_t>(u)]; }
    UnknownType type(Unknown u) const { return types_[static_cast<std::size_t>(u)]; }
    bool hasGround() const { return groundUsed_; }

private:
    Unknown append(std::string_view name, UnknownType type);
    auto nameAt() const {
        return [this](std::size_t position) -> std::string_view { return names_[position]; };
    }

    std::vector<std::string> names_;  // index 0 = ground
    std::vector<UnknownType> types_;
    // Positions in names_ (the unknowns) of the nodes and of the branches: a node and a branch
    // may share a name.
    NameIndex<ExactNames> nodes_;
    NameIndex<ExactNames> branches_;
    bool groundUsed_ = false;
};

} // namespace cablespice::solver
