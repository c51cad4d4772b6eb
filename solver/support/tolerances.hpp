#pragma once

namespace cablespice::solver {

// SPICE convergence and accuracy settings, with SPICE3/ngspice names and defaults.
struct Tolerances {
    double reltol = 1e-3;   // relative tolerance on voltages and currents
    double abstol = 1e-12;  // absolute current tolerance [A]
    double vntol = 1e-6;    // absolute voltage tolerance [V]
    double chgtol = 1e-14;  // absolute charge tolerance [C]
    double gmin = 1e-12;    // minimum conductance [S] (used only by nonlinear devices / stepping)
    double trtol = 7.0;     // truncation-error overestimation factor (SPICE default 7)
    int itl1 = 100;         // DC iteration limit (operating point, each gmin/source step)
    int itl2 = 50;          // DC transfer-curve iteration limit per sweep point
    int itl4 = 10;          // transient iteration limit per time point
    // The operating point's fallbacks (ngspice's options of the same names): gminsteps = 0
    // disables gmin stepping and srcsteps = 0 source stepping (another count keeps each on: the
    // stepping is adaptive, not a fixed number of steps); noopiter skips plain Newton and
    // starts with gmin stepping.
    int gminSteps = 1;
    int sourceSteps = 1;
    bool noOpIter = false;
};

} // namespace cablespice::solver
