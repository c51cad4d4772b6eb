#pragma once
// Device conformance harness (ARCHITECTURE B8), in the spirit of Eigen's
// check_sparse_square_solving: one generic set of checks run on every device type.
//
// A case builds a small circuit around the device under test (DUT): the DUT plus whatever it
// needs to exist (a sensing V source for F/H, inductors for K). Node names are resolved through
// a NodeMap so the harness can rebuild the same circuit with any one terminal tied to ground.
// Only the DUT is declared, bound and loaded; the helpers merely own branch currents.
//
// Checks:
//  1. declared: every value loadConstant writes lands on an entry the DUT declared, with the
//     right kind (G only on Resistive entries, C only on Reactive ones). Measured by binding the
//     DUT against a *dense* pattern (every (row, col) exists), so an undeclared write is visible
//     at its true position instead of vanishing in the bucket.
//  2. bucket: bound to its own pattern with no grounded terminal, the bucket stays exactly 0
//     (the bucket only absorbs ground writes). With a grounded terminal, the DUT's matrix equals
//     the floating matrix with that node's row and column deleted.
//  3. KCL: summed over the node rows, every column of G and C is zero (the device's terminal
//     currents and charges sum to zero for any x). Excitations: the node entries of b sum to 0.
//  4. idempotent and additive: loadConstant into fresh arrays twice gives identical values;
//     loading into pre-filled arrays adds to them (never overwrites shared slots).
#include "solver/circuit/circuit.hpp"
#include "solver/circuit/device.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "tests/support/dense_oracle.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <complex>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cablespice::test {

// Resolves node names while building a case; `grounded` (if set) is replaced by ground.
struct NodeMap {
    solver::Circuit& circuit;
    std::optional<std::string> grounded;

    solver::Unknown operator()(std::string_view name) const {
        if (grounded && name == *grounded) return solver::kGround;
        return circuit.nodes().node(name);
    }
};

struct ConformanceCase {
    std::string label;
    std::string dut;                      // name of the device under test
    std::vector<std::string> terminals;   // DUT node names; each is grounded once in check 2
    std::function<void(solver::Circuit&, const NodeMap&)> build;
};

