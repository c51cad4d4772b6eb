#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/mna/entry_kind.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"

namespace cablespice::solver {

// The four entries of a two-terminal admittance between nodes a and b.
struct ConductanceSlots {
    Slot aa = 0, ab = 0, ba = 0, bb = 0;

    static void declare(PatternBuilder& pattern, Unknown a, Unknown b, EntryKind kind) {
        pattern.add(a, a, kind);
        pattern.add(a, b, kind);
        pattern.add(b, a, kind);
        pattern.add(b, b, kind);
    }
    static ConductanceSlots bind(const SparsePattern& pattern, Unknown a, Unknown b) {
        return {pattern.slot(a, a), pattern.slot(a, b), pattern.slot(b, a), pattern.slot(b, b)};
    }
    template <class Values, class Scalar>
    void stamp(Values& values, Scalar y) const {
        values.add(aa, y);
        values.add(ab, -y);
        values.add(ba, -y);
        values.add(bb, y);
    }
};

// KCL incidence of a branch current k flowing from p through the element to n,
// and the branch equation's dependence on v(p) - v(n).
struct BranchSlots {
    Slot pk = 0, nk = 0, kp = 0, kn = 0;

    static void declare(PatternBuilder& pattern, Unknown p, Unknown n, Unknown k) {
        pattern.add(p, k, EntryKind::Resistive);
        pattern.add(n, k, EntryKind::Resistive);
        pattern.add(k, p, EntryKind::Resistive);
        pattern.add(k, n, EntryKind::Resistive);
    }
    static BranchSlots bind(const SparsePattern& pattern, Unknown p, Unknown n, Unknown k) {
        return {pattern.slot(p, k), pattern.slot(n, k), pattern.slot(k, p), pattern.slot(k, n)};
    }
    // Current leaves p into the element and enters n; branch row reads v(p) - v(n).
    void stamp(MatrixValues& g) const {
        g.add(pk, 1.0);
        g.add(nk, -1.0);
        g.add(kp, 1.0);
        g.add(kn, -1.0);
    }
};

// A controlled-source transconductance: current gm*v(cp,cn) from p to n (through the source).
struct TransconductanceSlots {
    Slot pcp = 0, pcn = 0, ncp = 0, ncn = 0;

    static void declare(PatternBuilder& pattern, Unknown p, Unknown n, Unknown cp, Unknown cn) {
        pattern.add(p, cp, EntryKind::Resistive);
        pattern.add(p, cn, EntryKind::Resistive);
        pattern.add(n, cp, EntryKind::Resistive);
        pattern.add(n, cn, EntryKind::Resistive);
    }
    static TransconductanceSlots bind(const SparsePattern& pattern, Unknown p, Unknown n, Unknown cp, Unknown cn) {
        return {pattern.slot(p, cp), pattern.slot(p, cn), pattern.slot(n, cp), pattern.slot(n, cn)};
    }
    void stamp(MatrixValues& g, double gm) const {
        g.add(pcp, gm);
        g.add(pcn, -gm);
        g.add(ncp, -gm);
        g.add(ncn, gm);
    }
};

} // namespace cablespice::solver
