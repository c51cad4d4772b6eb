#include "solver/circuit/circuit.hpp"

#include <cassert>

namespace cablespice::solver {

void Circuit::adopt(std::unique_ptr<Device> device) {
    assert(!finalized() && "devices must be added before finalize()");
    byName_.emplace(device->name(), device.get());
    devices_.push_back(std::move(device));
}

Device* Circuit::findDevice(std::string_view name) const {
    auto it = byName_.find(std::string(name));
    return it == byName_.end() ? nullptr : it->second;
}

void Circuit::sortCapabilities() {
    for (const auto& device : devices_) {
        if (auto* e = dynamic_cast<const ExcitationDevice*>(device.get())) excitations_.push_back(e);
        if (auto* f = dynamic_cast<const FrequencyDependentDevice*>(device.get())) frequencyDependent_.push_back(f);
        if (auto* h = dynamic_cast<HistoryDevice*>(device.get())) history_.push_back(h);
        if (auto* n = dynamic_cast<NonlinearDevice*>(device.get())) nonlinear_.push_back(n);
        if (auto* i = dynamic_cast<const InitialConditionDevice*>(device.get())) initialConditions_.push_back(i);
        if (auto* n = dynamic_cast<const NoiseDevice*>(device.get())) noise_.push_back(n);
    }
}

namespace {

bool samePattern(const SparsePattern& a, const SparsePattern& b) {
    return a.size() == b.size() && a.columnPointers() == b.columnPointers() && a.rowIndices() == b.rowIndices();
}

} // namespace

void Circuit::finalize(KluSettings settings, const Circuit* sameTopologyAs) {
    assert(!finalized() && "finalize() runs once per topology");
    for (auto& device : devices_) device->allocateUnknowns(nodes_);
    PatternBuilder builder(nodes_.count());
    for (const auto& device : devices_) device->declareEntries(builder);
    auto pattern = std::make_shared<SparsePattern>(builder);
    if (sameTopologyAs && sameTopologyAs->finalized() && samePattern(*pattern, sameTopologyAs->pattern())) {
        pattern_ = sameTopologyAs->pattern_;
        symbolic_ = sameTopologyAs->symbolic_;
        dcSymbolic_ = sameTopologyAs->dcSymbolic_;
    } else {
        pattern_ = pattern;
        symbolic_ = std::make_shared<KluSymbolic>(*pattern_, settings);
        settings.ordering = kColamdOrdering;
        dcSymbolic_ = std::make_shared<KluSymbolic>(*pattern_, settings);
        symbolicAnalyses_ += 2;
    }
    for (auto& device : devices_) device->bindSlots(*pattern_);
    sortCapabilities();
    reloadConstant();
}

void Circuit::reloadConstant() {
    g_ = MatrixValues(pattern_->nnz());
    c_ = MatrixValues(pattern_->nnz());
    ConstantLoad load{g_, c_};
    for (const auto& device : devices_) device->loadConstant(load);
}

} // namespace cablespice::solver
