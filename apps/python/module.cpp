// The compiled part of the Python package `cablespice` (cablespice/_cablespice.so); the API
// users see (Circuit, Results, Analysis, sweep) is in the pure-Python modules beside it.
#include "apps/python/python_circuit.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;
using cablespice::python::PythonCircuit;

PYBIND11_MODULE(_cablespice, module) {
    module.doc() = "cablespice engine bindings (use the cablespice package, not this module)";
    py::class_<PythonCircuit>(module, "_Circuit")
        .def_static("from_file", &PythonCircuit::fromFile, py::arg("path"), py::arg("params") = py::none(),
                    py::arg("strict") = false)
        .def_static("from_string", &PythonCircuit::fromString, py::arg("text"), py::arg("params") = py::none(),
                    py::arg("name") = "<string>", py::arg("strict") = false)
        .def_property_readonly("title", &PythonCircuit::title)
        .def_property_readonly("params", &PythonCircuit::params)
        .def_property_readonly("step_names", &PythonCircuit::stepNames)
        .def_property_readonly("warnings", &PythonCircuit::warnings)
        .def("run_points", &PythonCircuit::runPoints, py::arg("points") = py::none(), py::arg("jobs") = py::none(),
             py::arg("first_index") = 0);
}
