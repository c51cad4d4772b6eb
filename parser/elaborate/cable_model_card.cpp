#include "parser/elaborate/cable_model_card.hpp"

#include "parser/elaborate/text_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cablespice::elab {

namespace {

// Defaults that are physical assumptions, documented in README "Cables".
constexpr double kDefaultLegCoupling = 0.3;       // two legs side by side in a round shield
constexpr double kDefaultShieldInductance = 1e-6;  // H/m, shield ~0.1-1 m from its return

const ParamSpec kCableParams[] = {
    {"type", {}, "", "pair (a, b, shield; the default) or coax (centre, shield)"},
    {"length", {"len"}, "m", "default length (the P card's len= overrides it)"},
    {"rleg", {"rcond"}, "ohm/m", "DC resistance of each leg (pair) or of the centre (coax)"},
    {"rshield", {}, "ohm/m", "DC resistance of the shield (braid/foil and drain)"},
    {"ccc", {}, "F/m", "leg-to-leg capacitance (pair)"},
    {"ccs", {}, "F/m", "leg-to-shield capacitance of leg a (pair) or centre-to-shield (coax)"},
    {"lloop", {}, "H/m", "loop inductance of one leg against the shield"},
    {"z0", {"zo"}, "ohm", "characteristic impedance (pair: differential), instead of LLOOP"},
    {"k", {}, "", "coupling of the two leg-shield loops (pair; default 0.3)"},
    {"lshield", {}, "H/m", "inductance of the shield against the remote reference (default 1u)"},
    {"cshield", {}, "F/m", "shield-to-reference capacitance (default: air line, 1/(c0^2 LSHIELD))"},
    {"tand", {}, "", "dielectric loss tangent: G(f) = 2 pi f TAND C (with FTAND: constant, its value at FTAND)"},
    {"ftand", {}, "Hz", "evaluate TAND's loss at this one frequency only (constant G, the older approximation)"},
    {"gcc", {}, "S/m", "leg-to-leg dielectric conductance (pair), instead of TAND"},
    {"gcs", {}, "S/m", "leg-to-shield dielectric conductance, instead of TAND"},
    {"rs", {}, "ohm/m/sqrt(Hz)", "skin-effect resistance of each leg or the centre: R(f) = RLEG + RS sqrt(f)"},
    {"rt", {}, "ohm/m", "shield transfer resistance (default RSHIELD)"},
    {"lt", {}, "H/m", "shield transfer (leakage) inductance: ZT = RT + jw LT (default 0, a solid tube)"},
    {"dccs", {}, "F/m", "leg-to-shield capacitance imbalance, leg b minus leg a (pair)"},
    {"dccs_rel", {}, "", "relative leg-to-shield capacitance imbalance, 0.012 = 1.2 % (pair)"},
    {"drleg", {}, "ohm/m", "leg resistance imbalance, leg b minus leg a (pair)"},
    {"drleg_rel", {}, "", "relative leg resistance imbalance (pair)"},
};


bool pairOnly(std::string_view name) {
    return name == "ccc" || name == "k" || name == "gcc" || name == "dccs" || name == "dccs_rel" ||
           name == "drleg" || name == "drleg_rel";
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

// One parameter's value and where to report it (a model parameter or a P-card override).
struct Value {
    double value = 0.0;
    SourceRange origin;
};

// Reads one cable model card; every problem is reported and makes the result invalid.
class CableCardReader {
public:
    CableCardReader(const ModelCard& model, const CableOverrides& overrides, SourceRange instance, DiagnosticSink& sink)
        : model_(model), overrides_(overrides), instance_(instance), sink_(sink) {}

    std::optional<CableDatasheet> read();

private:
    void collectParams();
    void applyOverrides();
    std::optional<Value> value(std::string_view name) const;
    double require(std::string_view name, std::string_view what);
    double optional(std::string_view name, double fallback) const;
    void checkRange(std::string_view name, bool (*valid)(double), std::string_view rule);
    void readResistances(CableDatasheet& cable);
    void readCapacitances(CableDatasheet& cable);
    void readInductances(CableDatasheet& cable);
    void readDielectric(CableDatasheet& cable);
    void readTransferImpedance(CableDatasheet& cable);
    Imbalance readImbalance(std::string_view absolute, std::string_view relative) const;
    void checkLegB(const CableDatasheet& cable);
    void error(SourceRange where, std::string message);

    const ModelCard& model_;
    const CableOverrides& overrides_;
    SourceRange instance_;
    DiagnosticSink& sink_;
    std::map<std::string, Value, std::less<>> values_;  // canonical name -> value
    CableKind kind_ = CableKind::Pair;
    bool ok_ = true;
};

void CableCardReader::error(SourceRange where, std::string message) {
    sink_.error(where, std::move(message), {DiagnosticNote{instance_, "used by this element"}});
    ok_ = false;
}

// Canonical names, unknown and misplaced parameters, one number each.
void CableCardReader::collectParams() {
    for (const auto& [key, param] : model_.params) {
        const ParamSpec* spec = findParam(kCableParams, key);
        if (!spec) {
            std::vector<DiagnosticNote> notes;
            if (auto hint = suggestParam(kCableParams, key); !hint.empty()) notes.push_back({param.origin, hint});
            notes.push_back({instance_, "used by this element"});
            sink_.error(param.origin, "unknown parameter '" + key + "' for a cable model", std::move(notes));
            ok_ = false;
            continue;
        }
        if (spec->name == "type") continue;
        if (kind_ == CableKind::Coax && pairOnly(spec->name)) {
            error(param.origin, upper(spec->name) + "= applies to TYPE=PAIR only (model '" + model_.name + "' is a coax)");
            continue;
        }
        if (param.values.size() != 1 || !std::isfinite(param.values[0])) {
            error(param.origin, upper(spec->name) + "= of cable model '" + model_.name + "' must be one finite number");
            continue;
        }
        values_[std::string(spec->name)] = Value{param.values[0], param.origin};
    }
}

// An instance value replaces the model's whole imbalance pair (absolute and relative).
void CableCardReader::applyOverrides() {
    static constexpr std::string_view kCapacitancePair[] = {"dccs", "dccs_rel"};
    static constexpr std::string_view kResistancePair[] = {"drleg", "drleg_rel"};
    for (const auto& [name, override] : overrides_) {
        const bool capacitance = name == "dccs" || name == "dccs_rel";
        for (std::string_view member : capacitance ? kCapacitancePair : kResistancePair)
            if (auto it = values_.find(member); it != values_.end()) values_.erase(it);
    }
    for (const auto& [name, override] : overrides_) {
        if (kind_ == CableKind::Coax) {
            error(override.origin, "'" + name + "' applies to TYPE=PAIR cable models only (model '" + model_.name +
                                       "' is a coax)");
            continue;
        }
        values_[name] = Value{override.value, override.origin};
    }
}

std::optional<Value> CableCardReader::value(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

double CableCardReader::require(std::string_view name, std::string_view what) {
    if (auto v = value(name)) return v->value;
    error(model_.origin, "cable model '" + model_.name + "' needs " + upper(name) + "= (" + std::string(what) + ")");
    return 0.0;
}

double CableCardReader::optional(std::string_view name, double fallback) const {
    auto v = value(name);
    return v ? v->value : fallback;
}

void CableCardReader::checkRange(std::string_view name, bool (*valid)(double), std::string_view rule) {
    auto v = value(name);
    if (v && !valid(v->value))
        error(v->origin, upper(name) + "= of cable model '" + model_.name + "' must be " + std::string(rule));
}

bool nonNegative(double v) { return v >= 0.0; }
bool positive(double v) { return v > 0.0; }
bool fraction(double v) { return v >= 0.0 && v < 1.0; }

void CableCardReader::readResistances(CableDatasheet& cable) {
    cable.rleg = require("rleg", "DC resistance of each leg or the centre, ohm/m");
    cable.rshield = require("rshield", "DC resistance of the shield, ohm/m; the shield is a conductor");
    checkRange("rleg", nonNegative, ">= 0 (ohm/m)");
    checkRange("rshield", nonNegative, ">= 0 (ohm/m)");
    cable.rsleg = optional("rs", 0.0);
    checkRange("rs", nonNegative, ">= 0 (ohm/m/sqrt(Hz))");
}

// ZT = RT + jw LT; the defaults (RT = RSHIELD, LT = 0) are the shield's plain resistive coupling.
void CableCardReader::readTransferImpedance(CableDatasheet& cable) {
    if (auto rt = value("rt")) cable.rt = rt->value;
    cable.lt = optional("lt", 0.0);
    checkRange("rt", nonNegative, ">= 0 (ohm/m)");
    checkRange("lt", nonNegative, ">= 0 (H/m)");
}

void CableCardReader::readCapacitances(CableDatasheet& cable) {
    cable.ccs = require("ccs", "leg-to-shield capacitance, F/m");
    checkRange("ccs", positive, "> 0 (F/m)");
    if (kind_ == CableKind::Pair) {
        cable.ccc = require("ccc", "leg-to-leg capacitance, F/m");
        checkRange("ccc", nonNegative, ">= 0 (F/m)");
    }
}

// LLOOP or Z0 (exactly one), K, LSHIELD, CSHIELD.
void CableCardReader::readInductances(CableDatasheet& cable) {
    cable.k = kind_ == CableKind::Pair ? optional("k", kDefaultLegCoupling) : 0.0;
    checkRange("k", fraction, "in [0, 1)");
    cable.lshield = optional("lshield", kDefaultShieldInductance);
    checkRange("lshield", positive, "> 0 (H/m)");
    cable.cshield = cable.lshield > 0.0 ? optional("cshield", airLineCapacitance(cable.lshield)) : 0.0;
    checkRange("cshield", positive, "> 0 (F/m)");
    const auto lloop = value("lloop");
    const auto z0 = value("z0");
    if (lloop && z0) {
        error(z0->origin, "cable model '" + model_.name + "' gives both LLOOP= and Z0=; give one");
        return;
    }
    if (!lloop && !z0) {
        error(model_.origin, "cable model '" + model_.name +
                                 "' needs LLOOP= (leg-to-shield loop inductance, H/m) or Z0= (characteristic "
                                 "impedance, ohm)");
        return;
    }
    checkRange("lloop", positive, "> 0 (H/m)");
    checkRange("z0", positive, "> 0 (ohm)");
    cable.lloop = lloop ? lloop->value
                        : loopInductanceFromZ0(kind_, z0->value, cable.ccc, cable.ccs, std::min(cable.k, 0.999));
}

// TAND (G growing with f; constant at FTAND when that is given), or GCC/GCS; lossless when none
// is given.
void CableCardReader::readDielectric(CableDatasheet& cable) {
    const auto tand = value("tand");
    const bool direct = value("gcc") || value("gcs");
    if (tand && direct) {
        error(tand->origin, "cable model '" + model_.name + "' gives TAND= and GCC=/GCS=; give one");
        return;
    }
    checkRange("tand", nonNegative, ">= 0");
    checkRange("ftand", positive, "> 0 (Hz)");
    checkRange("gcc", nonNegative, ">= 0 (S/m)");
    checkRange("gcs", nonNegative, ">= 0 (S/m)");
    const auto ftand = value("ftand");
    if (ftand && !tand) error(ftand->origin, "FTAND= of cable model '" + model_.name + "' needs TAND=");
    if (tand && ftand) {  // the older constant-G approximation, exact at FTAND only
        cable.gcc = dielectricConductance(tand->value, ftand->value, cable.ccc);
        cable.gcs = dielectricConductance(tand->value, ftand->value, cable.ccs);
        return;
    }
    if (tand) {
        cable.gdcc = dielectricLossPerHertz(tand->value, cable.ccc);
        cable.gdcs = dielectricLossPerHertz(tand->value, cable.ccs);
        return;
    }
    cable.gcc = optional("gcc", 0.0);
    cable.gcs = optional("gcs", 0.0);
}

Imbalance CableCardReader::readImbalance(std::string_view absolute, std::string_view relative) const {
    return Imbalance{optional(absolute, 0.0), optional(relative, 0.0)};
}

// Where leg b's value came from: the imbalance parameter, else the nominal one.
void CableCardReader::checkLegB(const CableDatasheet& cable) {
    auto origin = [&](std::string_view absolute, std::string_view relative) {
        if (auto v = value(absolute)) return v->origin;
        if (auto v = value(relative)) return v->origin;
        return model_.origin;
    };
    const double csb = cable.capacitance.apply(cable.ccs);
    if (!(csb > 0.0))
        error(origin("dccs", "dccs_rel"), "leg b's capacitance to the shield, CCS*(1+DCCS_REL)+DCCS = " +
                                              fmt::format("{:.6g}", csb) + " F/m, must be > 0");
    const double rb = cable.resistance.apply(cable.rleg);
    if (!(rb >= 0.0))
        error(origin("drleg", "drleg_rel"),
              "leg b's resistance, RLEG*(1+DRLEG_REL)+DRLEG = " + fmt::format("{:.6g}", rb) + " ohm/m, must be >= 0");
}

std::optional<CableDatasheet> CableCardReader::read() {
    auto kind = readCableKind(model_, sink_);
    if (!kind) return std::nullopt;
    kind_ = *kind;
    collectParams();
    applyOverrides();
    CableDatasheet cable;
    cable.kind = kind_;
    readResistances(cable);
    readCapacitances(cable);
    if (!ok_) return std::nullopt;  // Z0 and TAND derive from the capacitances
    readInductances(cable);
    readDielectric(cable);
    readTransferImpedance(cable);
    checkRange("length", positive, "> 0 (m)");
    if (kind_ == CableKind::Pair) {
        cable.capacitance = readImbalance("dccs", "dccs_rel");
        cable.resistance = readImbalance("drleg", "drleg_rel");
        checkLegB(cable);
    }
    if (!ok_) return std::nullopt;
    return cable;
}

} // namespace

std::span<const ParamSpec> cableModelParams() { return kCableParams; }

// The imbalance parameters: the tail of kCableParams, from DCCS on.
std::span<const ParamSpec> cableInstanceParams() {
    std::span<const ParamSpec> all(kCableParams);
    const auto first = std::find_if(all.begin(), all.end(), [](const ParamSpec& p) { return p.name == "dccs"; });
    return all.subspan(static_cast<std::size_t>(first - all.begin()));
}

std::optional<CableKind> readCableKind(const ModelCard& model, DiagnosticSink& sink) {
    auto it = model.params.find("type");
    if (it == model.params.end()) return CableKind::Pair;
    if (it->second.word == "pair") return CableKind::Pair;
    if (it->second.word == "coax") return CableKind::Coax;
    sink.error(it->second.valueRange.valid() ? it->second.valueRange : it->second.origin,
               "TYPE= of cable model '" + model.name + "' must be PAIR or COAX");
    return std::nullopt;
}

std::optional<CableDatasheet> readCableDatasheet(const ModelCard& model, const CableOverrides& overrides,
                                                 SourceRange instance, DiagnosticSink& sink) {
    return CableCardReader(model, overrides, instance, sink).read();
}

std::optional<LineModel> readCableModel(const ModelCard& model, const CableOverrides& overrides, SourceRange instance,
                                        DiagnosticSink& sink) {
    auto cable = readCableDatasheet(model, overrides, instance, sink);
    if (!cable) return std::nullopt;
    LineModel line;
    line.perMetre = cableMatrices(*cable);
    for (const char* key : {"length", "len"})  // checked by the reader: one positive number
        if (auto it = model.params.find(key); it != model.params.end()) line.length = it->second.values[0];
    if (auto problem = solver::checkMtlParameters(line.perMetre)) {
        const bool transfer = cable->rt.has_value() || cable->lt != 0.0;
        sink.error(model.origin,
                   "cable model '" + model.name + "' gives invalid line matrices: " + *problem +
                       (transfer ? " (RT=/LT= move the leg-shield terms by RSHIELD-RT and -LT: too far here)" : ""),
                   {DiagnosticNote{instance, "used by this element"}});
        return std::nullopt;
    }
    return line;
}

} // namespace cablespice::elab
