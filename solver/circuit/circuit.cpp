#include "solver/circuit/circuit.hpp"

#include <algorithm>
#include <cassert>
#include <typeinfo>
#include <utility>
#include <vector>

namespace cablespice::solver {

void Circuit::adopt(std::shared_ptr<Device> device) {
    assert(!finalized() && "devices must be added before finalize()");
    byName_->insert(device->name(), devices_.size(), nameAt());  // a repeated name keeps the first device
    devices_.push_back(std::move(device));
}

void Circuit::reserveDevices(std::size_t count) {
    devices_.reserve(count);
    byName_->reserve(count, nameAt());
}

Device* Circuit::findDevice(std::string_view name) const {
    if (auto position = byName_->find(name, nameAt())) return devices_[*position].get();
    return lookupFallback_ ? lookupFallback_->findDevice(name) : nullptr;
}

namespace {

// What each device type answered to each capability's cast: -1 not asked yet, else 0 or 1. All
// devices of one dynamic type answer alike, so a cast that fails (most of a device's seven, and
// failing cross-casts are the slow kind: ~5 ms for the 16,000 devices of a 1e4-unknown harness)
// is made once a type.
template <std::size_t Lists>
class CapabilityAnswers {
public:
    using Answers = std::array<signed char, Lists>;
    Answers& of(const Device& device) {
        const std::type_info& type = typeid(device);
        for (auto& [known, answers] : types_)
            if (*known == type) return answers;
        Answers unknown;
        unknown.fill(-1);
        return types_.emplace_back(&type, unknown).second;
    }

private:
    std::vector<std::pair<const std::type_info*, Answers>> types_;  // a netlist has a few types
};

// Whether `device` has the capability, cast only when its type has not answered yet.
template <class Capability>
bool hasCapability(const Device& device, signed char& typeHasIt) {
    if (typeHasIt < 0) typeHasIt = dynamic_cast<const Capability*>(&device) ? 1 : 0;
    return typeHasIt == 1;
}

// Appends `device` to `list` when it has the capability.
template <class Capability, class List>
void sortInto(List& list, Device* device, signed char& typeHasIt) {
    if (hasCapability<Capability>(*device, typeHasIt)) list.push_back(dynamic_cast<Capability*>(device));
}

} // namespace

void Circuit::sortCapabilities() {
    CapabilityAnswers<kCapabilityLists> answers;
    for (const auto& device : devices_) {
        Device* d = device.get();
        auto& has = answers.of(*d);
        sortInto<const ExcitationDevice>(excitations_, d, has[0]);
        sortInto<const FrequencyDependentDevice>(frequencyDependent_, d, has[1]);
        sortInto<const SmallSignalFrequencyDevice>(smallSignalFrequency_, d, has[2]);
        sortInto<HistoryDevice>(history_, d, has[3]);
        sortInto<NonlinearDevice>(nonlinear_, d, has[4]);
        sortInto<const InitialConditionDevice>(initialConditions_, d, has[5]);
        sortInto<const NoiseDevice>(noise_, d, has[6]);
    }
}

namespace {

bool samePattern(const SparsePattern& a, const SparsePattern& b) {
    return a.size() == b.size() && a.columnPointers() == b.columnPointers() && a.rowIndices() == b.rowIndices();
}

} // namespace

void Circuit::finalize(KluSettings settings, const Circuit* sameTopologyAs, SymbolicAnalysis analysis) {
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
        auto symbolic = std::make_shared<DeferredSymbolic>(pattern_, settings);
        if (analysis == SymbolicAnalysis::InBackground) symbolic->startInBackground();
        else symbolic->get();
        symbolic_ = std::move(symbolic);
        settings.ordering = kColamdOrdering;
        settings.analyzeStaticPivots = false;  // the operating point's real factors search their pivots
        dcSymbolic_ = std::make_shared<DeferredSymbolic>(pattern_, settings);
        ownsDcSymbolic_ = true;
        ++symbolicAnalyses_;
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

// The successor's entry at `position` of a capability list (the predecessor's place).
template <class Capability, class List>
void substitute(List& list, int position, Device& successor) {
    if (position < 0) return;
    auto* is = dynamic_cast<Capability*>(&successor);
    assert(is && "a successor has its predecessor's type");
    list[static_cast<std::size_t>(position)] = is;
}

} // namespace

// `base`'s lists with each replaced device's entry pointing at its successor: the same order as
// sortCapabilities gives. A replaced device's place in a list is the number of devices before it
// in `base` that are in that list (a cast per device type and capability, as sortCapabilities);
// counting them here, once a point, spares every circuit a table of places (28 bytes a device).
void Circuit::takeCapabilitiesOf(const Circuit& base, const std::vector<Replacement>& replacements) {
    excitations_ = base.excitations_;
    frequencyDependent_ = base.frequencyDependent_;
    smallSignalFrequency_ = base.smallSignalFrequency_;
    history_ = base.history_;
    nonlinear_ = base.nonlinear_;
    initialConditions_ = base.initialConditions_;
    noise_ = base.noise_;
    std::vector<Device*> successorAt(base.devices_.size(), nullptr);
    for (const auto& [index, successor] : replacements) successorAt[index] = successor.get();
    CapabilityAnswers<kCapabilityLists> answers;
    std::array<int, kCapabilityLists> before{};
    for (std::size_t i = 0; i < base.devices_.size(); ++i) {
        const Device& device = *base.devices_[i];
        auto& has = answers.of(device);
        const std::array<bool, kCapabilityLists> in{
            hasCapability<ExcitationDevice>(device, has[0]), hasCapability<FrequencyDependentDevice>(device, has[1]),
            hasCapability<SmallSignalFrequencyDevice>(device, has[2]), hasCapability<HistoryDevice>(device, has[3]),
            hasCapability<NonlinearDevice>(device, has[4]), hasCapability<InitialConditionDevice>(device, has[5]),
            hasCapability<NoiseDevice>(device, has[6])};
        std::array<int, kCapabilityLists> at;
        for (std::size_t k = 0; k < kCapabilityLists; ++k) {
            at[k] = in[k] ? before[k] : -1;
            before[k] += in[k] ? 1 : 0;
        }
        Device* successor = successorAt[i];
        if (!successor) continue;
        substitute<const ExcitationDevice>(excitations_, at[0], *successor);
        substitute<const FrequencyDependentDevice>(frequencyDependent_, at[1], *successor);
        substitute<const SmallSignalFrequencyDevice>(smallSignalFrequency_, at[2], *successor);
        substitute<HistoryDevice>(history_, at[3], *successor);
        substitute<NonlinearDevice>(nonlinear_, at[4], *successor);
        substitute<const InitialConditionDevice>(initialConditions_, at[5], *successor);
        substitute<const NoiseDevice>(noise_, at[6], *successor);
    }
}

// Each device of this circuit matched with the device of `base` whose place it takes; nothing
// when one has no such place or two claim the same.
std::optional<std::vector<Circuit::Replacement>> Circuit::replacementsIn(const Circuit& base) const {
    std::vector<Replacement> replacements;
    replacements.reserve(devices_.size());
    std::vector<char> claimed(base.devices_.size(), 0);
    for (const auto& device : devices_) {
        auto position = base.byName_->find(device->name(), base.nameAt());
        if (!position || !base.fitsInPlaceOf(*device, base.devices_[*position].get())) return std::nullopt;
        const std::size_t index = *position;
        if (claimed[index]) return std::nullopt;
        claimed[index] = 1;
        replacements.push_back({index, device});
    }
    return replacements;
}

bool Circuit::finalizeReplacing(const Circuit& base) {
    assert(base.finalized() && !finalized() && "rebuilt devices replace those of a finalized circuit");
    for (auto& device : devices_) device->allocateUnknowns(nodes_);
    if (nodes_.count() != base.nodes_.count()) return false;
    auto replacements = replacementsIn(base);
    if (!replacements) return false;
    // By index in base.devices_, so that the checks below stay linear in the devices.
    std::vector<char> isReplaced(base.devices_.size(), 0);
    for (const auto& replacement : *replacements) isReplaced[replacement.index] = 1;
    auto replaced = [&](const Device* target) {
        auto position = base.byName_->find(target->name(), base.nameAt());
        return position && base.devices_[*position].get() == target && isReplaced[*position];
    };
    auto pointsAtReplaced = [&](const Device& device) {
        auto targets = device.referencedDevices();
        return std::any_of(targets.begin(), targets.end(), replaced);
    };
    for (std::size_t i = 0; i < base.devices_.size(); ++i)
        if (!isReplaced[i] && pointsAtReplaced(*base.devices_[i])) return false;
    for (const auto& device : devices_)
        if (pointsAtReplaced(*device)) return false;
    std::vector<std::shared_ptr<Device>> merged = base.devices_;
    for (const auto& [index, successor] : *replacements) merged[index] = successor;
    pattern_ = base.pattern_;
    symbolic_ = base.symbolic_;
    dcSymbolic_ = base.dcSymbolic_;
    for (const auto& replacement : *replacements) replacement.successor->bindSlots(*pattern_);
    devices_ = std::move(merged);
    byName_ = base.byName_;  // the same names at the same indices
    lookupFallback_ = nullptr;
    takeCapabilitiesOf(base, *replacements);
    reloadConstant();
    return true;
}

} // namespace cablespice::solver
