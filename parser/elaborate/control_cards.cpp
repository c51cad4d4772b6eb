#include "parser/elaborate/control_cards.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "parser/elaborate/analysis_cards.hpp"
#include "parser/elaborate/four_cards.hpp"
#include "parser/elaborate/wave_cards.hpp"
#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/model_cards.hpp"
#include "parser/elaborate/option_cards.hpp"
#include "parser/elaborate/step_cards.hpp"
#include "parser/elaborate/output_cards.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/analysis/dc_sweep.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <array>

namespace cablespice::elab {

namespace {

using CardHandler = void (*)(CardReader&, ElabContext&);

struct ControlCard {
    std::string_view keyword;
    CardHandler handle;
};

constexpr std::array<ControlCard, 17> kControlCards = {{
    {".four", readFour},
    {".wave", readWave},
    {".meas", readMeasure},
    {".measure", readMeasure},
    {".step", readStep},
    {".model", readModel},
    {".print", readPrint},
    {".plot", readPlot},
    {".save", readSave},
    {".probe", readSave},  // PSpice/Xyce: the vectors to keep, as .save
    {".options", readOptions},
    {".option", readOptions},
    {".opt", readOptions},
    {".ic", readInitialConditions},
    {".nodeset", readNodesets},
    {".temp", readTemperature},
    {".width", [](CardReader& reader, ElabContext&) { reader.seek(reader.card().tokens.size()); }},
}};

// The reader of each analysis card; its keyword is the kind's (analysis_kinds.hpp).
struct AnalysisCard {
    PrintAnalysis kind;
    CardHandler handle;
};

constexpr std::array<AnalysisCard, 7> kAnalysisCards = {{
    {PrintAnalysis::Op, readOp},     {PrintAnalysis::Dc, readDc},       {PrintAnalysis::Ac, readAc},
    {PrintAnalysis::Tran, readTran}, {PrintAnalysis::Cmrr, readCmrr},   {PrintAnalysis::Noise, readNoise},
    {PrintAnalysis::Sens, readSens},
}};

CardHandler handlerOf(std::string_view keyword) {
    if (auto kind = analysisOfCard(keyword))
        for (const auto& card : kAnalysisCards)
            if (card.kind == *kind) return card.handle;
    for (const auto& control : kControlCards)
        if (control.keyword == keyword) return control.handle;
    return nullptr;
}

// Cards from SPICE and from cablespice's own roadmap that this version does not implement.
constexpr std::array<std::string_view, 6> kNotYetSupported = {
    ".global", ".tf", ".pz", ".disto", ".title", ".csparam"};

} // namespace

void handleControlCard(const ast::Card& card, ElabContext& context) {
    const ast::Token& head = card.tokens.front();
    std::string keyword = toLower(head.text);
    if (CardHandler handle = handlerOf(keyword)) {
        // A point on a reused circuit runs one point of a grid the first elaboration read.
        if (context.skipsLiteralElements() && handle == readStep) return;
        CardReader reader = context.reader(card);
        handle(reader, context);
        return;
    }
    for (auto later : kNotYetSupported)
        if (later == keyword) {
            context.sink().warning(head.range, keyword + " is not supported yet; card ignored");
            return;
        }
    context.sink().warning(head.range, "unknown control card '" + head.text + "' ignored");
}

namespace {

bool isIndependentSource(const solver::Device* device) {
    return dynamic_cast<const solver::VoltageSource*>(device) || dynamic_cast<const solver::CurrentSource*>(device);
}

} // namespace

namespace {

void checkSource(ElabContext& context, const std::string& name, SourceRange origin, const char* role) {
    if (isIndependentSource(context.circuit().findDevice(name))) return;
    context.sink().error(origin, std::string(role) + " '" + name + "' is not an independent voltage or current source in this netlist");
}

// The output v(pos[,neg]) of a .cmrr or .noise card as unknowns (neg absent: ground).
template <class Spec>
void resolveOutputNodes(ElabContext& context, Spec& spec, SourceRange origin, std::string_view card) {
    const auto& nodes = context.circuit().nodes();
    auto positive = nodes.findNode(spec.outputPositiveNode);
    auto negative = spec.outputNegativeNode.empty() ? std::optional<solver::Unknown>(solver::kGround)
                                                    : nodes.findNode(spec.outputNegativeNode);
    if (!positive || !negative) {
        context.sink().error(origin, "no node named '" + (positive ? spec.outputNegativeNode : spec.outputPositiveNode) +
                                         "' for the " + std::string(card) + " output");
        return;
    }
    spec.outputPositive = *positive;
    spec.outputNegative = *negative;
}

void resolveCmrr(ElabContext& context, solver::CmrrSpec& spec, SourceRange origin) {
    checkSource(context, spec.dmSource, origin, ".cmrr differential-mode source");
    checkSource(context, spec.cmSource, origin, ".cmrr common-mode source");
    resolveOutputNodes(context, spec, origin, analysisCard(PrintAnalysis::Cmrr));
}

void resolveNoise(ElabContext& context, solver::NoiseSpec& spec, SourceRange origin) {
    checkSource(context, spec.inputSource, origin, ".noise input source");
    resolveOutputNodes(context, spec, origin, analysisCard(PrintAnalysis::Noise));
    // ngspice 39 writes each element's noise when PTS_PER_SUMMARY is given.
    spec.contributions = context.deck().options.noiseContributions || spec.pointsPerSummary > 0;
}

// i(vsrc): the output is that voltage source's branch current.
void resolveSensCurrent(ElabContext& context, solver::SensSpec& spec, SourceRange origin) {
    const auto* source = dynamic_cast<const solver::VoltageSource*>(context.circuit().findDevice(spec.outputSource));
    if (!source) {
        context.sink().error(origin, ".sens output i(" + spec.outputSource + "): '" + spec.outputSource +
                                         "' is not an independent voltage source in this netlist");
        return;
    }
    spec.outputPositive = source->branchCurrent();
    spec.outputNegative = solver::kGround;
}

void resolveSens(ElabContext& context, solver::SensSpec& spec, SourceRange origin) {
    if (spec.outputSource.empty())
        resolveOutputNodes(context, spec, origin, analysisCard(PrintAnalysis::Sens));
    else
        resolveSensCurrent(context, spec, origin);
}

} // namespace

void checkAnalysisReferences(ElabContext& context) {
    for (auto& analysis : context.deck().analyses) {
        if (auto* cmrr = std::get_if<solver::CmrrSpec>(&analysis.kind)) resolveCmrr(context, *cmrr, analysis.origin);
        if (auto* noise = std::get_if<solver::NoiseSpec>(&analysis.kind)) resolveNoise(context, *noise, analysis.origin);
        if (auto* sens = std::get_if<solver::SensSpec>(&analysis.kind)) resolveSens(context, *sens, analysis.origin);
    }
    // .sens cmrr budgets the deck's (first) .cmrr.
    const solver::CmrrSpec* cmrr = nullptr;
    for (const auto& analysis : context.deck().analyses)
        if (!cmrr) cmrr = std::get_if<solver::CmrrSpec>(&analysis.kind);
    for (auto& analysis : context.deck().analyses)
        if (auto* budget = std::get_if<solver::ImbalanceBudgetSpec>(&analysis.kind)) {
            if (cmrr) budget->cmrr = *cmrr;
            else context.sink().error(analysis.origin, ".sens cmrr needs a .cmrr analysis in the deck");
        }
    for (const auto& analysis : context.deck().analyses) {
        const auto* dc = std::get_if<solver::DcSweepSpec>(&analysis.kind);
        if (!dc) continue;
        for (const auto& sweep : dc->sweeps) {
            const solver::Device* device = context.circuit().findDevice(sweep.source);
            if (dynamic_cast<const solver::Resistor*>(device)) {
                for (int k = 0; k < solver::sweepPointCount(sweep); ++k)
                    if (solver::sweepValue(sweep, k) == 0.0) {
                        context.sink().error(analysis.origin, "DC sweep of resistor '" + sweep.source + "' reaches 0 ohm");
                        break;
                    }
                continue;
            }
            if (isIndependentSource(device)) continue;
            context.sink().error(analysis.origin, "DC sweep source '" + sweep.source +
                                                      "' is not an independent voltage or current source or a resistor in this netlist");
        }
    }
}

} // namespace cablespice::elab
