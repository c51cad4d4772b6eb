// The compiled part of the Python package `cablespice` (cablespice/_cablespice.so); the API
// users see (Circuit, Results, Analysis, sweep) is in the pure-Python modules beside it.
#include "apps/python/python_circuit.hpp"
#include "solver/analysis/audio_noise.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;
using cablespice::python::PythonCircuit;

namespace {

// The figures --noise-report prints, from the same function: Analysis.audio_noise() calls this.
py::dict audioNoise(const std::vector<double>& frequencies, const std::vector<double>& outputDensity,
                    const std::vector<double>& inputDensity, double lowHz, double highHz) {
    if (frequencies.size() != outputDensity.size() || frequencies.size() != inputDensity.size())
        throw py::value_error("audio_noise: frequency, onoise and inoise must have the same length");
    if (frequencies.size() < 2) throw py::value_error("audio_noise: a noise spectrum needs at least two frequencies");
    if (!(lowHz > 0.0) || !(highHz > lowHz)) throw py::value_error("audio_noise: need 0 < low < high");
    const auto figures =
        cablespice::solver::audioNoiseFigures(frequencies, outputDensity, inputDensity, lowHz, highHz);
    py::dict result;
    result["low_hz"] = figures.lowHz;
    result["high_hz"] = figures.highHz;
    result["output"] = figures.outputVolts;
    result["output_a"] = figures.outputAWeightedVolts;
    result["input"] = figures.inputVolts;
    result["input_a"] = figures.inputAWeightedVolts;
    result["output_dbu"] = cablespice::solver::toDbu(figures.outputVolts);
    result["output_a_dbu"] = cablespice::solver::toDbu(figures.outputAWeightedVolts);
    result["output_dbv"] = cablespice::solver::toDbv(figures.outputVolts);
    result["output_a_dbv"] = cablespice::solver::toDbv(figures.outputAWeightedVolts);
    // Meaningful when the input source is a voltage source (the input noise is then in volts).
    result["input_dbu"] = cablespice::solver::toDbu(figures.inputVolts);
    result["input_a_dbu"] = cablespice::solver::toDbu(figures.inputAWeightedVolts);
    return result;
}

} // namespace

PYBIND11_MODULE(_cablespice, module) {
    module.doc() = "cablespice engine bindings (use the cablespice package, not this module)";
    module.def("_audio_noise", &audioNoise, py::arg("frequency"), py::arg("onoise"), py::arg("inoise"),
               py::arg("low"), py::arg("high"));
    py::class_<PythonCircuit>(module, "_Circuit")
        .def_static("from_file", &PythonCircuit::fromFile, py::arg("path"), py::arg("params") = py::none(),
                    py::arg("strict") = false)
        .def_static("from_string", &PythonCircuit::fromString, py::arg("text"), py::arg("params") = py::none(),
                    py::arg("name") = "<string>", py::arg("strict") = false)
        .def_property_readonly("title", &PythonCircuit::title)
        .def_property_readonly("params", &PythonCircuit::params)
        .def_property_readonly("step_names", &PythonCircuit::stepNames)
        .def_property_readonly("step_values", &PythonCircuit::stepValues)
        .def_property_readonly("warnings", &PythonCircuit::warnings)
        .def("run_points", &PythonCircuit::runPoints, py::arg("points") = py::none(), py::arg("jobs") = py::none(),
             py::arg("first_index") = 0);
}
