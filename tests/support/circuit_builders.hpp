#pragma once
// Small helpers to build circuits in code, SPICE style: node names are strings ("0" and
// "gnd" are ground), controllers are looked up by element name. Every device name is
// lower-case, as the elaborator would produce.
#include "solver/analysis/dc_system.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/cccs.hpp"
#include "solver/devices/ccvs.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/vccs.hpp"
#include "solver/devices/vcvs.hpp"
#include "solver/devices/voltage_source.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::test {

using namespace cablespice::solver;

inline Unknown node(Circuit& c, std::string_view name) { return c.nodes().node(name); }

inline const Device& deviceNamed(const Circuit& c, std::string_view name) {
    const Device* d = c.findDevice(name);
    if (!d) throw std::invalid_argument("no device named " + std::string(name));
    return *d;
}

inline Resistor& addResistor(Circuit& c, std::string name, std::string_view a, std::string_view b, double ohms) {
    Unknown ua = node(c, a), ub = node(c, b);
    return c.add<Resistor>(std::move(name), SourceRange{}, ua, ub, ohms);
}

inline Capacitor& addCapacitor(Circuit& c, std::string name, std::string_view a, std::string_view b, double farads) {
    Unknown ua = node(c, a), ub = node(c, b);
    return c.add<Capacitor>(std::move(name), SourceRange{}, ua, ub, farads);
}

inline Inductor& addInductor(Circuit& c, std::string name, std::string_view a, std::string_view b, double henries) {
    Unknown ua = node(c, a), ub = node(c, b);
    return c.add<Inductor>(std::move(name), SourceRange{}, ua, ub, henries);
}

inline MutualInductance& addCoupling(Circuit& c, std::string name, std::vector<std::string_view> inductors,
                                     double k) {
    std::vector<const Inductor*> coupled;
    for (auto l : inductors) coupled.push_back(&dynamic_cast<const Inductor&>(deviceNamed(c, l)));
    return c.add<MutualInductance>(std::move(name), SourceRange{}, std::move(coupled), k);
}

inline SourceValue dcValue(double dc, double acMagnitude = 0.0) {
    SourceValue v;
    v.dc = dc;
    v.acMagnitude = acMagnitude;
    return v;
}

inline VoltageSource& addVoltageSource(Circuit& c, std::string name, std::string_view p, std::string_view n,
                                       double dc, double acMagnitude = 0.0) {
    Unknown up = node(c, p), un = node(c, n);
    return c.add<VoltageSource>(std::move(name), SourceRange{}, up, un, dcValue(dc, acMagnitude));
}

inline CurrentSource& addCurrentSource(Circuit& c, std::string name, std::string_view p, std::string_view n,
                                       double dc, double acMagnitude = 0.0) {
    Unknown up = node(c, p), un = node(c, n);
    return c.add<CurrentSource>(std::move(name), SourceRange{}, up, un, dcValue(dc, acMagnitude));
}

// E n+ n- nc+ nc- gain
inline Vcvs& addVcvs(Circuit& c, std::string name, std::string_view p, std::string_view n, std::string_view cp,
                     std::string_view cn, double gain) {
    Unknown up = node(c, p), un = node(c, n), ucp = node(c, cp), ucn = node(c, cn);
    return c.add<Vcvs>(std::move(name), SourceRange{}, up, un, ucp, ucn, gain);
}

// G n+ n- nc+ nc- gm
inline Vccs& addVccs(Circuit& c, std::string name, std::string_view p, std::string_view n, std::string_view cp,
                     std::string_view cn, double gm) {
    Unknown up = node(c, p), un = node(c, n), ucp = node(c, cp), ucn = node(c, cn);
    return c.add<Vccs>(std::move(name), SourceRange{}, up, un, ucp, ucn, gm);
}

// F n+ n- vsense gain
inline Cccs& addCccs(Circuit& c, std::string name, std::string_view p, std::string_view n,
                     std::string_view controller, double gain) {
    Unknown up = node(c, p), un = node(c, n);
    return c.add<Cccs>(std::move(name), SourceRange{}, up, un, &deviceNamed(c, controller), gain);
}

// H n+ n- vsense r
inline Ccvs& addCcvs(Circuit& c, std::string name, std::string_view p, std::string_view n,
                     std::string_view controller, double ohms) {
    Unknown up = node(c, p), un = node(c, n);
    return c.add<Ccvs>(std::move(name), SourceRange{}, up, un, &deviceNamed(c, controller), ohms);
}

// A solved DC operating point with name-based access.
struct DcSolution {
    const Circuit* circuit = nullptr;
    std::vector<double> x;

    double v(std::string_view nodeName) const {
        auto u = circuit->nodes().findNode(nodeName);
        if (!u) throw std::invalid_argument("no node named " + std::string(nodeName));
        return x.at(static_cast<std::size_t>(*u));
    }
    double v(std::string_view a, std::string_view b) const { return v(a) - v(b); }
    // Branch current of a V, E, H or L element (SPICE sign: from n+ through the element to n-).
    double i(std::string_view elementName) const {
        auto u = circuit->nodes().findBranch(elementName);
        if (!u) throw std::invalid_argument("no branch current for " + std::string(elementName));
        return x.at(static_cast<std::size_t>(*u));
    }
};

// Finalizes (if needed), factors and solves; fails the test if the matrix is singular.
inline DcSolution solveDc(Circuit& c) {
    if (!c.finalized()) c.finalize();
    DcSystem system(c);
    auto factored = system.factor();
    INFO("factor error: " << (factored ? std::string() : factored.error().message));
    REQUIRE(factored.ok());
    DcSolution solution{&c, {}};
    system.solve(solution.x);
    return solution;
}

// R1 || R2
inline double parallel(double a, double b) { return a * b / (a + b); }

} // namespace cablespice::test
