#include "parser/elaborate/element_values.hpp"

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

namespace cablespice::elab {

namespace {

template <class D, class Setter>
bool trySet(solver::Device& device, Setter setter) {
    auto* typed = dynamic_cast<D*>(&device);
    if (typed) setter(*typed);
    return typed != nullptr;
}

} // namespace

bool setPrimaryValue(solver::Device& device, double value) {
    return trySet<solver::Resistor>(device, [&](auto& d) { d.setResistance(value); }) ||
           trySet<solver::Capacitor>(device, [&](auto& d) { d.setCapacitance(value); }) ||
           trySet<solver::Inductor>(device, [&](auto& d) { d.setInductance(value); }) ||
           trySet<solver::MutualInductance>(device, [&](auto& d) { d.setCoupling(value); }) ||
           trySet<solver::VoltageSource>(device, [&](auto& d) { d.value().dc = value; }) ||
           trySet<solver::CurrentSource>(device, [&](auto& d) { d.value().dc = value; }) ||
           trySet<solver::Vcvs>(device, [&](auto& d) { d.setGain(value); }) ||
           trySet<solver::Vccs>(device, [&](auto& d) { d.setTransconductance(value); }) ||
           trySet<solver::Cccs>(device, [&](auto& d) { d.setGain(value); }) ||
           trySet<solver::Ccvs>(device, [&](auto& d) { d.setTransresistance(value); });
}

void applyElementValues(const std::vector<std::pair<std::string, double>>& values, ElabContext& context) {
    for (const auto& [name, value] : values) {
        solver::Device* device = context.circuit().findDevice(name);
        SourceRange where;
        for (const auto& step : context.deck().steps)
            if (step.name == name) where = step.origin;
        if (!device) {
            context.sink().error(where, ".step: no element named '" + name + "'");
            continue;
        }
        if (!setPrimaryValue(*device, value * context.valueScale(name)))
            context.sink().error(where, ".step: element '" + name + "' has no value to step");
    }
}

} // namespace cablespice::elab
