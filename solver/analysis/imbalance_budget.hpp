#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

#include <complex>
#include <string>
#include <vector>

namespace cablespice::solver {

// The budget at one frequency.
struct ImbalanceBudgetPoint {
    double frequency = 0.0;
    std::complex<double> adm, acm;  // nominal
    double sdAcm = 0.0;             // sqrt(E|acm - acm0|^2) of the linear model
    double cmrrNominal = 0.0, cmrrMedian = 0.0, cmrrP1 = 0.0, cmrrP99 = 0.0;  // dB
    struct Element {
        std::string name;
        double sd = 0.0;              // the element value's standard deviation (element units)
        std::complex<double> dacm;    // d acm / d value
        double variance = 0.0;        // its part of E|acm - acm0|^2
    };
    std::vector<Element> elements;  // in circuit order
};

// `.sens cmrr`: at every frequency of the .cmrr sweep, one factorization, the common-mode and
// differential solutions x_cm, x_dm and one adjoint solve A^T y = e_out give acm, adm and
// d acm / d p_i = -y^T (dA/dp_i) x_cm for every toleranced element. The model (first order):
// acm = acm0 + sum_k a_k d_k over the independent draws d_k (zero mean, unit variance), with
// a_k = sum_i (d acm / d p_i)(d p_i / d d_k); (Re acm, Im acm) is taken as jointly normal with
// that covariance, and |acm| (Rice/Rayleigh-like, see ComplexGaussianModulus) gives the CMRR's
// median and 1 %/99 % points as 20 log10 |adm0| / |acm| (adm at its nominal value).
// Reports a complex plot "Imbalance Budget": frequency, adm, acm, sd_acm, cmrr (nominal),
// cmrr_median, cmrr_p1, cmrr_p99 (dB), and dacm_NAME, var_NAME per toleranced element. Returns
// the budget at spec.at exactly (one more point; default the sweep's first frequency).
Outcome<ImbalanceBudgetPoint> runImbalanceBudget(const Circuit& circuit, const ImbalanceBudgetSpec& spec,
                                                 SolutionObserver& observer, int threads = 1);

} // namespace cablespice::solver
