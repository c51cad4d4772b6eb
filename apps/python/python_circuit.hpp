#pragma once
#include "apps/engine/loaded_netlist.hpp"

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::python {

// The C++ side of cablespice.Circuit: a loaded netlist plus the top-level .param overrides it
// was loaded with. Runs go through the engine (apps/engine runPoints), as the CLI's do.
class PythonCircuit {
public:
    static PythonCircuit fromFile(const std::string& path, const pybind11::object& params, bool strict);
    static PythonCircuit fromString(std::string text, const pybind11::object& params, std::string name, bool strict);

    std::string title() const { return loaded_->deck().title; }
    pybind11::dict params() const;
    pybind11::list stepNames() const;
    pybind11::list stepValues() const;  // each .step card's values, in stepNames() order
    pybind11::list warnings() const;

    // Runs `points` (a list of {name: value} dicts, each crossed with the netlist's own .step
    // grid; None: that grid alone, or one point without .step) on `jobs` threads with the GIL released. One dict per point:
    // ok, errors, step, analyses (kind, plot, scale_name, scale, vectors, complete), measures.
    // first_index: the global index of the first point (its random draws depend on it), for a
    // caller that runs a share of a sweep (a Dask task).
    pybind11::list runPoints(const pybind11::object& points, std::optional<int> jobs, std::size_t firstIndex = 0) const;

private:
    PythonCircuit(std::vector<elab::ParamOverride> overrides, bool strict);
    elab::ElaborationOptions loadOptions() const;

    std::shared_ptr<app::LoadedNetlist> loaded_;
    std::vector<elab::ParamOverride> overrides_;
    bool strict_ = false;
};

} // namespace cablespice::python
