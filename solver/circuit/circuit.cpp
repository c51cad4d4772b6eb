#include "solver/circuit/circuit.hpp"

#include <algorithm>
#include <cassert>
#include <typeinfo>

namespace cablespice::solver {

void Circuit::adopt(std::unique_ptr<Device> device) {
    assert(!finalized() && "devices must be added before finalize()");
    byName_.emplace(device->name(), device.get());
    devices_.push_back(std::move(device));
}

Device* Circuit::findDevice(std::string_view name) const {
    auto it = byName_.find(std::string(name));
    if (it != byName_.end()) return it->second;
    return lookupFallback_ ? lookupFallback_->findDevice(name) : nullptr;
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

bool Circuit::fitsPattern(const Device& device) const {
    PatternBuilder builder(nodes_.count());
    device.declareEntries(builder);
    return std::all_of(builder.entries().begin(), builder.entries().end(), [&](const PatternBuilder::Entry& entry) {
        if (!pattern_->contains(entry.row, entry.col)) return false;
        const auto kind = static_cast<int>(pattern_->kind(pattern_->slot(entry.row, entry.col)));
        return (kind & static_cast<int>(entry.kind)) == static_cast<int>(entry.kind);
    });
}

bool Circuit::fitsInPlaceOf(const Device& device, const Device* old) const {
    return old && typeid(*old) == typeid(device) && old->terminals() == device.terminals() &&
           old->branchCurrent() == device.branchCurrent() && fitsPattern(device);
}

namespace {

template <class Capability, class List>
void replaceIn(List& list, const Device* old, Device* now) {
    const auto* was = dynamic_cast<const Capability*>(old);
    if (!was) return;
    auto* is = dynamic_cast<Capability*>(now);
    assert(is && "a replacement has its predecessor's type");
    for (auto& entry : list)
        if (entry == was) entry = is;
}

} // namespace

void Circuit::replaceInCapabilities(const Device* old, Device* now) {
    replaceIn<ExcitationDevice>(excitations_, old, now);
    replaceIn<FrequencyDependentDevice>(frequencyDependent_, old, now);
    replaceIn<HistoryDevice>(history_, old, now);
    replaceIn<NonlinearDevice>(nonlinear_, old, now);
    replaceIn<InitialConditionDevice>(initialConditions_, old, now);
    replaceIn<NoiseDevice>(noise_, old, now);
}

bool Circuit::replaceDevices(Circuit& fresh) {
    assert(finalized() && !fresh.finalized() && "fresh devices replace those of a finalized circuit");
    for (auto& device : fresh.devices_) device->allocateUnknowns(fresh.nodes_);
    if (fresh.nodes_.count() != nodes_.count()) return false;
    std::unordered_map<const Device*, std::unique_ptr<Device>*> replacement;  // old device -> its successor
    for (auto& device : fresh.devices_) {
        auto it = byName_.find(device->name());
        if (it == byName_.end() || !fitsInPlaceOf(*device, it->second)) return false;
        replacement.emplace(it->second, &device);
    }
    auto pointsAtReplaced = [&](const Device& device) {
        auto targets = device.referencedDevices();
        return std::any_of(targets.begin(), targets.end(), [&](const Device* t) { return replacement.count(t) != 0; });
    };
    for (const auto& device : devices_)
        if (!replacement.count(device.get()) && pointsAtReplaced(*device)) return false;
    for (const auto& device : fresh.devices_)
        if (pointsAtReplaced(*device)) return false;
    for (auto& device : devices_) {
        auto it = replacement.find(device.get());
        if (it == replacement.end()) continue;
        std::unique_ptr<Device> successor = std::move(*it->second);
        successor->bindSlots(*pattern_);
        replaceInCapabilities(device.get(), successor.get());
        byName_[successor->name()] = successor.get();
        device = std::move(successor);
    }
    fresh.devices_.clear();
    fresh.byName_.clear();
    reloadConstant();
    return true;
}

} // namespace cablespice::solver
