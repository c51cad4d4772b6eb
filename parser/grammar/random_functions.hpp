#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The random functions of Monte Carlo decks, in both dialects users bring:
//   ngspice  gauss(nom, rvar, sigma)  normal, mean nom, standard deviation rvar*nom/sigma
//            agauss(nom, avar, sigma) normal, mean nom, standard deviation avar/sigma
//            unif(nom, rvar)          uniform on nom ± rvar*nom
//            aunif(nom, avar)         uniform on nom ± avar
//            limit(nom, avar)         nom + avar or nom - avar, each with probability 1/2
//   LTspice  mc(x, tol)               uniform on x*(1 ± tol)
//            flat(x)                  uniform on ±x
//            gauss(x)                 normal, mean 0, standard deviation x
// One-argument gauss and three-argument gauss are told apart by their argument count.
// Where the draws come from (and whether there are any) is the scope's business: without
// draws every function gives its nominal value (nom, x, or 0 for flat and gauss(x)).
namespace cablespice::expr {

// The draws a random function takes; the elaboration supplies them per owner and point.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    // True when random functions take their nominal values (a run without .step).
    virtual bool nominal() const = 0;
    virtual double uniform() = 0;  // in (0, 1)
    virtual double normal() = 0;   // standard normal
    virtual double plusOrMinusOne() = 0;  // -1 or +1, each with probability 1/2 (limit)
    // Called for every random function evaluated, nominal or not.
    virtual void noteUse() = 0;
};

bool isRandomFunction(std::string_view name);

// "function 'gauss' takes 1 or 3 arguments, got 2", or nothing when the count fits.
std::optional<std::string> randomArityProblem(std::string_view name, std::size_t count);

// The function's value for these arguments (count already checked) and draws (null:
// nominal), or an error message (a zero sigma).
std::variant<double, std::string> evaluateRandomFunction(std::string_view name, std::span<const double> args,
                                                         RandomSource* draws);

const std::vector<std::string_view>& randomFunctionNames();

} // namespace cablespice::expr
