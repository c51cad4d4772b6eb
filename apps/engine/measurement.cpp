#include "apps/engine/measurement.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/engine/recorded_vector.hpp"
#include "apps/engine/vector_part.hpp"
#include "parser/grammar/expression_evaluator.hpp"
#include "solver/analysis/fourier.hpp"
#include "solver/analysis/noise_integral.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/output/complex_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <ostream>
#include <set>
#include <variant>

namespace cablespice::app {

namespace {

using elab::MeasureEdge;
using elab::MeasureEvent;
using elab::MeasureExpression;
using elab::MeasureKind;
using elab::MeasureSpec;

// Thrown inside one measurement's evaluation; becomes its failure reason.
struct MeasureFailure {
    std::string reason;
};

[[noreturn]] void fail(std::string reason) { throw MeasureFailure{std::move(reason)}; }

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string number(double value) { return fmt::format("{:.6g}", value); }

// Trims the blanks that keep expression texts at their source columns.
std::string describe(const MeasureExpression& expression) {
    std::string text;
    for (char c : expression.text)
        if (!(c == ' ' && (text.empty() || text.back() == ' '))) text += c;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

// Earlier measurement results, then the .param values captured with the card.
class MeasureScope final : public expr::Scope {
public:
    MeasureScope(const MeasureSpec& spec, const std::map<std::string, double, std::less<>>& results)
        : spec_(spec), results_(results) {}

    std::optional<double> value(std::string_view name) const override {
        if (auto it = results_.find(name); it != results_.end()) return it->second;
        if (auto it = spec_.params.find(name); it != spec_.params.end()) return it->second;
        return std::nullopt;
    }
    const expr::UserFunction* function(std::string_view name) const override {
        auto it = spec_.functions.find(name);
        return it == spec_.functions.end() ? nullptr : &it->second;
    }

private:
    const MeasureSpec& spec_;
    const std::map<std::string, double, std::less<>>& results_;
};

struct Series {
    std::vector<double> scale;
    std::vector<double> value;
    std::size_t size() const { return scale.size(); }
};

// A measurement expression bound to one analysis: vector calls become number nodes whose
// values are set per point before the ordinary expression evaluator runs.
class BoundExpression {
public:
    BoundExpression(const MeasureExpression& source, const elab::Deck& deck, const RecordedAnalysis* analysis,
                    const MeasureScope& scope, const std::set<std::string, std::less<>>& failed)
        : source_(source), expression_(source.parsed), analysis_(analysis), scope_(scope) {
        for (const auto& call : source.vectors) {
            if (!analysis) fail(call.text + " needs analysis results; PARAM= sees only measurements and .param values");
            bindings_.push_back(Binding{call.node, call.part, values(call, deck)});
            expression_.nodes[call.node].kind = expr::NumberNode{0.0};
        }
        checkNames(expression_.root, failed);
    }

    double at(std::size_t point) const {
        for (const auto& binding : bindings_)
            std::get<expr::NumberNode>(expression_.nodes[binding.node].kind).value =
                vectorPart(binding.part, binding.values[point], analysis_->info.complex);
        auto result = expr::evaluate(expression_, scope_);
        if (const auto* error = std::get_if<expr::EvalError>(&result)) {
            std::string where = analysis_ ? " at " + analysis_->info.scaleName + " = " + number(analysis_->scale[point]) : "";
            fail("cannot evaluate '" + describe(source_) + "'" + where + ": " + error->message);
        }
        return std::get<double>(result);
    }

    Series series() const {
        Series series{analysis_->scale, std::vector<double>(analysis_->points())};
        for (std::size_t p = 0; p < analysis_->points(); ++p) series.value[p] = at(p);
        return series;
    }

private:
    // A vector call's value at every point of the analysis.
    struct Binding {
        expr::NodeIndex node;
        elab::OutputPart part;
        std::vector<std::complex<double>> values;
    };

    std::vector<std::complex<double>> values(const elab::MeasureVectorCall& call, const elab::Deck& deck) const {
        auto located = RecordedVector::locate(elab::outputVectorOf(call), deck, *analysis_);
        if (const auto* reason = std::get_if<std::string>(&located)) fail(*reason);
        return std::get<RecordedVector>(located).values();
    }

    // A name that is a failed earlier measurement fails this one too, with that reason.
    void checkNames(expr::NodeIndex index, const std::set<std::string, std::less<>>& failed) const {
        const auto& node = expression_.node(index);
        std::visit(
            [&](const auto& kind) {
                using Kind = std::decay_t<decltype(kind)>;
                if constexpr (std::is_same_v<Kind, expr::IdentifierNode>) {
                    if (failed.count(kind.name)) fail("it uses measurement '" + kind.name + "', which failed");
                } else if constexpr (std::is_same_v<Kind, expr::UnaryNode>) {
                    checkNames(kind.operand, failed);
                } else if constexpr (std::is_same_v<Kind, expr::BinaryNode>) {
                    checkNames(kind.lhs, failed);
                    checkNames(kind.rhs, failed);
                } else if constexpr (std::is_same_v<Kind, expr::TernaryNode>) {
                    checkNames(kind.condition, failed);
                    checkNames(kind.whenTrue, failed);
                    checkNames(kind.whenFalse, failed);
                } else if constexpr (std::is_same_v<Kind, expr::CallNode>) {
                    for (auto argument : kind.args) checkNames(argument, failed);
                }
            },
            node.kind);
    }

    const MeasureExpression& source_;
    mutable expr::Expression expression_;
    const RecordedAnalysis* analysis_;
    const MeasureScope& scope_;
    std::vector<Binding> bindings_;
};

// The part of `series` with scale in [lo, hi], with interpolated points at the window edges.
Series window(const Series& series, double lo, double hi) {
    Series out;
    auto add = [&](double s, double v) {
        out.scale.push_back(s);
        out.value.push_back(v);
    };
    for (std::size_t p = 0; p < series.size(); ++p) {
        if (p > 0) {
            double s0 = series.scale[p - 1], s1 = series.scale[p];
            double v0 = series.value[p - 1], v1 = series.value[p];
            std::vector<double> edges;
            for (double edge : {lo, hi})
                if (edge > std::min(s0, s1) && edge < std::max(s0, s1)) edges.push_back(edge);
            if (s1 < s0) std::reverse(edges.begin(), edges.end());
            for (double edge : edges) add(edge, v0 + (v1 - v0) * (edge - s0) / (s1 - s0));
        }
        if (series.scale[p] >= lo && series.scale[p] <= hi) add(series.scale[p], series.value[p]);
    }
    return out;
}

double interpolate(const Series& series, double x) {
    for (std::size_t p = 0; p < series.size(); ++p)
        if (series.scale[p] == x) return series.value[p];
    for (std::size_t p = 1; p < series.size(); ++p) {
        double s0 = series.scale[p - 1], s1 = series.scale[p];
        if (s0 != s1 && x >= std::min(s0, s1) && x <= std::max(s0, s1))
            return series.value[p - 1] + (series.value[p] - series.value[p - 1]) * (x - s0) / (s1 - s0);
    }
    if (series.size() == 0) fail("the analysis has no points");
    auto [lo, hi] = std::minmax_element(series.scale.begin(), series.scale.end());
    fail(number(x) + " is outside the analysis range [" + number(*lo) + ", " + number(*hi) + "]");
}

double trapezoid(const Series& series, bool squared) {
    double sum = 0.0;
    for (std::size_t p = 1; p < series.size(); ++p) {
        double a = series.value[p - 1], b = series.value[p];
        if (squared) {
            a *= a;
            b *= b;
        }
        sum += 0.5 * (a + b) * (series.scale[p] - series.scale[p - 1]);
    }
    return sum;
}

const char* edgeName(MeasureEdge edge) {
    switch (edge) {
    case MeasureEdge::Rise: return "RISE";
    case MeasureEdge::Fall: return "FALL";
    case MeasureEdge::Cross: return "CROSS";
    }
    return "CROSS";
}

const char* edgeNoun(MeasureEdge edge, int count) {
    switch (edge) {
    case MeasureEdge::Rise: return count == 1 ? "rise" : "rises";
    case MeasureEdge::Fall: return count == 1 ? "fall" : "falls";
    case MeasureEdge::Cross: return count == 1 ? "crossing" : "crossings";
    }
    return "crossings";
}

class Evaluator {
public:
    Evaluator(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses) : deck_(deck), analyses_(analyses) {}

    MeasureResult evaluate(const MeasureSpec& spec) {
        MeasureResult result{spec.name, std::nullopt, {}, spec.origin, std::nullopt};
        if (spec.pass) result.passed = false;
        try {
            double value = compute(spec);
            if (std::isnan(value)) fail("the result is not a number");
            result.value = value;
            results_[spec.name] = value;
            if (spec.pass) result.passed = passes(spec);
        } catch (const MeasureFailure& failure) {
            result.value.reset();  // also when only PASS= failed
            results_.erase(spec.name);
            result.failureReason = failure.reason;
            failed_.insert(spec.name);
        }
        return result;
    }

private:
    // A PASS= condition that cannot be evaluated fails the measurement (with its reason).
    bool passes(const MeasureSpec& spec) {
        MeasureScope scope(spec, results_);
        return BoundExpression(*spec.pass, deck_, nullptr, scope, failed_).at(0) != 0.0;
    }

    double compute(const MeasureSpec& spec) {
        MeasureScope scope(spec, results_);
        if (spec.kind == MeasureKind::Param) return BoundExpression(*spec.target, deck_, nullptr, scope, failed_).at(0);
        if (spec.integratedNoise) return noiseTotal(spec, scope);
        const RecordedAnalysis* analysis = find(spec.analysis);
        if (!analysis) fail("no " + elab::analysisCard(spec.analysis) + " analysis results to measure");
        if (analysis->points() == 0) fail("the " + elab::analysisCard(spec.analysis) + " analysis has no points");
        bool tran = spec.analysis == elab::PrintAnalysis::Tran;
        double lo = spec.from.value_or(-kInfinity), hi = spec.to.value_or(kInfinity);
        if (lo > hi) fail("FROM=" + number(lo) + " is after TO=" + number(hi));

        switch (spec.kind) {
        case MeasureKind::Find: {
            Series target = BoundExpression(*spec.target, deck_, analysis, scope, failed_).series();
            if (spec.at) return interpolate(target, *spec.at);
            double at = eventScale(*spec.when, analysis, scope, lo, hi, tran);
            return interpolate(target, at);
        }
        case MeasureKind::When: return eventScale(*spec.when, analysis, scope, lo, hi, tran);
        case MeasureKind::TrigTarg: {
            double trig = eventScale(*spec.trig, analysis, scope, -kInfinity, kInfinity, tran);
            double targ = eventScale(*spec.targ, analysis, scope, -kInfinity, kInfinity, tran);
            return targ - trig;
        }
        case MeasureKind::Thd:
        case MeasureKind::ThdDb: return distortion(spec, analysis, scope, lo, hi);
        case MeasureKind::Integ:
            if (spec.analysis == elab::PrintAnalysis::Noise) return noiseRms(spec, analysis, scope, lo, hi);
            break;
        default: break;
        }

        Series series = window(BoundExpression(*spec.target, deck_, analysis, scope, failed_).series(), lo, hi);
        if (series.size() == 0) fail("no points of the analysis lie in the FROM/TO window");
        const auto& v = series.value;
        switch (spec.kind) {
        case MeasureKind::Max: return *std::max_element(v.begin(), v.end());
        case MeasureKind::Min: return *std::min_element(v.begin(), v.end());
        case MeasureKind::Pp: return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
        case MeasureKind::Integ: return trapezoid(series, false);
        case MeasureKind::Avg:
        case MeasureKind::Rms: {
            double span = series.scale.back() - series.scale.front();
            if (series.size() < 2 || span == 0.0) fail("the FROM/TO window is empty");
            if (spec.kind == MeasureKind::Avg) return trapezoid(series, false) / span;
            return std::sqrt(trapezoid(series, true) / span);
        }
        default: break;
        }
        fail("unsupported measurement");
    }

    // THD over the whole periods of FUND in [FROM, TO] that end at TO (default: the last
    // period, as .four), from the same Fourier sums as .four.
    double distortion(const MeasureSpec& spec, const RecordedAnalysis* analysis, const MeasureScope& scope, double lo,
                      double hi) {
        Series series = BoundExpression(*spec.target, deck_, analysis, scope, failed_).series();
        const double fundamental = *spec.fundamental;
        const double end = std::min(hi, series.scale.back());
        const double start = std::max(lo, series.scale.front());
        const bool windowed = spec.from || spec.to;
        const int periods = windowed ? solver::wholePeriods(start, end, fundamental) : 1;
        if (periods < 1)
            fail("the window [" + number(start) + ", " + number(end) + "] is shorter than one period of FUND=" +
                 number(fundamental));
        auto outcome = solver::fourierAnalysis(series.scale, series.value,
                                               solver::FourierRequest{fundamental, spec.harmonics, end, periods, 200});
        if (!outcome.result) fail(outcome.error);
        const double thd = outcome.result->thd;
        if (spec.kind == MeasureKind::Thd) return thd;
        if (!(thd > 0.0)) fail("the THD is zero, which has no value in dB");
        return solver::decibels(thd);
    }

    // INTEG on a noise density (LTspice's definition): the rms noise sqrt(integral of density^2 df)
    // over [FROM, TO] clipped to the sweep, by the integrator of the .noise totals and
    // --noise-report, optionally A-weighted.
    double noiseRms(const MeasureSpec& spec, const RecordedAnalysis* analysis, const MeasureScope& scope, double lo,
                    double hi) {
        Series density = BoundExpression(*spec.target, deck_, analysis, scope, failed_).series();
        const double sweepLow = density.scale.front(), sweepHigh = density.scale.back();
        if (density.size() < 2) fail("the .noise sweep has one frequency: there is no band to integrate");
        if (lo >= sweepHigh || hi <= sweepLow)
            fail("the FROM/TO band misses the .noise sweep [" + number(sweepLow) + ", " + number(sweepHigh) + "] Hz");
        const double low = std::max(lo, sweepLow), high = std::min(hi, sweepHigh);
        return std::sqrt(solver::bandNoisePower(density.scale, density.value, low, high, spec.weighting));
    }

    // FIND onoise_total, ...: the one point of the Integrated Noise plot that follows the first
    // .noise spectrum (the plot the other .meas noise measure).
    double noiseTotal(const MeasureSpec& spec, const MeasureScope& scope) {
        const RecordedAnalysis* spectrum = find(elab::PrintAnalysis::Noise);
        if (!spectrum) fail("no .noise analysis results to measure");
        const RecordedAnalysis* integrated = spectrum + 1;
        if (integrated == analyses_.data() + analyses_.size() ||
            integrated->info.plotName != solver::plot_names::kIntegratedNoise || integrated->points() != 1)
            fail("the .noise sweep stopped before its end: it has no Integrated Noise plot");
        return BoundExpression(*spec.target, deck_, integrated, scope, failed_).at(0);
    }

    // The first plot recorded by an analysis card of that kind (a .noise card's spectra come
    // before its integrated noise).
    const RecordedAnalysis* find(elab::PrintAnalysis analysis) const {
        for (std::size_t k = 0; k < analyses_.size(); ++k) {
            const std::size_t card = analysisIndexOfPlot(analyses_, k);
            if (card < deck_.analyses.size() && elab::analysisKind(deck_.analyses[card]).print == analysis) return &analyses_[k];
        }
        return nullptr;
    }

    // The scale value where the event's condition holds the requested time.
    double eventScale(const MeasureEvent& event, const RecordedAnalysis* analysis, const MeasureScope& scope, double lo,
                      double hi, bool tran) {
        if (event.at) return *event.at;
        Series lhs = BoundExpression(*event.lhs, deck_, analysis, scope, failed_).series();
        BoundExpression rhs(*event.rhs, deck_, analysis, scope, failed_);
        for (std::size_t p = 0; p < lhs.size(); ++p) lhs.value[p] -= rhs.at(p);
        if (tran) lo = std::max(lo, event.td);
        Series d = window(lhs, lo, hi);
        std::string condition = describe(*event.lhs) + "=" + describe(*event.rhs);

        int matched = 0;
        std::optional<double> last;
        for (std::size_t p = 1; p < d.size(); ++p) {
            double d0 = d.value[p - 1], d1 = d.value[p];
            int direction = d0 < 0 && d1 >= 0 ? 1 : d0 > 0 && d1 <= 0 ? -1 : 0;
            if (direction == 0) continue;
            bool counts = event.edge == MeasureEdge::Cross || (event.edge == MeasureEdge::Rise && direction > 0) ||
                          (event.edge == MeasureEdge::Fall && direction < 0);
            if (!counts) continue;
            double s0 = d.scale[p - 1], s1 = d.scale[p];
            double at = s0 + (0.0 - d0) * (s1 - s0) / (d1 - d0);
            ++matched;
            if (event.last) last = at;
            else if (matched == event.count) return at;
        }
        if (last) return *last;
        if (matched == 0) fail("condition " + condition + " is never met (no " + edgeNoun(event.edge, 0) + ")");
        fail("condition " + condition + ": only " + std::to_string(matched) + " " + edgeNoun(event.edge, matched) +
             ", " + edgeName(event.edge) + "=" + std::to_string(event.count) + " requested");
    }

    const elab::Deck& deck_;
    const std::vector<RecordedAnalysis>& analyses_;
    std::map<std::string, double, std::less<>> results_;
    std::set<std::string, std::less<>> failed_;
};

} // namespace

bool measuresElementNoise(const elab::Deck& deck) {
    auto elementVector = [](const elab::MeasureVectorCall& call) {
        for (std::string_view whole : {"onoise_spectrum", "inoise_spectrum", "onoise_total", "inoise_total"})
            if (call.first == whole) return false;
        return true;
    };
    auto names = [&](const std::optional<MeasureExpression>& expression) {
        return expression && std::any_of(expression->vectors.begin(), expression->vectors.end(), elementVector);
    };
    auto eventNames = [&](const std::optional<MeasureEvent>& event) {
        return event && (names(event->lhs) || names(event->rhs));
    };
    return std::any_of(deck.measures.begin(), deck.measures.end(), [&](const MeasureSpec& spec) {
        return spec.analysis == elab::PrintAnalysis::Noise &&
               (names(spec.target) || eventNames(spec.when) || eventNames(spec.trig) || eventNames(spec.targ));
    });
}

std::vector<MeasureResult> evaluateMeasures(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses) {
    Evaluator evaluator(deck, analyses);
    std::vector<MeasureResult> results;
    results.reserve(deck.measures.size());
    for (const auto& spec : deck.measures) results.push_back(evaluator.evaluate(spec));
    return results;
}

void printMeasures(const std::vector<MeasureResult>& results, const std::string& stepSuffix, std::ostream& out) {
    std::string suffix = stepSuffix.empty() ? "" : " " + stepSuffix;
    for (const auto& result : results) {
        if (result.value) out << fmt::format("{} = {:.9g}{}\n", result.name, *result.value, suffix);
        else out << fmt::format("{} = failed{}: {}\n", result.name, suffix, result.failureReason);
    }
}

} // namespace cablespice::app
