#pragma once
#include <string>
#include <utility>
#include <variant>

namespace cablespice::solver {

enum class SolveErrorKind { SingularMatrix, NoConvergence, TimestepTooSmall, Numerical };

// A failure of the numeric core, described with matrix-level facts; the analysis driver
// turns it into a user-level diagnostic (node and element names).
struct SolveError {
    SolveErrorKind kind = SolveErrorKind::Numerical;
    std::string message;
    int unknown = -1;   // offending unknown (1-based, as Unknown), or -1
    double time = 0.0;  // for transient failures
};

// Value or SolveError (stand-in for std::expected).
template <class T>
class Outcome {
public:
    Outcome(T value) : state_(std::move(value)) {}
    Outcome(SolveError error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    const SolveError& error() const { return std::get<SolveError>(state_); }

private:
    std::variant<T, SolveError> state_;
};

struct Done {};

} // namespace cablespice::solver
