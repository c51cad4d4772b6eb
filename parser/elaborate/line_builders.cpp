#include "parser/elaborate/line_builders.hpp"

#include "parser/elaborate/cable_model_card.hpp"
#include "parser/elaborate/line_models.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "solver/devices/transmission_line_lossless.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

namespace cablespice::elab {

namespace {

const ParamSpec kLosslessLineParams[] = {
    {"z0", {"zo"}, "ohm", "characteristic impedance"},
    {"td", {}, "s", "delay"},
    {"f", {}, "Hz", "frequency at which the line is NL wavelengths long (TD = NL/F)"},
    {"nl", {}, "", "normalised length at F (default 0.25)"},
};

const ParamSpec kCoupledLineParams[] = {
    {"length", {"len"}, "m", "line length (overrides the model's LENGTH)"},
    {"method", {}, "", "lumped (default, every analysis) or exact (.ac and .op only)"},
    {"sections", {}, "", "number of pi sections for method=lumped, or auto (default)"},
};

bool positiveFinite(double v) { return v > 0.0 && std::isfinite(v); }

std::string quoted(const CardReader& reader) { return "'" + reader.head().text + "'"; }

bool hasTransient(const Deck& deck) {
    return std::any_of(deck.analyses.begin(), deck.analyses.end(),
                       [](const auto& a) { return std::holds_alternative<solver::TranSpec>(a.kind); });
}

enum class LineMethod { Lumped, Exact };

// What a P card asked for, kept until every analysis card has been read.
struct CoupledLineRequest {
    std::string name;
    SourceRange origin;
    std::vector<solver::Unknown> endA, endB;
    solver::Unknown refA = solver::kGround, refB = solver::kGround;
    LineModel model;
    double length = 0.0;
    LineMethod method = LineMethod::Lumped;
    SourceRange methodRange;
    std::optional<int> sections;  // nullopt: auto
    CableOverrides cableOverrides;  // dccs=, drleg_rel=, ... (cable models only)
};

// A line parameter of the P card itself, else a cable model's instance override.
const ParamSpec* findLineParam(std::string_view name) {
    if (const ParamSpec* spec = findParam(kCoupledLineParams, name)) return spec;
    return findParam(cableInstanceParams(), name);
}

std::string suggestLineParam(std::string_view name) {
    if (auto hint = suggestParam(kCoupledLineParams, name); !hint.empty()) return hint;
    return suggestParam(cableInstanceParams(), name);
}

// method=, sections=, len=/length= (method and sections take words).
bool readCoupledLineParams(CardReader& reader, ElabContext& context, CoupledLineRequest& request,
                           std::optional<double>& length) {
    bool ok = true;
    while (!reader.atEnd()) {
        if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.expectEnd();
            return false;
        }
        const ast::Token& key = reader.take();
        reader.take();  // '='
        const ParamSpec* spec = findLineParam(toLower(key.text));
        if (!spec) {
            std::vector<DiagnosticNote> notes;
            if (auto hint = suggestLineParam(toLower(key.text)); !hint.empty())
                notes.push_back({key.range, hint});
            context.sink().error(key.range, "unknown parameter '" + key.text + "' for coupled line " + quoted(reader),
                                 std::move(notes));
            if (!reader.atEnd()) reader.take();
            ok = false;
            continue;
        }
        if (spec->name == "method") {
            if (reader.peekKeyword("lumped") || reader.peekKeyword("exact")) {
                request.method = reader.peekKeyword("exact") ? LineMethod::Exact : LineMethod::Lumped;
                request.methodRange = reader.take().range;
                continue;
            }
            reader.errorExpected("lumped or exact after 'method='");
            return false;
        }
        if (spec->name == "sections" && reader.peekKeyword("auto")) {
            reader.take();
            request.sections.reset();
            continue;
        }
        auto value = reader.expectNumber("a value for '" + key.text + "'");
        if (!value) return false;
        if (findParam(cableInstanceParams(), spec->name)) {
            request.cableOverrides[std::string(spec->name)] = InstanceValue{*value, key.range};
        } else if (spec->name == "length") {
            if (!positiveFinite(*value)) {
                context.sink().error(key.range, "length of " + quoted(reader) + " must be positive");
                ok = false;
            }
            length = *value;
        } else {
            if (*value < 1 || *value != std::floor(*value) || *value > 1e6) {
                context.sink().error(key.range, "sections of " + quoted(reader) + " must be a whole number >= 1 (or auto)");
                ok = false;
            } else {
                request.sections = static_cast<int>(*value);  // in range: the cast is defined
            }
        }
    }
    return ok;
}

void addCoupledLine(CoupledLineRequest& request, ElabContext& context) {
    if (request.method == LineMethod::Exact) {
        if (hasTransient(context.deck())) {
            context.sink().error(request.methodRange, "method=exact supports .ac and .op only; use method=lumped");
            return;
        }
        auto& line = context.circuit().add<solver::MtlExactAc>(request.name, request.origin, request.endA, request.refA,
                                                               request.endB, request.refB, request.model.perMetre,
                                                               request.length);
        // Its thermal noise (.noise) at the circuit temperature (lines are built once every card is read).
        line.setNoiseTemperature(context.deck().options.temperature() + solver::kZeroCelsiusInKelvin);
        return;
    }
    int sections = request.sections.value_or(0);
    if (!request.sections) {
        const double fMax = highestFrequencyOfInterest(context.deck());
        sections = solver::autoSections(request.model.perMetre, request.length, fMax, kMinAutoSections);
        if (sections > kMaxAutoSections) {
            context.sink().warning(request.origin, "sections=auto wants " + std::to_string(sections) +
                                                       " sections for f_max = " + std::to_string(fMax) +
                                                       " Hz; using " + std::to_string(kMaxAutoSections) +
                                                       " (give sections= to choose)");
            sections = kMaxAutoSections;
        }
    }
    auto& line = context.circuit().add<solver::MtlLumped>(request.name, request.origin, request.endA, request.refA,
                                                          request.endB, request.refB, request.model.perMetre,
                                                          request.length, sections);
    const double fMax = highestFrequencyOfInterest(context.deck());
    if (fMax > solver::kSkinFitHighHertz) line.setFitBand(solver::kSkinFitLowHertz, fMax);
    if (Eigen::LLT<Eigen::MatrixXd>(line.lumpedCapacitance()).info() != Eigen::Success)
        context.sink().error(request.origin, "the dielectric loss (GD=, TAND=) is too large for method=lumped's causal "
                                             "model: C - " + fmt::format("{:.3g}", line.dielectricLossFit().kappa) +
                                             " GD is not positive definite; use method=exact");
    line.setNoiseTemperature(context.deck().options.temperature() + solver::kZeroCelsiusInKelvin);  // .noise
}

// A cable model fixes the conductor count: pair a, b, shield; coax centre, shield; plus the
// reference at each end.
bool cableNodeCountOk(const CardReader& reader, ElabContext& context, const ModelCard& model, CableKind kind,
                      std::size_t nodesGiven) {
    const std::size_t expected = 2 * static_cast<std::size_t>(cableConductors(kind)) + 2;
    if (nodesGiven == expected) return true;
    const bool pair = kind == CableKind::Pair;
    context.sink().error(reader.card().range,
                         "cable " + quoted(reader) + " with model '" + model.name + "' (TYPE=" +
                             (pair ? "PAIR" : "COAX") + ") needs " + std::to_string(expected) + " nodes: " +
                             (pair ? "a1 b1 s1 ref1 a2 b2 s2 ref2 (leg a, leg b, shield, reference at each end)"
                                   : "c1 s1 ref1 c2 s2 ref2 (centre, shield, reference at each end)") +
                             "; " + std::to_string(nodesGiven) + " given",
                         {DiagnosticNote{model.typeRange, "model type given here"}});
    return false;
}

// The CPL path: the model must be CPL, and cable-only overrides are refused.
std::optional<LineModel> readCplLine(const CardReader& reader, ElabContext& context, const ModelCard& model,
                                     const ast::Token& modelToken, const CoupledLineRequest& request, int conductors) {
    if (model.type != "cpl") {
        context.sink().error(modelToken.range, "model '" + modelToken.text + "' is of type '" + model.type +
                                                   "'; a P element needs a CPL or cable model",
                             {DiagnosticNote{model.typeRange, "model type given here"}});
        return std::nullopt;
    }
    if (!request.cableOverrides.empty()) {
        const auto& [name, first] = *request.cableOverrides.begin();
        context.sink().error(first.origin, "'" + name + "' applies to cable models only (model '" + model.name +
                                               "' is CPL; put the imbalance in its matrices)");
        return std::nullopt;
    }
    return readCplModel(model, conductors, reader.card().range, context.sink());
}

} // namespace

