#include "solver/devices/junction_limit.hpp"

#include <cmath>

namespace cablespice::solver {

namespace {

double limitForward(double vNew, double vOld, double vt) {
    if (vOld <= 0.0) return vt * std::log(vNew / vt);
    const double steps = (vNew - vOld) / vt;
    if (steps > 0.0) return vOld + vt * (2.0 + std::log(steps - 2.0));
    return vOld - vt * (2.0 + std::log(2.0 - steps));
}

} // namespace

double limitJunctionVoltage(double vNew, double vOld, double vt, double vcrit, bool& limited) {
    limited = false;
    if (vNew > vcrit && std::abs(vNew - vOld) > 2.0 * vt) {
        limited = true;
        return limitForward(vNew, vOld, vt);
    }
    if (vNew >= 0.0) return vNew;
    const double floor = vOld > 0.0 ? -vOld - 1.0 : 2.0 * vOld - 1.0;
    if (vNew >= floor) return vNew;
    limited = true;
    return floor;
}

} // namespace cablespice::solver
