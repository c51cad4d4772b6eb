#pragma once
#include "parser/ast/netlist_ast.hpp"

#include <unordered_set>

namespace cablespice::elab {

// Element cards whose reading is the same at every point of a run (one set per worker thread
// of a .step or Monte Carlo run, like ParsedExpressions): a top-level card that, read on a
// reused circuit, evaluated no parameter, called no .func or random function and looked up no
// .model, and reported nothing, depends only on its own text, the node table and the options a
// reused circuit is checked against, so its device in that circuit is the one every later
// point would build. Those points keep it as built, as they keep literal cards
// (isLiteralValueCard): `{1/(2*pi*f0)}` written with constants, a V, I, E or G card.
class InvariantCards {
public:
    bool contains(const ast::Card& card) const { return cards_.count(&card) != 0; }
    void add(const ast::Card& card) { cards_.insert(&card); }
    std::size_t size() const { return cards_.size(); }

private:
    std::unordered_set<const ast::Card*> cards_;  // into the run's parse tree, which outlives the set
};

// Element kinds a point may keep as built when their card is invariant: those whose devices
// point at no other device (F, H and K do: kept while their target is rebuilt, the point could
// not replace the target, Circuit::finalizeReplacing) and are no subcircuit instance.
bool mayKeepInvariantElement(const ast::Card& card);

} // namespace cablespice::elab