double highestFrequencyOfInterest(const Deck& deck) {
    double fMax = 0.0;
    for (const auto& analysis : deck.analyses) {
        if (const auto* ac = std::get_if<solver::AcSpec>(&analysis.kind)) fMax = std::max(fMax, ac->fstop);
        if (const auto* noise = std::get_if<solver::NoiseSpec>(&analysis.kind)) fMax = std::max(fMax, noise->sweep.fstop);
        if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) {
            double step = tran->tstep;
            if (tran->tmax > 0.0) step = std::min(step, tran->tmax);
            if (step > 0.0) fMax = std::max(fMax, 0.5 / step);
        }
    }
    return fMax;
}

void buildLosslessLine(CardReader& reader, ElabContext& context) {
    std::optional<solver::Unknown> nodes[4];
    for (auto& n : nodes) {
        n = context.node(reader);
        if (!n) return;
    }
    const std::size_t errorsBefore = context.sink().errorCount();
    auto params = context.instanceParams(reader, kLosslessLineParams, "transmission line " + quoted(reader));
    if (context.sink().errorCount() != errorsBefore) return;
    if (!params.count("z0") || !positiveFinite(params["z0"])) {
        context.sink().error(reader.card().range, "transmission line " + quoted(reader) + " needs Z0 > 0 (Z0=50)");
        return;
    }
    double delay = 0.0;
    if (params.count("td")) {
        delay = params["td"];
    } else if (params.count("f")) {
        const double nl = params.count("nl") ? params["nl"] : 0.25;
        delay = positiveFinite(params["f"]) ? nl / params["f"] : 0.0;
    } else {
        context.sink().error(reader.card().range, "transmission line " + quoted(reader) +
                                                      " needs TD= (delay) or F= [NL=] (frequency, normalised length)");
        return;
    }
    if (!positiveFinite(delay)) {
        context.sink().error(reader.card().range, "delay of transmission line " + quoted(reader) + " must be positive");
        return;
    }
    context.circuit().add<solver::TransmissionLineLossless>(context.elementName(reader.head()), reader.card().range,
                                                           *nodes[0], *nodes[1], *nodes[2], *nodes[3], params["z0"],
                                                           delay);
}

