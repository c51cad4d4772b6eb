#include "solver/devices/mosfet_junction.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

DepletionCharge bulkDepletionCharge(const MosfetConstants& k, const BulkJunction& j, double v) {
    DepletionCharge q;
    if (j.bottom == 0.0 && j.sidewall == 0.0) return q;
    if (v < k.depletionThreshold) {
        const double arg = 1.0 - v / k.bulkPotential;
        const double sarg = std::exp(-k.mj * std::log(arg));
        const double sargsw = std::exp(-k.mjsw * std::log(arg));
        q.charge = k.bulkPotential * (j.bottom * (1.0 - arg * sarg) / (1.0 - k.mj) +
                                      j.sidewall * (1.0 - arg * sargsw) / (1.0 - k.mjsw));
        q.capacitance = j.bottom * sarg + j.sidewall * sargsw;
    } else {
        q.charge = j.f4 + v * (j.f2 + v * j.f3 / 2.0);
        q.capacitance = j.f2 + v * j.f3;
    }
    return q;
}

JunctionCurrent bulkJunctionCurrent(double v, double saturationCurrent, double vt, double gmin) {
    if (v <= -3.0 * vt) return {gmin * v - saturationCurrent, gmin};
    const double e = std::exp(std::min(709.0, v / vt));
    return {saturationCurrent * (e - 1.0) + gmin * v, saturationCurrent * e / vt + gmin};
}

} // namespace cablespice::solver
