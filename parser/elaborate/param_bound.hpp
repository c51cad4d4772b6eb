#pragma once
#include <cmath>

namespace cablespice::elab {

// The range a numeric model parameter must lie in (checked when a device reads its model).
enum class Bound { Positive, NonNegative, BelowOne, UnitInterval, Any };

inline bool withinBound(Bound bound, double value) {
    if (!std::isfinite(value)) return false;
    switch (bound) {
    case Bound::Positive: return value > 0.0;
    case Bound::NonNegative: return value >= 0.0;
    case Bound::BelowOne: return value >= 0.0 && value < 1.0;
    case Bound::UnitInterval: return value >= 0.0 && value <= 1.0;
    case Bound::Any: return true;
    }
    return true;
}

inline const char* describe(Bound bound) {
    switch (bound) {
    case Bound::Positive: return "must be positive";
    case Bound::NonNegative: return "must not be negative";
    case Bound::BelowOne: return "must be in [0, 1)";
    case Bound::UnitInterval: return "must be in [0, 1]";
    case Bound::Any: return "must be finite";
    }
    return "";
}

} // namespace cablespice::elab
