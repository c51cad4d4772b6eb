#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/node_table.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/mna/deferred_symbolic.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "solver/support/name_index.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace cablespice::solver {

// Owns devices and the MNA structure of one topology. finalize() is the only place where
// the topology can change: unknowns -> pattern -> KLU symbolic analysis -> slots -> constant load.
class Circuit {
public:
    Circuit() = default;
    Circuit(const Circuit&) = delete;
    Circuit& operator=(const Circuit&) = delete;

    NodeTable& nodes() { return nodes_; }
    const NodeTable& nodes() const { return nodes_; }

    // make_shared: the device and its shared count in one allocation (devices_ shares them
    // with derived circuits), one malloc a device fewer than converting a unique_ptr.
    template <class D, class... Args>
    D& add(Args&&... args) {
        auto device = std::make_shared<D>(std::forward<Args>(args)...);
        D& ref = *device;
        adopt(std::move(device));
        return ref;
    }
    void adopt(std::shared_ptr<Device> device);
    // Room for `count` devices and their names, before adding them.
    void reserveDevices(std::size_t count);

    // Looks up a device by its (lower-case) name.
    Device* findDevice(std::string_view name) const;
    const std::vector<std::shared_ptr<Device>>& devices() const { return devices_; }

    // With `sameTopologyAs` (a finalized circuit, e.g. the first .step point), the pattern and
    // KLU's symbolic analysis are shared when the topology turns out identical. With
    // SymbolicAnalysis::InBackground the analysis (AMD, ~2 ms of a 1e4-unknown load) runs on a
    // thread of its own while the caller goes on, until its first symbolic().
    enum class SymbolicAnalysis { Now, InBackground };
    void finalize(KluSettings settings = {}, const Circuit* sameTopologyAs = nullptr,
                  SymbolicAnalysis analysis = SymbolicAnalysis::Now);
    bool finalized() const { return pattern_ != nullptr; }
    // Recomputes G_lin/C_lin after device values change (same topology, e.g. a .step point).
    void reloadConstant();

    // A point that changes only values (ARCHITECTURE B2, B10): this unfinalized circuit holds
    // the devices rebuilt for the point, its node table a copy of `base`'s. Each takes the place
    // of `base`'s device of the same name when nothing structural moved: same type, terminals
    // and unknowns, every matrix entry already in `base`'s pattern, and no kept device pointing
    // at a replaced one. Then this circuit shares `base`'s pattern, KLU symbolic analyses and
    // unchanged devices (which are immutable once finalized) and loads its own G_lin/C_lin;
    // `base` and every other circuit derived from it stay as they were, so a point's deck
    // keeps its own values after the next point ran. Returns false when anything does not fit
    // (the caller then elaborates the point in full).
    bool finalizeReplacing(const Circuit& base);
    // Device lookups that miss here ask `other` (the circuit whose devices a fresh one replaces:
    // a rebuilt K finds the inductors that were not rebuilt).
    void setLookupFallback(const Circuit* other) { lookupFallback_ = other; }

    int unknownCount() const { return nodes_.count(); }
    const SparsePattern& pattern() const { return *pattern_; }
    // Two symbolic analyses per topology, one per matrix family. G + alpha0*C (transient) and
    // G + jwC (AC) have usable diagonal pivots, so AMD on A+A' predicts their fill. G alone
    // (operating point, DC sweep) has exact zeros on the diagonal of every inductor and voltage
    // source row; the forced off-diagonal pivots wreck an AMD ordering (5-10x the fill on cable
    // harnesses), so the DC family uses COLAMD, which bounds fill for any row pivoting. The DC
    // family's analysis is made when first asked for (deferred_symbolic.hpp).
    const KluSymbolic& symbolic() const { return symbolic_->get(); }
    const KluSymbolic& dcSymbolic() const { return dcSymbolic_->get(); }
    // True when both families' symbolic analyses are `other`'s (made or not).
    bool sharesSymbolicAnalyses(const Circuit& other) const {
        return symbolic_ == other.symbolic_ && dcSymbolic_ == other.dcSymbolic_;
    }
    // The symbolic analyses this circuit made for its topology (shared ones are the base's).
    int symbolicAnalyses() const { return symbolicAnalyses_ + (ownsDcSymbolic_ && dcSymbolic_->made() ? 1 : 0); }
    const MatrixValues& gConstant() const { return g_; }
    const MatrixValues& cConstant() const { return c_; }

    const std::vector<const ExcitationDevice*>& excitations() const { return excitations_; }
    const std::vector<const FrequencyDependentDevice*>& frequencyDependent() const { return frequencyDependent_; }
    const std::vector<const SmallSignalFrequencyDevice*>& smallSignalFrequency() const { return smallSignalFrequency_; }
    const std::vector<HistoryDevice*>& historyDevices() const { return history_; }
    const std::vector<NonlinearDevice*>& nonlinearDevices() const { return nonlinear_; }
    const std::vector<const InitialConditionDevice*>& initialConditionDevices() const { return initialConditions_; }
    // True without nonlinear devices: analyses then take the linear route (no Newton loop).
    bool isLinear() const { return nonlinear_.empty(); }
    const std::vector<const NoiseDevice*>& noiseDevices() const { return noise_; }

private:
    // A device of `base` (its index in devices_) and the device that takes its place.
    struct Replacement {
        std::size_t index;
        std::shared_ptr<Device> successor;
    };
    using DeviceNames = NameIndex<ExactNames>;
    static constexpr std::size_t kCapabilityLists = 7;

    void sortCapabilities();
    void takeCapabilitiesOf(const Circuit& base, const std::vector<Replacement>& replacements);
    bool fitsPattern(const Device& device) const;
    bool fitsInPlaceOf(const Device& device, const Device* old) const;
    std::optional<std::vector<Replacement>> replacementsIn(const Circuit& base) const;

    NodeTable nodes_;
    std::vector<std::shared_ptr<Device>> devices_;  // shared with circuits derived by finalizeReplacing
    // Name -> index in devices_; shared with the circuits derived by finalizeReplacing (same
    // names in the same order), never changed once shared (those are finalized).
    std::shared_ptr<DeviceNames> byName_ = std::make_shared<DeviceNames>();
    // devices_[position]'s name, for byName_.
    auto nameAt() const {
        return [this](std::size_t position) -> std::string_view { return devices_[position]->name(); };
    }
    std::shared_ptr<const SparsePattern> pattern_;
    std::shared_ptr<const DeferredSymbolic> symbolic_;  // made by finalize, now or in the background
    std::shared_ptr<const DeferredSymbolic> dcSymbolic_;
    int symbolicAnalyses_ = 0;  // made here, besides the DC family's
    bool ownsDcSymbolic_ = false;
    const Circuit* lookupFallback_ = nullptr;
    MatrixValues g_;
    MatrixValues c_;
    std::vector<const ExcitationDevice*> excitations_;
    std::vector<const FrequencyDependentDevice*> frequencyDependent_;
    std::vector<const SmallSignalFrequencyDevice*> smallSignalFrequency_;
    std::vector<HistoryDevice*> history_;
    std::vector<NonlinearDevice*> nonlinear_;
    std::vector<const InitialConditionDevice*> initialConditions_;
    std::vector<const NoiseDevice*> noise_;
};

} // namespace cablespice::solver