namespace conformance_detail {

using solver::Circuit;
using solver::Device;
using solver::EntryKind;
using solver::MatrixValues;
using solver::PatternBuilder;
using solver::SparsePattern;
using solver::Unknown;
using solver::UnknownType;

// A circuit built for one variant, with unknowns allocated (finalize() is not used: it would
// load every helper device too).
struct Prepared {
    Circuit circuit;
    Device* dut = nullptr;
};

inline void prepare(Prepared& p, const ConformanceCase& c, std::optional<std::string> grounded) {
    NodeMap map{p.circuit, std::move(grounded)};
    c.build(p.circuit, map);
    for (const auto& device : p.circuit.devices()) device->allocateUnknowns(p.circuit.nodes());
    p.dut = p.circuit.findDevice(c.dut);
    REQUIRE(p.dut != nullptr);
}

inline std::map<std::pair<Unknown, Unknown>, std::uint8_t> declaredEntries(const Device& dut, int n) {
    PatternBuilder builder(n);
    dut.declareEntries(builder);
    std::map<std::pair<Unknown, Unknown>, std::uint8_t> declared;
    for (const auto& e : builder.entries()) {
        REQUIRE(e.row >= 1);
        REQUIRE(e.row <= n);
        REQUIRE(e.col >= 1);
        REQUIRE(e.col <= n);
        declared[{e.row, e.col}] |= static_cast<std::uint8_t>(e.kind);
    }
    return declared;
}

inline SparsePattern densePattern(int n) {
    PatternBuilder builder(n);
    for (Unknown r = 1; r <= n; ++r)
        for (Unknown c = 1; c <= n; ++c) builder.add(r, c, EntryKind::Both);
    return SparsePattern(builder);
}

struct Loaded {
    MatrixValues g, c;
};

inline Loaded load(const Device& dut, int nnz, double prefill = 0.0) {
    Loaded l{MatrixValues(nnz), MatrixValues(nnz)};
    for (auto& v : l.g.all()) v = prefill;
    for (auto& v : l.c.all()) v = prefill;
    solver::ConstantLoad constant{l.g, l.c};
    dut.loadConstant(constant);
    return l;
}

inline std::string unknownName(const Circuit& c, Unknown u) { return c.nodes().name(u); }

// Appends a message to `out` when `ok` is false.
class Violations {
public:
    void expect(bool ok, const std::string& what) {
        if (!ok) list_.push_back(what);
    }
    std::vector<std::string>& list() { return list_; }

private:
    std::vector<std::string> list_;
};

inline std::string entryName(const Circuit& c, Unknown r, Unknown col) {
    return "(" + unknownName(c, r) + ", " + unknownName(c, col) + ")";
}

inline void checkFloating(const ConformanceCase& c, Violations& out) {
    Prepared p;
    prepare(p, c, std::nullopt);
    const Circuit& circuit = p.circuit;
    const Device& dut = *p.dut;
    const int n = circuit.nodes().count();
    const auto declared = declaredEntries(dut, n);

    out.expect(declaredEntries(dut, n) == declared, "declareEntries is not deterministic");

    // 1. Every written value is on a declared entry of the right kind (dense binding).
    SparsePattern dense = densePattern(n);
    p.dut->bindSlots(dense);
    Loaded onDense = load(dut, dense.nnz());
    Eigen::MatrixXd g = denseMatrix(dense, onDense.g);
    Eigen::MatrixXd cap = denseMatrix(dense, onDense.c);
    out.expect(onDense.g[dense.bucket()] == 0.0 && onDense.c[dense.bucket()] == 0.0,
               "a write reached the bucket although no terminal is grounded (dense pattern)");
    bool wroteSomething = false;
    for (Unknown r = 1; r <= n; ++r)
        for (Unknown col = 1; col <= n; ++col) {
            auto it = declared.find({r, col});
            std::uint8_t kind = it == declared.end() ? 0 : it->second;
            if (g(r - 1, col - 1) != 0.0) {
                wroteSomething = true;
                out.expect(kind != 0, "G written at undeclared entry " + entryName(circuit, r, col));
                out.expect(kind == 0 || (kind & static_cast<std::uint8_t>(EntryKind::Resistive)) != 0,
                           "G written at an entry declared Reactive only " + entryName(circuit, r, col));
            }
            if (cap(r - 1, col - 1) != 0.0) {
                wroteSomething = true;
                out.expect(kind != 0, "C written at undeclared entry " + entryName(circuit, r, col));
                out.expect(kind == 0 || (kind & static_cast<std::uint8_t>(EntryKind::Reactive)) != 0,
                           "C written at an entry declared Resistive only " + entryName(circuit, r, col));
            }
        }
    out.expect(wroteSomething || declared.empty(), "entries declared but loadConstant wrote nothing");

    // 2. Bound to its own pattern: same matrix, and nothing reaches the bucket.
    PatternBuilder ownBuilder(n);
    dut.declareEntries(ownBuilder);
    SparsePattern own(ownBuilder);
    p.dut->bindSlots(own);
    Loaded onOwn = load(dut, own.nnz());
    out.expect(onOwn.g[own.bucket()] == 0.0 && onOwn.c[own.bucket()] == 0.0,
               "a write reached the bucket of the device's own pattern (undeclared entry)");
    out.expect(denseMatrix(own, onOwn.g) == g && denseMatrix(own, onOwn.c) == cap,
               "the device's own pattern gives another matrix than the dense pattern");

    // 3. KCL: over node rows, every column of G and C sums to zero.
    for (Unknown col = 1; col <= n; ++col) {
        double sumG = 0.0, sumC = 0.0, scale = 0.0;
        for (Unknown r = 1; r <= n; ++r) {
            if (circuit.nodes().type(r) != UnknownType::Voltage) continue;
            sumG += g(r - 1, col - 1);
            sumC += cap(r - 1, col - 1);
            scale += std::abs(g(r - 1, col - 1)) + std::abs(cap(r - 1, col - 1));
        }
        out.expect(std::abs(sumG) <= 1e-15 * scale, "KCL: node rows of G do not sum to zero in column " +
                                                       unknownName(circuit, col));
        out.expect(std::abs(sumC) <= 1e-15 * scale, "KCL: node rows of C do not sum to zero in column " +
                                                       unknownName(circuit, col));
    }

    // 4. Idempotent (fresh arrays, same values bit for bit) and additive (never overwrites).
    Loaded again = load(dut, own.nnz());
    out.expect(std::equal(onOwn.g.all().begin(), onOwn.g.all().end(), again.g.all().begin()) &&
                   std::equal(onOwn.c.all().begin(), onOwn.c.all().end(), again.c.all().begin()),
               "loadConstant is not idempotent");
    const double prefill = 0.25;
    Loaded onto = load(dut, own.nnz(), prefill);
    bool additive = true;
    for (solver::Slot s = 0; s <= own.nnz(); ++s)
        additive = additive && onto.g[s] == prefill + onOwn.g[s] && onto.c[s] == prefill + onOwn.c[s];
    out.expect(additive, "loadConstant overwrites values instead of adding to them");

    // Excitations: b over node rows sums to zero (current enters where it leaves), and the
    // DC load is linear in its scale.
    if (auto* source = dynamic_cast<const solver::ExcitationDevice*>(p.dut)) {
        std::vector<double> b(static_cast<std::size_t>(n) + 1, 0.0), b2 = b, b0 = b;
        source->loadDc(b, 1.0);
        source->loadDc(b2, 2.0);
        source->loadDc(b0, 0.0);
        std::vector<std::complex<double>> bac(static_cast<std::size_t>(n) + 1);
        source->loadAc(bac);
        double sum = 0.0;
        std::complex<double> sumAc = 0.0;
        bool linear = true;
        for (Unknown r = 1; r <= n; ++r) {
            linear = linear && b2[static_cast<std::size_t>(r)] == 2.0 * b[static_cast<std::size_t>(r)] &&
                     b0[static_cast<std::size_t>(r)] == 0.0;
            if (circuit.nodes().type(r) != UnknownType::Voltage) continue;
            sum += b[static_cast<std::size_t>(r)];
            sumAc += bac[static_cast<std::size_t>(r)];
        }
        out.expect(linear, "loadDc is not linear in its scale");
        out.expect(b[0] == 0.0, "loadDc wrote the ground bucket of b although no terminal is grounded");
        out.expect(sum == 0.0 && sumAc == 0.0, "KCL: node entries of b do not sum to zero");
    }
}

// Looks up the unknown with the same name (node or branch) in another variant.
inline Unknown sameUnknown(const Circuit& from, Unknown u, const Circuit& to) {
    const auto& name = from.nodes().name(u);
    auto found = from.nodes().type(u) == UnknownType::Voltage ? to.nodes().findNode(name)
                                                              : to.nodes().findBranch(name);
    REQUIRE(found.has_value());
    return *found;
}

inline void checkGrounded(const ConformanceCase& c, const std::string& groundedNode, Violations& out) {
    Prepared floating;
    prepare(floating, c, std::nullopt);
    const int nf = floating.circuit.nodes().count();
    SparsePattern dense = densePattern(nf);
    floating.dut->bindSlots(dense);
    Loaded full = load(*floating.dut, dense.nnz());
    Eigen::MatrixXd gFull = denseMatrix(dense, full.g), cFull = denseMatrix(dense, full.c);

    Prepared grounded;
    prepare(grounded, c, groundedNode);
    const int n = grounded.circuit.nodes().count();
    REQUIRE(n == nf - 1);
    PatternBuilder builder(n);
    grounded.dut->declareEntries(builder);
    SparsePattern own(builder);
    grounded.dut->bindSlots(own);
    Loaded reduced = load(*grounded.dut, own.nnz());
    Eigen::MatrixXd g = denseMatrix(own, reduced.g), cap = denseMatrix(own, reduced.c);

    for (Unknown r = 1; r <= n; ++r)
        for (Unknown col = 1; col <= n; ++col) {
            Unknown fr = sameUnknown(grounded.circuit, r, floating.circuit);
            Unknown fc = sameUnknown(grounded.circuit, col, floating.circuit);
            out.expect(g(r - 1, col - 1) == gFull(fr - 1, fc - 1) && cap(r - 1, col - 1) == cFull(fr - 1, fc - 1),
                       "grounding " + groundedNode + " changed entry " + entryName(grounded.circuit, r, col) +
                           " (expected the floating stamp with the ground row/column deleted)");
        }

    if (auto* source = dynamic_cast<const solver::ExcitationDevice*>(grounded.dut)) {
        auto* floatingSource = dynamic_cast<const solver::ExcitationDevice*>(floating.dut);
        std::vector<double> b(static_cast<std::size_t>(n) + 1, 0.0), bf(static_cast<std::size_t>(nf) + 1, 0.0);
        source->loadDc(b, 1.0);
        floatingSource->loadDc(bf, 1.0);
        for (Unknown r = 1; r <= n; ++r)
            out.expect(b[static_cast<std::size_t>(r)] ==
                           bf[static_cast<std::size_t>(sameUnknown(grounded.circuit, r, floating.circuit))],
                       "grounding " + groundedNode + " changed b at " + unknownName(grounded.circuit, r));
    }
}

} // namespace conformance_detail

// Every conformance violation of one case, as readable messages (empty when conformant).
inline std::vector<std::string> conformanceViolations(const ConformanceCase& c) {
    conformance_detail::Violations out;
    conformance_detail::checkFloating(c, out);
    for (const auto& terminal : c.terminals) conformance_detail::checkGrounded(c, terminal, out);
    return std::move(out.list());
}

// Runs every conformance check on one case and reports each violation.
inline void checkDeviceConformance(const ConformanceCase& c) {
    INFO("device case: " << c.label);
    auto violations = conformanceViolations(c);
    for (const auto& v : violations) FAIL_CHECK(v);
    CHECK(violations.empty());
}

} // namespace cablespice::test
