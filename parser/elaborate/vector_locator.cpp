#include "parser/elaborate/vector_locator.hpp"

#include "parser/elaborate/measure_spec.hpp"

#include "solver/devices/capacitor.hpp"
#include "solver/devices/cccs.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/vccs.hpp"
#include "solver/devices/vcvs.hpp"

#include <algorithm>
#include <optional>

namespace cablespice::elab {

namespace {

// Xyce writes x1:x2:mid where ngspice writes x1.x2.mid.
std::string ngspiceNodeName(std::string name) {
    std::replace(name.begin(), name.end(), ':', '.');
    return name;
}

// Xyce's x1:r1 is ngspice's r.x1.r1: the element letter, the instance path, the name.
std::optional<std::string> ngspiceElementName(const std::string& name) {
    auto last = name.rfind(':');
    if (last == std::string::npos || last + 1 >= name.size()) return std::nullopt;
    std::string element = name.substr(last + 1);
    return std::string(1, element.front()) + "." + ngspiceNodeName(name.substr(0, last)) + "." + element;
}

std::optional<solver::Unknown> findNode(const std::string& name, const solver::Circuit& circuit) {
    if (auto node = circuit.nodes().findNode(name)) return node;
    if (name.find(':') != std::string::npos) return circuit.nodes().findNode(ngspiceNodeName(name));
    return std::nullopt;
}

const solver::Device* findElement(const std::string& name, const solver::Circuit& circuit) {
    if (const auto* device = circuit.findDevice(name)) return device;
    if (auto converted = ngspiceElementName(name)) return circuit.findDevice(*converted);
    return nullptr;
}

VectorProbe linearCurrent(VectorProbe probe, double factor, solver::Unknown unknown, solver::Unknown reference) {
    probe.kind = ProbeKind::LinearCurrent;
    probe.value = factor;
    probe.unknown = unknown;
    probe.reference = reference;
    return probe;
}

// The current of `device` flowing from its first terminal through it to its second, as a probe.
std::optional<VectorProbe> currentProbe(const solver::Device& device, const solver::Circuit& circuit) {
    auto terminals = device.terminals();
    VectorProbe probe;
    if (terminals.size() >= 2) {
        probe.a = terminals[0];
        probe.b = terminals[1];
    }
    if (device.branchCurrent() != solver::kGround) {
        probe.unknown = device.branchCurrent();
        return probe;
    }
    if (auto branch = circuit.nodes().findBranch(device.name())) {
        probe.unknown = *branch;
        return probe;
    }
    if (const auto* vccs = dynamic_cast<const solver::Vccs*>(&device))
        return linearCurrent(probe, vccs->transconductance(), terminals[2], terminals[3]);
    if (const auto* cccs = dynamic_cast<const solver::Cccs*>(&device))
        return linearCurrent(probe, cccs->gain(), cccs->controller()->branchCurrent(), solver::kGround);
    if (terminals.size() != 2) return std::nullopt;
    if (const auto* resistor = dynamic_cast<const solver::Resistor*>(&device))
        return linearCurrent(probe, 1.0 / resistor->resistance(), probe.a, probe.b);
    if (const auto* capacitor = dynamic_cast<const solver::Capacitor*>(&device)) {
        probe.kind = ProbeKind::CapacitorCurrent;
        probe.value = capacitor->capacitance();
        return probe;
    }
    if (const auto* source = dynamic_cast<const solver::CurrentSource*>(&device)) {
        probe.kind = ProbeKind::SourceCurrent;
        probe.source = &source->value();
        return probe;
    }
    return std::nullopt;
}

std::variant<VectorProbe, std::string> locateElement(const OutputVector& vector, const solver::Circuit& circuit) {
    const solver::Device* device = findElement(vector.first, circuit);
    if (!device) {
        if (auto branch = circuit.nodes().findBranch(vector.first)) return VectorProbe{ProbeKind::Difference, *branch};
        return "no element named '" + vector.first + "' for " + vector.text;
    }
    auto probe = currentProbe(*device, circuit);
    if (!probe) return "cannot compute the current of '" + vector.first + "' for " + vector.text +
                       " (put a 0 V source in series and print its current)";
    if (vector.quantity == OutputQuantity::Power) {
        // A controlled source's output port is its first two terminals.
        bool port = device->terminals().size() == 2 || dynamic_cast<const solver::Vccs*>(device) ||
                    dynamic_cast<const solver::Vcvs*>(device);
        if (!port)
            return "p() needs a two-terminal element; '" + vector.first + "' has " +
                   std::to_string(device->terminals().size()) + " terminals";
        probe->power = true;
    }
    return *probe;
}

} // namespace

std::variant<VectorProbe, std::string> locateVector(const OutputVector& vector, const solver::Circuit& circuit) {
    if (vector.quantity != OutputQuantity::Voltage) return locateElement(vector, circuit);
    auto first = findNode(vector.first, circuit);
    auto second = vector.second.empty() ? std::optional<solver::Unknown>(solver::kGround) : findNode(vector.second, circuit);
    if (!first || !second)
        return "no node named '" + (first ? vector.second : vector.first) + "' for " + vector.text;
    VectorProbe probe;
    probe.unknown = *first;
    probe.reference = *second;
    return probe;
}

std::optional<std::string> locateExpressionCalls(OutputVector& item, const solver::Circuit& circuit) {
    item.expressionProbes.clear();
    for (const auto& call : item.expression->expression.vectors) {
        auto probe = locateVector(outputVectorOf(call), circuit);
        if (auto* reason = std::get_if<std::string>(&probe)) return *reason;
        item.expressionProbes.push_back(std::get<VectorProbe>(probe));
    }
    return std::nullopt;
}

} // namespace cablespice::elab
