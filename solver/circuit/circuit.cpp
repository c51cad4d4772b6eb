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
        if (auto* s = dynamic_cast<const SmallSignalFrequencyDevice*>(device.get())) smallSignalFrequency_.push_back(s);
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

// `base`'s list of one capability with each replaced device's entry pointing at its successor
// (the same order as sortCapabilities gives, without a cast per kept device).
template <class Capability, class List>
List substituted(const List& base, const std::unordered_map<const Device*, std::shared_ptr<Device>>& replacement) {
    List list = base;
    for (const auto& [old, successor] : replacement) {
        const auto* was = dynamic_cast<const Capability*>(old);
        if (!was) continue;
        auto* is = dynamic_cast<Capability*>(successor.get());
        assert(is && "a successor has its predecessor's type");
        for (auto& entry : list)
            if (entry == was) entry = is;
    }
    return list;
}

} // namespace

void Circuit::takeCapabilitiesOf(const Circuit& base,
                                 const std::unordered_map<const Device*, std::shared_ptr<Device>>& replacement) {
    excitations_ = substituted<ExcitationDevice>(base.excitations_, replacement);
    frequencyDependent_ = substituted<FrequencyDependentDevice>(base.frequencyDependent_, replacement);
    smallSignalFrequency_ = substituted<SmallSignalFrequencyDevice>(base.smallSignalFrequency_, replacement);
    history_ = substituted<HistoryDevice>(base.history_, replacement);
    nonlinear_ = substituted<NonlinearDevice>(base.nonlinear_, replacement);
    initialConditions_ = substituted<InitialConditionDevice>(base.initialConditions_, replacement);
    noise_ = substituted<NoiseDevice>(base.noise_, replacement);
}

bool Circuit::finalizeReplacing(const Circuit& base) {
    assert(base.finalized() && !finalized() && "rebuilt devices replace those of a finalized circuit");
    for (auto& device : devices_) device->allocateUnknowns(nodes_);
    if (nodes_.count() != base.nodes_.count()) return false;
    std::unordered_map<const Device*, std::shared_ptr<Device>> replacement;  // base's device -> its successor
    for (const auto& device : devices_) {
        auto it = base.byName_.find(device->name());
        if (it == base.byName_.end() || !base.fitsInPlaceOf(*device, it->second)) return false;
        if (!replacement.emplace(it->second, device).second) return false;
    }
    auto pointsAtReplaced = [&](const Device& device) {
        auto targets = device.referencedDevices();
        return std::any_of(targets.begin(), targets.end(), [&](const Device* t) { return replacement.count(t) != 0; });
    };
    for (const auto& device : base.devices_)
        if (!replacement.count(device.get()) && pointsAtReplaced(*device)) return false;
    for (const auto& device : devices_)
        if (pointsAtReplaced(*device)) return false;
    std::vector<std::shared_ptr<Device>> merged;
    merged.reserve(base.devices_.size());
    for (const auto& device : base.devices_) {
        auto it = replacement.find(device.get());
        merged.push_back(it == replacement.end() ? device : it->second);
    }
    pattern_ = base.pattern_;
    symbolic_ = base.symbolic_;
    dcSymbolic_ = base.dcSymbolic_;
    for (auto& [old, successor] : replacement) successor->bindSlots(*pattern_);
    devices_ = std::move(merged);
    byName_.clear();
    for (const auto& device : devices_) byName_.emplace(device->name(), device.get());
    lookupFallback_ = nullptr;
    takeCapabilitiesOf(base, replacement);
    reloadConstant();
    return true;
}

} // namespace cablespice::solver
