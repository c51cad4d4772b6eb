#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/deck.hpp"

#include <complex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cablespice::app {

// The one resolver from an output vector (v(out), vdb(a,b), i(v1), p(r1), a {expression}, or
// an own vector of the plot such as cmrr or vdb(acm)) to its values in a recorded analysis.
// .meas and the --plot figures both read recorded results through it; .print and the rawfile
// locate the same vectors (elab::locateVector) while the analysis runs.
class RecordedVector {
public:
    // `vector` in `analysis`, a plot of `deck`'s circuit; the reason when it is not there
    // ("no node named 'x' for v(x)", "... is not a vector of the CMRR Analysis", ...).
    static std::variant<RecordedVector, std::string> locate(const elab::OutputVector& vector, const elab::Deck& deck,
                                                            const RecordedAnalysis& analysis);

    // A vector of the circuit whose probe was located at elaboration (.four, .wave).
    static RecordedVector located(const elab::OutputVector& vector, const RecordedAnalysis& analysis);

    // Its value at every point, before any part (dB, phase, ...) is taken: a complex phasor in
    // AC, real otherwise; a {expression}'s real value.
    std::vector<std::complex<double>> values() const;

    // An own vector of the plot that is real although the plot is complex (cmrr, in dB).
    bool realValued() const { return realValued_; }

private:
    explicit RecordedVector(const RecordedAnalysis& analysis) : analysis_(&analysis) {}

    const RecordedAnalysis* analysis_;
    // An own vector of the plot (and v(a,b)'s reference b), read from its columns.
    std::size_t column_ = 0;
    std::optional<std::size_t> reference_;
    bool realValued_ = false;
    // A vector of the circuit, its probe or its expression's probes located in the deck.
    std::optional<elab::OutputVector> located_;
};

} // namespace cablespice::app
