#include "parser/elaborate/element_values.hpp"

#include "solver/circuit/valued_device.hpp"

namespace cablespice::elab {

bool setPrimaryValue(solver::Device& device, double value) {
    auto* valued = dynamic_cast<solver::ValuedDevice*>(&device);
    if (valued) valued->setPrimaryValue(value);
    return valued != nullptr;
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
