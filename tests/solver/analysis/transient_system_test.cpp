// TransientSystem keeps the previous step size's factorization: going back to it costs nothing,
// and every solve is that of G + alpha0*C for the alpha0 asked for last.
#include "solver/analysis/transient_system.hpp"

#include "../../support/circuit_builders.hpp"
#include "../../support/dense_oracle.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <vector>

using namespace cablespice::test;

namespace {

// A series RLC with a second RC branch: capacitor charges and an inductor flux, so alpha0
// changes both kinds of rows.
void buildRlc(Circuit& c, const KluSettings& settings) {
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "a", 10.0);
    addInductor(c, "l1", "a", "b", 1e-3);
    addCapacitor(c, "c1", "b", "0", 1e-6);
    addResistor(c, "r2", "b", "d", 100.0);
    addCapacitor(c, "c2", "d", "0", 2e-6);
    c.finalize(settings);
}

// Solves (G + alpha0*C) x = b with the system and with Eigen's dense LU of the same matrix.
void checkSolve(TransientSystem& system, const Circuit& c, double alpha0) {
    const int n = c.pattern().size();
    std::vector<double> x(static_cast<std::size_t>(n) + 1, 0.0);
    Eigen::VectorXd b(n);
    for (int i = 0; i < n; ++i) {
        b(i) = 1.0 + 0.25 * i;
        x[static_cast<std::size_t>(i) + 1] = b(i);
    }
    system.solve(x);
    const Eigen::MatrixXd a = denseMatrix(c.pattern(), c.gConstant()) + alpha0 * denseMatrix(c.pattern(), c.cConstant());
    const Eigen::VectorXd reference = a.partialPivLu().solve(b);
    for (int i = 0; i < n; ++i) CHECK(x[static_cast<std::size_t>(i) + 1] == Approx(reference(i)).epsilon(1e-10).margin(1e-14));
}

int numericFactorizations(const TransientSystem& system) {
    return system.counters().factorizations + system.counters().refactorizations;
}

} // namespace

TEST_CASE("Going back to the previous step size reuses its factorization", "[tran]") {
    // Also with row-oriented copies (normally only past 100 k factor entries): the one set aside
    // is freed, and made again when its factorization comes back.
    KluSettings rowCopies;
    rowCopies.rowSolveMinEntries = 1;
    rowCopies.rowSolveAfterSolves = 0;
    const bool copied = GENERATE(false, true);
    INFO("row-oriented copies: " << copied);
    Circuit c;
    buildRlc(c, copied ? rowCopies : KluSettings{});
    TransientSystem system(c);
    const double h1 = 2.0 / 1e-6, h2 = 2.0 / 2e-6, h3 = 2.0 / 4e-6;  // alpha0 = 2/h, trapezoidal
    struct Step {
        double alpha0;
        bool factors;
    };
    // h1, h2, back to h1 and h2 (kept), h3 (replaces h1), h1 again (gone: factored anew).
    const Step steps[] = {{h1, true}, {h2, true}, {h1, false}, {h2, false}, {h3, true}, {h2, false}, {h1, true}};
    int expected = 0;
    for (const auto& step : steps) {
        INFO("alpha0 = " << step.alpha0);
        auto prepared = system.prepare(step.alpha0);
        REQUIRE(prepared.ok());
        CHECK(prepared.value() == step.factors);
        if (step.factors) ++expected;
        CHECK(numericFactorizations(system) == expected);
        checkSolve(system, c, step.alpha0);
    }
    CHECK(expected == 4);
}

TEST_CASE("Without the previous factorization every change of step size factors", "[tran]") {
    KluSettings settings;
    settings.previousFactorMaxEntries = 0;
    Circuit c;
    buildRlc(c, settings);
    TransientSystem system(c);
    const double h1 = 2.0 / 1e-6, h2 = 2.0 / 2e-6;
    for (double alpha0 : {h1, h2, h1, h2}) {
        auto prepared = system.prepare(alpha0);
        REQUIRE(prepared.ok());
        CHECK(prepared.value());
        checkSolve(system, c, alpha0);
    }
    CHECK(numericFactorizations(system) == 4);
    CHECK(system.counters().factorizations == 1);  // one pivot search, then refactors
}
