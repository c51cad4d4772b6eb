#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/mna/entry_kind.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/slot.hpp"
#include "solver/mna/sparse_pattern.hpp"

#include <array>
#include <cassert>
#include <vector>

namespace cablespice::solver {

// A dense m x m admittance block between m terminals whose voltages are measured against
// their own reference nodes: port voltage V_i = v(t_i) - v(r_i), terminal current I = M V
// enters t_i and leaves r_i. In node terms this is P^T M P (P maps node voltages to port
// voltages), so each M(i,j) lands on (t_i,t_j), (t_i,r_j), (r_i,t_j), (r_i,r_j) with signs
// + - - +. A grounded reference goes to the bucket; the stamp stays branch-free.
// Used for the shunt G/C of cable sections and the exact two-port blocks of lines.
class ReferencedBlock {
public:
    ReferencedBlock() = default;
    ReferencedBlock(std::vector<Unknown> terminals, std::vector<Unknown> references)
        : terminals_(std::move(terminals)), references_(std::move(references)) {
        assert(terminals_.size() == references_.size() && "one reference per terminal");
    }

    int size() const { return static_cast<int>(terminals_.size()); }

    void declare(PatternBuilder& pattern, EntryKind kind) const {
        for (std::size_t i = 0; i < terminals_.size(); ++i)
            for (std::size_t j = 0; j < terminals_.size(); ++j) {
                pattern.add(terminals_[i], terminals_[j], kind);
                pattern.add(terminals_[i], references_[j], kind);
                pattern.add(references_[i], terminals_[j], kind);
                pattern.add(references_[i], references_[j], kind);
            }
    }

    void bind(const SparsePattern& pattern) {
        slots_.clear();
        slots_.reserve(terminals_.size() * terminals_.size());
        for (std::size_t i = 0; i < terminals_.size(); ++i)
            for (std::size_t j = 0; j < terminals_.size(); ++j)
                slots_.push_back({pattern.slot(terminals_[i], terminals_[j]), pattern.slot(terminals_[i], references_[j]),
                                  pattern.slot(references_[i], terminals_[j]),
                                  pattern.slot(references_[i], references_[j])});
    }

    // values += scale * P^T M P. M is any matrix type with operator()(i, j).
    template <class Values, class Matrix, class Scalar>
    void stamp(Values& values, const Matrix& m, Scalar scale) const {
        const int n = size();
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const auto& s = slots_[static_cast<std::size_t>(i * n + j)];
                const auto y = scale * m(i, j);
                values.add(s[0], y);
                values.add(s[1], -y);
                values.add(s[2], -y);
                values.add(s[3], y);
            }
    }

    const std::vector<Unknown>& terminals() const { return terminals_; }
    const std::vector<Unknown>& references() const { return references_; }

private:
    std::vector<Unknown> terminals_;
    std::vector<Unknown> references_;
    std::vector<std::array<Slot, 4>> slots_;
};

} // namespace cablespice::solver
