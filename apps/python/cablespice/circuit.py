"""Circuit, Results and Analysis: the engine's runs as numpy arrays."""

import numpy as np

from ._cablespice import _Circuit, _audio_noise
from .errors import SimulationError


class Analysis:
    """One analysis card of one point: ``kind``, ``step``, ``scale``, ``vectors``, ``measures``."""

    def __init__(self, data, step, measures):
        self.kind = data["kind"]
        self.plot = data["plot"]
        self.scale_name = data["scale_name"]
        self.scale = data["scale"]
        self.vectors = data["vectors"]
        self.complete = data["complete"]
        self.step = dict(step)
        self.measures = dict(measures)

    def __getitem__(self, name):
        return self.vectors[name]

    def audio_noise(self, low=20.0, high=20e3, reference_dbu=None):
        """A .noise spectrum's audio figures over [low, high] Hz (the part the sweep covers), as
        ``--noise-report`` prints them: ``output`` and ``output_a`` (V rms, unweighted and
        IEC 61672 A-weighted), ``input`` and ``input_a`` (equivalent input noise, V or A rms),
        ``output_dbu``, ``output_a_dbu``, ``output_dbv``, ``output_a_dbv``, ``input_dbu``,
        ``input_a_dbu`` (when the input source is a V source), the band ``low_hz``,
        ``high_hz`` and, with ``reference_dbu`` (a signal level at the output), ``snr_db`` and
        ``snr_a_db``."""
        if "onoise_spectrum" not in self.vectors:
            raise ValueError(f"audio_noise needs a .noise spectrum, not the plot '{self.plot}'")
        figures = _audio_noise(self.scale, self["onoise_spectrum"], self["inoise_spectrum"], low, high)
        if reference_dbu is not None:
            figures["snr_db"] = reference_dbu - figures["output_dbu"]
            figures["snr_a_db"] = reference_dbu - figures["output_a_dbu"]
        return figures

    def __repr__(self):
        return f"<Analysis {self.kind} {self.step} {len(self.scale)} points, vectors {list(self.vectors)}>"


class Results:
    """What ``Circuit.run`` returns: ``analyses`` (per point, in netlist order), ``measures``,
    ``fourier`` (each ``.four`` vector's table per point), ``errors``."""

    def __init__(self, points):
        self.points = points
        self.analyses = [Analysis(a, p["step"], p["measures"]) for p in points for a in p["analyses"]]
        self.errors = [e for p in points for e in p["errors"]]
        self.fourier = [dict(table, step=dict(p["step"])) for p in points for table in p.get("fourier", [])]
        names = []
        for point in points:
            names += [n for n in point["measures"] if n not in names]
        stepped = len(points) > 1 or any(p["step"] for p in points)
        self.measures = {}
        for name in names:
            values = np.array([p["measures"].get(name, np.nan) for p in points], dtype=float)
            self.measures[name] = values if stepped else float(values[0])

    def __repr__(self):
        kinds = [a.kind for a in self.analyses]
        return (f"<Results {len(self.points)} point(s), analyses {kinds}, measures {list(self.measures)}, "
                f"{len(self.errors)} error(s)>")


class Circuit:
    """A netlist loaded once; ``run`` solves it (again with other parameters if asked)."""

    def __init__(self, engine, text=None, name=None, path=None, params=None, strict=False):
        self._engine = engine
        self._source = (path, text, name)
        self._overrides = dict(params or {})
        self._strict = strict

    @classmethod
    def from_file(cls, path, params=None, strict=False):
        path = str(path)
        return cls(_Circuit.from_file(path, params, strict), path=path, params=params, strict=strict)

    @classmethod
    def from_string(cls, text, params=None, name="<string>", strict=False):
        return cls(_Circuit.from_string(text, params, name, strict), text=text, name=name, params=params, strict=strict)

    @property
    def params(self):
        """Top-level .param values after the overrides."""
        return self._engine.params

    @property
    def steps(self):
        """The netlist's .step cards: {stepped name: numpy array of its values}, outermost first."""
        return {name: np.asarray(values, dtype=float)
                for name, values in zip(self._engine.step_names, self._engine.step_values)}

    @property
    def title(self):
        return self._engine.title

    @property
    def warnings(self):
        return self._engine.warnings

    def with_params(self, params):
        """The same netlist loaded with more overrides (what ``-D`` does)."""
        merged = {**self._overrides, **(params or {})}
        path, text, name = self._source
        if path is not None:
            return Circuit.from_file(path, merged, self._strict)
        return Circuit.from_string(text, merged, name, self._strict)

    def run(self, params=None, jobs=None):
        """Runs every analysis (and every .step point); raises SimulationError when nothing ran."""
        circuit = self.with_params(params) if params else self
        points = circuit._engine.run_points(None, jobs)
        failed = [p for p in points if not p["ok"]]
        if failed and len(failed) == len(points):
            raise SimulationError("\n".join(e for p in failed for e in p["errors"]) or "simulation failed")
        return Results(points)

    def run_points(self, points, jobs=None, first_index=0):
        """Low level: one result dict per point ({name: value}); failed points are not raised.
        first_index: the global index of points[0] (random functions draw from the seed and
        each point's index, so a share of a sweep keeps the draws of the whole)."""
        return self._engine.run_points(list(points), jobs, first_index)

    def __getstate__(self):
        path, text, name = self._source
        return {"path": path, "text": text, "name": name, "params": self._overrides, "strict": self._strict}

    def __setstate__(self, state):
        if state["path"] is not None:
            engine = _Circuit.from_file(state["path"], state["params"], state["strict"])
        else:
            engine = _Circuit.from_string(state["text"], state["params"], state["name"], state["strict"])
        self.__init__(engine, state["text"], state["name"], state["path"], state["params"], state["strict"])
