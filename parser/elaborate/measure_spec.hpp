#pragma once
#include "parser/ast/expression_ast.hpp"
#include "parser/elaborate/output_request.hpp"
#include "parser/grammar/expression_evaluator.hpp"
#include "solver/analysis/noise_integral.hpp"
#include "solver/support/source_range.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::elab {

// A vector function call inside a measurement expression: v(out), vdb(a,b), i(v1), ...
struct MeasureVectorCall {
    expr::NodeIndex node = 0;  // the CallNode in MeasureExpression::parsed
    OutputQuantity quantity = OutputQuantity::Voltage;
    OutputPart part = OutputPart::Value;
    std::string first;   // node or element name (for .meas cmrr: adm, acm or cmrr), lower-case
    std::string second;  // v(a,b): b; empty otherwise
    std::string text;    // canonical spelling, e.g. "vdb(out)"
    SourceRange range;
};

// The output vector a call reads, to be located as any .print item is.
inline OutputVector outputVectorOf(const MeasureVectorCall& call) {
    return {call.quantity, call.part, call.first, call.second, call.text, call.range, {}};
}

// One expression of a .meas card, parsed and checked when the card is read. Identifiers are
// .param names (their values are captured in MeasureSpec::params) or, in PARAM=, names of
// earlier measurements.
struct MeasureExpression {
    std::string text;
    SourceLoc start;  // where `text` begins in its file
    SourceRange range;
    expr::Expression parsed;
    std::vector<MeasureVectorCall> vectors;
    // True when the expression references no vector function (a constant or PARAM= formula).
    bool constant() const { return vectors.empty(); }
};

enum class MeasureKind { Find, When, TrigTarg, Max, Min, Pp, Avg, Rms, Integ, Param, Thd, ThdDb };
enum class MeasureEdge { Cross, Rise, Fall };

// A crossing condition: WHEN lhs=rhs, TRIG lhs VAL=rhs, TARG lhs VAL=rhs, or TRIG/TARG AT=x.
struct MeasureEvent {
    std::optional<MeasureExpression> lhs;
    std::optional<MeasureExpression> rhs;  // VAL= or right side of WHEN (may hold vectors)
    std::optional<double> at;              // TRIG AT=x / TARG AT=x: a fixed scale value
    MeasureEdge edge = MeasureEdge::Cross;
    int count = 1;      // the n-th crossing of `edge`
    bool last = false;  // the last crossing of `edge` (CROSS=LAST, RISE=LAST, FALL=LAST, LAST)
    double td = 0.0;    // crossings before TD are not counted
    SourceRange origin;
};

// A parsed .meas card (ngspice syntax). Evaluated after the analysis it names has run.
//   FIND expr AT=x                     kind Find, target, at
//   FIND expr WHEN a=b [CROSS=..]      kind Find, target, when
//   WHEN a=b [CROSS=..]                kind When, when (result: the scale value)
//   TRIG ... TARG ...                  kind TrigTarg, trig, targ (result: targ - trig)
//   MAX|MIN|PP|AVG|RMS|INTEG expr      target, from, to
//   INTEG density [WEIGHT=A]           .meas noise: the rms noise sqrt(integral of density^2 df), weighting
//   FIND onoise_total                  .meas noise: integratedNoise (the Integrated Noise plot, one point)
//   PARAM='expr'                       kind Param, target (earlier results and .params)
//   THD|THD_DB expr FUND=f [NHARM=n]   kind Thd/ThdDb, target, fundamental, harmonics, from, to
//   ... PASS=condition                 any kind: whether the result passes (yield of a .step run)
struct MeasureSpec {
    std::string name;      // lower-case
    PrintAnalysis analysis = PrintAnalysis::Tran;  // Dc, Ac, Tran, Cmrr (expressions name adm, acm, cmrr), Noise
    MeasureKind kind = MeasureKind::Find;
    std::optional<MeasureExpression> target;
    std::optional<double> at, from, to;
    std::optional<MeasureEvent> when, trig, targ;
    std::optional<double> fundamental;  // THD: FUND=
    int harmonics = 10;                 // THD: NHARM=, rows as .four counts them (DC, 1 .. n-1)
    solver::NoiseWeighting weighting = solver::NoiseWeighting::None;  // .meas noise INTEG: WEIGHT=
    bool integratedNoise = false;  // .meas noise FIND onoise_total, inoise_total, onoise_total_NAME, ...
    std::optional<MeasureExpression> pass;  // PASS=condition (names this and earlier results): the yield
    // Values of the .param names the expressions use, captured at elaboration.
    std::map<std::string, double, std::less<>> params;
    // .func definitions the expressions call, captured at elaboration.
    std::map<std::string, expr::UserFunction, std::less<>> functions;
    SourceRange origin;
};

// A {expression} item of .print/.plot: a measurement expression with the .param values and
// .func definitions it uses, captured when the card is read.
struct OutputExpression {
    MeasureExpression expression;
    std::map<std::string, double, std::less<>> params;
    std::map<std::string, expr::UserFunction, std::less<>> functions;
};

} // namespace cablespice::elab
