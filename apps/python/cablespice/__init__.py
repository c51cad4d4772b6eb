"""cablespice: audio cable and receiver networks from Python.

    import cablespice
    circuit = cablespice.Circuit.from_file("balanced_link.cir", params={"dr": 10})
    results = circuit.run()
    results.analyses[0]["v(out)"]                           # numpy array
    ds = cablespice.sweep(circuit, {"dr": [0, 10, 100]})   # xarray.Dataset
"""

from .circuit import Analysis, Circuit, Results
from .errors import NetlistError, SimulationError
from .sweep import sweep

__all__ = ["Analysis", "Circuit", "NetlistError", "Results", "SimulationError", "sweep"]
