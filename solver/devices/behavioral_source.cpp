#include "solver/devices/behavioral_source.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

BehavioralSource::BehavioralSource(std::string name, SourceRange origin, Output output, Unknown p, Unknown n,
                                   ExpressionTape tape)
    : Device(std::move(name), origin), output_(output), p_(p), n_(n), tape_(std::move(tape)),
      variables_(tape_.variableCount()), values_(tape_.variableCount(), 0.0), gradient_(tape_.variableCount(), 0.0) {}

// ngspice names a B voltage source's current b1#branch; here it is i(b1) as for V sources.
void BehavioralSource::allocateUnknowns(NodeTable& nodes) {
    if (output_ == Output::Voltage) branch_ = nodes.addBranch(name());
}

void BehavioralSource::declareEntries(PatternBuilder& pattern) const {
    if (output_ == Output::Voltage) BranchSlots::declare(pattern, p_, n_, branch_);
    for (const auto& variable : variables_) {
        const Unknown u = variable.unknown();
        if (output_ == Output::Voltage) {
            pattern.add(branch_, u, EntryKind::Resistive);
            continue;
        }
        pattern.add(p_, u, EntryKind::Resistive);
        pattern.add(n_, u, EntryKind::Resistive);
    }
}

void BehavioralSource::bindSlots(const SparsePattern& pattern) {
    unknowns_.clear();
    rowP_.clear();
    rowN_.clear();
    if (output_ == Output::Voltage) incidence_ = BranchSlots::bind(pattern, p_, n_, branch_);
    for (const auto& variable : variables_) {
        const Unknown u = variable.unknown();
        unknowns_.push_back(u);
        rowP_.push_back(pattern.slot(output_ == Output::Voltage ? branch_ : p_, u));
        rowN_.push_back(output_ == Output::Voltage ? pattern.slot(kGround, kGround) : pattern.slot(n_, u));
    }
}

void BehavioralSource::loadConstant(ConstantLoad& load) const {
    if (output_ == Output::Voltage) incidence_.stamp(load.g);
}

double BehavioralSource::evaluate(const NonlinearLoad& load) {
    for (std::size_t k = 0; k < unknowns_.size(); ++k) values_[k] = load.x[static_cast<std::size_t>(unknowns_[k])];
    return tape_.evaluate(values_, load.time, gradient_);
}

// Current: f[p] += I, f[n] -= I, G[p|n][u_k] = +-dI/du_k. Voltage: the branch row
// v(p) - v(n) - V(x) gets -V and G[branch][u_k] = -dV/du_k. Equivalents are f - G x.
void BehavioralSource::loadNonlinear(NonlinearLoad& load) {
    double value = evaluate(load);
    // Outside the expression's domain (sqrt or ln of a negative value, overflow) the point cannot
    // be a solution: load nothing and keep Newton from converging here (it fails naming this
    // device unless a later iterate leaves the bad region), rather than a NaN in the matrix.
    const bool finite = std::isfinite(value) &&
                        std::all_of(gradient_.begin(), gradient_.end(), [](double g) { return std::isfinite(g); });
    if (!finite) {
        ++load.limited;
        load.outOfDomain = this;
        value = 0.0;
        std::fill(gradient_.begin(), gradient_.end(), 0.0);
    }
    double linear = 0.0;  // sum of du_k * x_k: the Jacobian times the point
    for (std::size_t k = 0; k < unknowns_.size(); ++k)
        linear += gradient_[k] * load.x[static_cast<std::size_t>(unknowns_[k])];
    const double equivalent = value - linear;
    if (output_ == Output::Voltage) {
        const auto row = static_cast<std::size_t>(branch_);
        for (std::size_t k = 0; k < unknowns_.size(); ++k) load.g.add(rowP_[k], -gradient_[k]);
        load.f[row] -= value;
        load.fEquivalent[row] -= equivalent;
        return;
    }
    for (std::size_t k = 0; k < unknowns_.size(); ++k) {
        load.g.add(rowP_[k], gradient_[k]);
        load.g.add(rowN_[k], -gradient_[k]);
    }
    const auto p = static_cast<std::size_t>(p_), n = static_cast<std::size_t>(n_);
    load.f[p] += value;
    load.f[n] -= value;
    load.fEquivalent[p] += equivalent;
    load.fEquivalent[n] -= equivalent;
    load.f[0] = load.fEquivalent[0] = 0.0;
}

std::vector<Unknown> BehavioralSource::terminals() const {
    std::vector<Unknown> result{p_, n_};
    for (const auto& variable : variables_)
        if (!variable.branchOwner) result.push_back(variable.node);
    return result;
}

std::vector<DcEdge> BehavioralSource::dcPaths() const {
    if (output_ == Output::Voltage) return {{p_, n_}};
    return {};
}

} // namespace cablespice::solver
