#include "parser/elaborate/line_models.hpp"

#include <cctype>
#include <cmath>
#include <string>

namespace cablespice::elab {

namespace {

std::string upper(const char* key) {
    std::string out(key);
    for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

std::string size(int n) { return std::to_string(n) + "x" + std::to_string(n); }

std::vector<DiagnosticNote> instanceNote(SourceRange instance) {
    return {DiagnosticNote{instance, "used by this element"}};
}

// Fills `out` from the triangle (N(N+1)/2 values) or, when allowed, the diagonal (N values).
bool readMatrix(const ModelCard& model, const char* key, int n, bool diagonalAllowed, bool required,
                SourceRange instance, DiagnosticSink& sink, Eigen::MatrixXd& out) {
    out = Eigen::MatrixXd::Zero(n, n);
    auto it = model.params.find(key);
    if (it == model.params.end()) {
        if (!required) return true;
        sink.error(model.origin, "model '" + model.name + "' has no " + upper(key) +
                                     "= matrix (a " + size(n) + " line needs " + std::to_string(n * (n + 1) / 2) +
                                     " values)",
                   instanceNote(instance));
        return false;
    }
    const auto& values = it->second.values;
    const auto triangle = static_cast<std::size_t>(n * (n + 1) / 2);
    for (double v : values)
        if (!std::isfinite(v)) {
            sink.error(it->second.origin, "non-finite value in " + upper(key) + "=", instanceNote(instance));
            return false;
        }
    if (values.size() == triangle) {
        std::size_t k = 0;
        for (int i = 0; i < n; ++i)
            for (int j = i; j < n; ++j) out(i, j) = out(j, i) = values[k++];
        return true;
    }
    if (diagonalAllowed && values.size() == static_cast<std::size_t>(n)) {
        for (int i = 0; i < n; ++i) out(i, i) = values[static_cast<std::size_t>(i)];
        return true;
    }
    std::string expected = std::to_string(triangle) + " values (the upper triangle of a " + size(n) +
                           " matrix, row by row)";
    if (diagonalAllowed && triangle != static_cast<std::size_t>(n)) expected += " or " + std::to_string(n) + " diagonal values";
    sink.error(it->second.origin,
               upper(key) + "= of model '" + model.name + "' has " + std::to_string(values.size()) +
                   " values; a line with " + std::to_string(n) + " conductors needs " + expected,
               instanceNote(instance));
    return false;
}

// The matrix a checkMtlParameters message names first ("RS is not ...": rs).
SourceRange paramRange(const ModelCard& model, const std::string& problem) {
    if (problem.empty()) return model.origin;
    std::string key;
    for (char ch : problem.substr(0, problem.find(' '))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto it = model.params.find(key);
    return it == model.params.end() ? model.origin : it->second.origin;
}

} // namespace

std::optional<LineModel> readCplModel(const ModelCard& model, int conductors, SourceRange instance,
                                      DiagnosticSink& sink) {
    LineModel line;
    auto& p = line.perMetre;
    bool ok = readMatrix(model, "l", conductors, false, true, instance, sink, p.l);
    ok = readMatrix(model, "c", conductors, false, true, instance, sink, p.c) && ok;
    ok = readMatrix(model, "r", conductors, true, false, instance, sink, p.r) && ok;
    ok = readMatrix(model, "g", conductors, true, false, instance, sink, p.g) && ok;
    ok = readMatrix(model, "rs", conductors, true, false, instance, sink, p.rs) && ok;
    ok = readMatrix(model, "gd", conductors, true, false, instance, sink, p.gd) && ok;
    if (auto it = model.params.find("length"); it != model.params.end()) {
        if (it->second.values.size() != 1 || !(it->second.values[0] > 0.0) || !std::isfinite(it->second.values[0])) {
            sink.error(it->second.origin, "LENGTH= must be one positive number", instanceNote(instance));
            ok = false;
        } else {
            line.length = it->second.values[0];
        }
    }
    for (const auto& [key, param] : model.params)
        if (key != "r" && key != "l" && key != "g" && key != "c" && key != "rs" && key != "gd" && key != "length") {
            sink.error(param.origin, "unknown parameter '" + key + "' for a CPL model (R, L, G, C, RS, GD, LENGTH)");
            ok = false;
        }
    if (!ok) return std::nullopt;
    if (auto problem = solver::checkMtlParameters(p)) {
        sink.error(paramRange(model, *problem), "model '" + model.name + "': " + *problem, instanceNote(instance));
        return std::nullopt;
    }
    return line;
}

} // namespace cablespice::elab