void buildCoupledLine(CardReader& reader, ElabContext& context) {
    std::vector<const ast::Token*> words;
    while (!reader.atEnd() && reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::Equals, 1))
        words.push_back(&reader.take());
    const ModelCard* model = words.empty() ? nullptr : context.findModel(toLower(words.back()->text));
    std::optional<CableKind> cableKind;
    if (model && model->type == "cable") {
        cableKind = readCableKind(*model, context.sink());
        if (!cableKind || !cableNodeCountOk(reader, context, *model, *cableKind, words.size() - 1)) return;
    } else if (words.size() < 5 || words.size() % 2 == 0) {
        context.sink().error(reader.card().range,
                             "coupled line " + quoted(reader) + " needs a1..aN refA b1..bN refB and a model name (" +
                                 std::to_string(words.size()) + " names given; 2N + 3 expected)");
        return;
    }
    const ast::Token& modelToken = *words.back();
    const int conductors = static_cast<int>(words.size() - 3) / 2;
    CoupledLineRequest request;
    request.name = context.elementName(reader.head());
    request.origin = reader.card().range;
    request.methodRange = reader.card().range;
    for (int i = 0; i < conductors; ++i) {
        request.endA.push_back(context.mapNode(toLower(words[static_cast<std::size_t>(i)]->text)));
        request.endB.push_back(context.mapNode(toLower(words[static_cast<std::size_t>(conductors + 1 + i)]->text)));
    }
    request.refA = context.mapNode(toLower(words[static_cast<std::size_t>(conductors)]->text));
    request.refB = context.mapNode(toLower(words[static_cast<std::size_t>(2 * conductors + 1)]->text));

    std::optional<double> length;
    if (!readCoupledLineParams(reader, context, request, length)) return;
    if (!model) {
        context.sink().error(modelToken.range, "unknown model '" + modelToken.text + "' for coupled line " + quoted(reader));
        return;
    }
    auto lineModel = cableKind ? readCableModel(*model, request.cableOverrides, reader.card().range, context.sink())
                               : readCplLine(reader, context, *model, modelToken, request, conductors);
    if (!lineModel) return;
    request.model = std::move(*lineModel);
    if (!length) length = request.model.length;
    if (!length) {
        context.sink().error(reader.card().range, "coupled line " + quoted(reader) +
                                                      " has no length: give len= on the element or LENGTH= in the model");
        return;
    }
    request.length = *length;
    context.defer([request = std::move(request), &context]() mutable { addCoupledLine(request, context); });
}

} // namespace cablespice::elab
