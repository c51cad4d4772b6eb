#include "solver/devices/fet_voltage_limit.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

// From at least 3.5 V above threshold: a fall stops at vto + 2 V (or moves at most |vOld - vto| + 1),
// a rise at most 2|vOld - vto| + 2.
double limitFromStrongOn(double vNew, double vOld, double vto) {
    const double delta = vNew - vOld;
    if (delta > 0.0) return delta >= 2.0 * std::abs(vOld - vto) + 2.0 ? vOld + 2.0 * std::abs(vOld - vto) + 2.0 : vNew;
    if (vNew < vto + 3.5) return std::max(vNew, vto + 2.0);
    const double largestFall = std::abs(vOld - vto) + 1.0;
    return -delta > largestFall ? vOld - largestFall : vNew;
}

// Below threshold: a fall moves at most 2|vOld - vto| + 2, a rise stops at vto + 0.5 V.
double limitFromOff(double vNew, double vOld, double vto) {
    const double delta = vNew - vOld;
    if (delta <= 0.0) {
        const double largestFall = 2.0 * std::abs(vOld - vto) + 2.0;
        return -delta > largestFall ? vOld - largestFall : vNew;
    }
    if (vNew > vto + 0.5) return vto + 0.5;
    const double largestRise = std::abs(vOld - vto) + 1.0;
    return delta > largestRise ? vOld + largestRise : vNew;
}

} // namespace

double limitFetVoltage(double vNew, double vOld, double vto) {
    if (vOld < vto) return limitFromOff(vNew, vOld, vto);
    if (vOld >= vto + 3.5) return limitFromStrongOn(vNew, vOld, vto);
    // just above threshold: within [vto - 0.5, vto + 4]
    return vNew <= vOld ? std::max(vNew, vto - 0.5) : std::min(vNew, vto + 4.0);
}

double limitDrainSourceVoltage(double vNew, double vOld) {
    if (vOld >= 3.5) {
        if (vNew > vOld) return std::min(vNew, 3.0 * vOld + 2.0);
        return vNew < 3.5 ? std::max(vNew, 2.0) : vNew;
    }
    return vNew > vOld ? std::min(vNew, 4.0) : std::max(vNew, -0.5);
}

} // namespace cablespice::solver
