#include "parser/grammar/random_functions.hpp"

#include <fmt/format.h>

namespace cablespice::expr {

namespace {

enum class Kind { Gauss, GaussSigma, Agauss, Unif, Aunif, Limit, Mc, Flat };

struct RandomInfo {
    std::string_view name;
    Kind kind;
    std::size_t args;
};

// gauss appears twice: the argument count picks the dialect.
constexpr RandomInfo kRandomFunctions[] = {
    {"gauss", Kind::Gauss, 3}, {"gauss", Kind::GaussSigma, 1}, {"agauss", Kind::Agauss, 3},
    {"unif", Kind::Unif, 2},   {"aunif", Kind::Aunif, 2},      {"limit", Kind::Limit, 2},
    {"mc", Kind::Mc, 2},       {"flat", Kind::Flat, 1},
};

const RandomInfo* find(std::string_view name, std::size_t count) {
    for (const RandomInfo& info : kRandomFunctions)
        if (info.name == name && info.args == count) return &info;
    return nullptr;
}

// What a draw adds to the nominal value, as a multiple of `spread`: a uniform on [-1, 1], a
// standard normal (or ±1: limit, RandomSource::plusOrMinusOne).
double symmetricUniform(RandomSource& draws) { return 2.0 * draws.uniform() - 1.0; }

} // namespace

bool isRandomFunction(std::string_view name) {
    for (const RandomInfo& info : kRandomFunctions)
        if (info.name == name) return true;
    return false;
}

std::optional<std::string> randomArityProblem(std::string_view name, std::size_t count) {
    if (find(name, count)) return std::nullopt;
    if (name == "gauss") return fmt::format("function 'gauss' takes 1 argument (LTspice) or 3 (ngspice), got {}", count);
    std::size_t wanted = 0;
    for (const RandomInfo& info : kRandomFunctions)
        if (info.name == name) wanted = info.args;
    return fmt::format("function '{}' takes {} argument{}, got {}", name, wanted, wanted == 1 ? "" : "s", count);
}

std::variant<double, std::string> evaluateRandomFunction(std::string_view name, std::span<const double> args,
                                                         RandomSource* draws) {
    const RandomInfo& info = *find(name, args.size());
    if (draws) draws->noteUse();
    if ((info.kind == Kind::Gauss || info.kind == Kind::Agauss) && args[2] == 0.0)
        return fmt::format("'{}': sigma (the third argument) must not be zero", name);
    const bool nominal = !draws || draws->nominal();
    switch (info.kind) {
    case Kind::Gauss: return nominal ? args[0] : args[0] + args[1] * args[0] / args[2] * draws->normal();
    case Kind::Agauss: return nominal ? args[0] : args[0] + args[1] / args[2] * draws->normal();
    case Kind::GaussSigma: return nominal ? 0.0 : args[0] * draws->normal();
    case Kind::Unif: return nominal ? args[0] : args[0] + args[1] * args[0] * symmetricUniform(*draws);
    case Kind::Aunif: return nominal ? args[0] : args[0] + args[1] * symmetricUniform(*draws);
    case Kind::Limit: return nominal ? args[0] : args[0] + args[1] * draws->plusOrMinusOne();
    case Kind::Mc: return nominal ? args[0] : args[0] * (1.0 + args[1] * symmetricUniform(*draws));
    case Kind::Flat: return nominal ? 0.0 : args[0] * symmetricUniform(*draws);
    }
    return args[0];
}

const std::vector<std::string_view>& randomFunctionNames() {
    static const std::vector<std::string_view> names = {"gauss", "agauss", "unif", "aunif", "limit", "mc", "flat"};
    return names;
}

} // namespace cablespice::expr
