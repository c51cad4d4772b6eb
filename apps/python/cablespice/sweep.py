"""sweep(): every point of a parameter grid as one xarray.Dataset, locally or on Dask."""

import itertools

import numpy as np

from .circuit import Circuit
from .errors import SimulationError

# Scale names of the rawfile -> the Dataset's dimension.
_SCALE_DIMENSIONS = {"frequency": "frequency", "time": "time", "v-sweep": "sweep", "i-sweep": "sweep"}


def _run_chunk(circuit, points, first_index):
    """One Dask task: a list of points run in the worker's process (one thread each)."""
    return circuit.run_points(points, jobs=1, first_index=first_index)


def _points(params, grid):
    names = list(params)
    values = [np.atleast_1d(np.asarray(params[name], dtype=float)) for name in names]
    if grid:
        combos = list(itertools.product(*values))
        dims, shape, coords = names, tuple(len(v) for v in values), {n: v for n, v in zip(names, values)}
    else:
        lengths = {len(v) for v in values}
        if len(lengths) != 1:
            raise ValueError("grid=False needs sequences of one length, got " + str(sorted(lengths)))
        combos = list(zip(*values))
        dims, shape = ["point"], (len(combos),)
        coords = {n: ("point", v) for n, v in zip(names, values)}
        coords["point"] = np.arange(len(combos))
    return [dict(zip(names, combo)) for combo in combos], dims, shape, coords


def _run(circuit, points, jobs, client):
    if client is None:
        return circuit.run_points(points, jobs)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = max(1, -(-len(points) // (4 * workers)))
    starts = list(range(0, len(points), size))
    chunks = [points[i:i + size] for i in starts]
    futures = client.map(_run_chunk, [circuit] * len(chunks), chunks, starts, pure=False)
    return [result for chunk in client.gather(futures) for result in chunk]


def _template(results, analysis):
    for result in results:
        if result["ok"] and len(result["analyses"]) > analysis:
            return result["analyses"][analysis]
    return None


def _common_scale(template):
    """The Dataset's scale: the .tran TSTEP grid (TSTART, TSTART + TSTEP, ... TSTOP), else the
    template point's own scale (frequencies and DC sweep values are the same at every point)."""
    if "tran_grid" not in template:
        return template["scale"]
    start, step, stop = template["tran_grid"]
    count = int(np.floor((stop - start) / step * (1 + 1e-12))) + 1
    return start + step * np.arange(count)


def _on_scale(data, scale, name):
    """A point's vector on `scale`, linearly interpolated where its own points differ."""
    values = data["vectors"][name]
    if len(data["scale"]) == len(scale) and np.array_equal(data["scale"], scale):
        return values
    if np.iscomplexobj(values):
        return np.interp(scale, data["scale"], values.real) + 1j * np.interp(scale, data["scale"], values.imag)
    return np.interp(scale, data["scale"], values)


def _missing_warning(step, names):
    others = f" nor {len(names) - 1} other vector(s)" if len(names) > 1 else ""
    return (f"{step}: no {names[0]}{others} of the first point's (its circuit differs); "
            "NaN there")


def sweep(netlist, params, *, grid=True, analysis=0, jobs=None, client=None):
    """Runs `netlist` (a path or a Circuit) at every point of `params` ({name: sequence}).

    Returns an xarray.Dataset: one dimension per parameter (grid=True, outer product) or one
    `point` dimension (grid=False, zipped), plus the analysis's scale (frequency, time, sweep);
    one variable per vector of analysis number `analysis` and per .meas. A netlist with .step
    cards runs their grid at every point: each card adds a dimension after those of `params`
    (a name swept both here and by a card is a ValueError). A failed point is NaN
    and its message is in ``dataset.attrs["errors"]``; raises SimulationError only when every
    point failed. The variables are the vectors of the first point that ran; a point whose
    circuit lacks one of them (a line swept to fewer sections, without a .save) is NaN there,
    named in ``dataset.attrs["warnings"]``. `client`: a dask.distributed Client to run the points on.
    """
    import xarray as xr

    circuit = netlist if isinstance(netlist, Circuit) else Circuit.from_file(netlist)
    points, dims, shape, coords = _points(params, grid)
    results = _run(circuit, points, jobs, client)
    # The netlist's own .step cards are the inner dimensions: each point runs their whole grid.
    for name, values in circuit.steps.items():
        dims, shape, coords[name] = dims + [name], shape + (len(values),), values
    count = len(results)
    errors = [f"{r['step']}: {e}" for r in results for e in r["errors"] if not r["ok"]]
    template = _template(results, analysis)
    if template is None:
        raise SimulationError("every point failed:\n" + "\n".join(errors))
    scale_dim = _SCALE_DIMENSIONS.get(template["scale_name"])
    scale = _common_scale(template)
    data_vars = {}
    if scale_dim:
        coords[scale_dim] = scale
    missing = {}  # point index -> the template's vectors its circuit lacks
    for name, first in template["vectors"].items():
        dtype = complex if np.iscomplexobj(first) else float
        values = np.full((count,) + ((len(scale),) if scale_dim else ()), np.nan, dtype=dtype)
        for i, result in enumerate(results):
            if result["ok"] and len(result["analyses"]) > analysis:
                if name not in result["analyses"][analysis]["vectors"]:
                    missing.setdefault(i, []).append(name)
                    continue
                point_values = _on_scale(result["analyses"][analysis], scale, name)
                values[i] = point_values if scale_dim else point_values[0]
        data_vars[name] = (dims + ([scale_dim] if scale_dim else []), values.reshape(shape + values.shape[1:]))
    warnings = [_missing_warning(results[i]["step"], names) for i, names in sorted(missing.items())]
    measure_names = []
    for result in results:
        measure_names += [m for m in result["measures"] if m not in measure_names]
    for name in measure_names:
        values = np.array([r["measures"].get(name, np.nan) if r["ok"] else np.nan for r in results], dtype=float)
        data_vars[name] = (dims, values.reshape(shape))
    return xr.Dataset(data_vars, coords=coords,
                      attrs={"title": circuit.title, "kind": template["kind"], "errors": errors,
                             "warnings": warnings})
