"""Measurement helpers on rawfile plots (Python 3 standard library only).

Quantities of a sample (real or complex):
    real   the real part                mag    |x|
    imag   the imaginary part           db     20*log10|x|
    phase  angle in degrees (-180, 180]

Interpolation: transient/DC/op plots interpolate linearly in the scale; AC plots interpolate in
log10(frequency) (so a dB value between two grid points of a 'dec' sweep is interpolated along
a straight line of the Bode plot); phase is unwrapped across the bracketing pair.

A measurement spec (used by the runners; see validation/README.md) is a dict:
    {"analysis": "ac"|"tran"|"dc"|"op", "plot": 0, "measure": KIND, ...}
KIND and its keys:
    value        vec, at (omit for .op), quantity
    diff         a, b, at, quantity            quantity of (a - b)
    ratio        num, den, at, quantity        |num|/|den| (quantity 'mag') or 20log10 of it ('db')
    max / min    vec, quantity, from, to, return ('value' | 'at'), refine (bool, default true)
    first_peak / first_trough   vec, after, quantity, return, refine
    crossing     vec, level_db, relative_to (null | 'first' | dB number), direction
                 ('falling' | 'rising' | 'any'), after -> scale value of the first crossing
"""
from __future__ import annotations

import cmath
import math

from rawfile import Plot, find_plot

QUANTITIES = ("real", "imag", "mag", "db", "phase")


class MeasureError(Exception):
    pass


def quantity(x, q: str) -> float:
    if q == "real":
        return x.real if isinstance(x, complex) else float(x)
    if q == "imag":
        return x.imag if isinstance(x, complex) else 0.0
    if q == "mag":
        return abs(x)
    if q == "db":
        a = abs(x)
        return 20.0 * math.log10(a) if a > 0 else -math.inf
    if q == "phase":
        return math.degrees(cmath.phase(complex(x)))
    raise MeasureError(f"unknown quantity '{q}' (use one of {QUANTITIES})")


def db(x) -> float:
    return quantity(x, "db")


def phase_deg(x) -> float:
    return quantity(x, "phase")


def _is_log(plot: Plot) -> bool:
    return plot.kind == "ac"


def _xcoord(plot: Plot, x: float) -> float:
    if _is_log(plot):
        if x <= 0:
            raise MeasureError("AC interpolation needs a positive frequency")
        return math.log10(x)
    return x


def _xs(plot: Plot) -> list[float]:
    return [_xcoord(plot, s) for s in plot.scale]


def _bracket(xs: list[float], x: float, rel: float = 1e-9) -> tuple[int, int, float]:
    """Indices (i, j) and weight w (value = (1-w)*y[i] + w*y[j]) for x in the scale xs.

    The scale may be increasing or decreasing (a .dc sweep can go down).  A point within a
    relative 1e-9 of a grid point snaps to it.  Raises outside the range."""
    n = len(xs)
    if n == 0:
        raise MeasureError("empty plot")
    span = max(abs(xs[0]), abs(xs[-1]), abs(xs[-1] - xs[0]), 1e-300)
    for i, xi in enumerate(xs):
        if abs(xi - x) <= rel * span:
            return i, i, 0.0
    for i in range(n - 1):
        a, b = xs[i], xs[i + 1]
        if min(a, b) <= x <= max(a, b) and a != b:
            return i, i + 1, (x - a) / (b - a)
    raise MeasureError(f"point {x} outside the scale [{xs[0]}, {xs[-1]}]")


def _interp_quantity(ya, yb, w: float, q: str) -> float:
    qa, qb = quantity(ya, q), quantity(yb, q)
    if w == 0.0:
        return qa
    if q == "phase":
        d = qb - qa
        d = (d + 180.0) % 360.0 - 180.0
        return qa + w * d
    return (1.0 - w) * qa + w * qb


def value_at(plot: Plot, vec: str, at: float | None = None, q: str = "real") -> float:
    """Quantity q of vector vec at scale point `at` (None: single-point plot, e.g. .op)."""
    y = plot.vec(vec)
    if at is None:
        if len(y) != 1:
            if plot.kind == "ac" and len(y) > 1:
                raise MeasureError(f"'{vec}': plot has {len(y)} points, give 'at'")
            raise MeasureError(f"'{vec}': plot has {len(y)} points, give 'at'")
        return quantity(y[0], q)
    i, j, w = _bracket(_xs(plot), _xcoord(plot, at))
    return _interp_quantity(y[i], y[j], w, q)


def complex_at(plot: Plot, vec: str, at: float | None = None):
    """Raw sample at `at` (interpolated linearly in the x coordinate, real and imaginary)."""
    y = plot.vec(vec)
    if at is None:
        return y[0]
    i, j, w = _bracket(_xs(plot), _xcoord(plot, at))
    return y[i] if w == 0 else (1 - w) * y[i] + w * y[j]


def diff_at(plot: Plot, a: str, b: str, at: float | None = None, q: str = "real") -> float:
    ya, yb = plot.vec(a), plot.vec(b)
    d = [u - v for u, v in zip(ya, yb)]
    if at is None:
        return quantity(d[0], q)
    i, j, w = _bracket(_xs(plot), _xcoord(plot, at))
    return _interp_quantity(d[i], d[j], w, q)


def ratio_at(plot: Plot, num: str, den: str, at: float | None = None, q: str = "mag") -> float:
    """|num|/|den| at a point; q='db' gives 20log10 of the magnitude ratio."""
    if q == "db":
        return value_at(plot, num, at, "db") - value_at(plot, den, at, "db")
    if q != "mag":
        raise MeasureError("ratio supports quantity 'mag' or 'db'")
    n, d = value_at(plot, num, at, "mag"), value_at(plot, den, at, "mag")
    if d == 0:
        raise MeasureError(f"ratio: |{den}| is zero")
    return n / d


def _parabola(x0, x1, x2, y0, y1, y2):
    """Vertex (x, y) of the parabola through three points (any spacing)."""
    d = (x0 - x1) * (x0 - x2) * (x1 - x2)
    if d == 0:
        return x1, y1
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d
    b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / d
    c = (x1 * x2 * (x1 - x2) * y0 + x2 * x0 * (x2 - x0) * y1 + x0 * x1 * (x0 - x1) * y2) / d
    if a == 0:
        return x1, y1
    xv = -b / (2 * a)
    if not (min(x0, x2) <= xv <= max(x0, x2)):
        return x1, y1
    return xv, c - b * b / (4 * a)


def _refine(xs, ys, k):
    if 0 < k < len(ys) - 1:
        return _parabola(xs[k - 1], xs[k], xs[k + 1], ys[k - 1], ys[k], ys[k + 1])
    return xs[k], ys[k]


def _unx(plot: Plot, x: float) -> float:
    return 10 ** x if _is_log(plot) else x


def extremum(plot: Plot, vec: str, kind: str = "max", q: str = "real",
             x_from: float | None = None, x_to: float | None = None,
             refine: bool = True) -> tuple[float, float]:
    """(value, location) of the max or min of quantity q over [x_from, x_to]."""
    xs = _xs(plot)
    ys = [quantity(v, q) for v in plot.vec(vec)]
    lo = _xcoord(plot, x_from) if x_from is not None else -math.inf
    hi = _xcoord(plot, x_to) if x_to is not None else math.inf
    idx = [k for k, x in enumerate(xs) if lo <= x <= hi]
    if not idx:
        raise MeasureError("empty window")
    sign = 1.0 if kind == "max" else -1.0
    k = max(idx, key=lambda i: sign * ys[i])
    x, y = _refine(xs, ys, k) if refine else (xs[k], ys[k])
    return y, _unx(plot, x)


def first_extremum(plot: Plot, vec: str, kind: str = "peak", after: float = 0.0,
                   q: str = "real", refine: bool = True) -> tuple[float, float]:
    """(value, location) of the first local maximum ('peak') or minimum ('trough') strictly
    after `after`.  Plateaus count once (the first sample of the plateau)."""
    xs = _xs(plot)
    ys = [quantity(v, q) for v in plot.vec(vec)]
    a = _xcoord(plot, after)
    s = 1.0 if kind == "peak" else -1.0
    for k in range(1, len(ys) - 1):
        if xs[k] <= a:
            continue
        if s * ys[k] > s * ys[k - 1] and s * ys[k] >= s * ys[k + 1]:
            x, y = _refine(xs, ys, k) if refine else (xs[k], ys[k])
            return y, _unx(plot, x)
    raise MeasureError(f"no {kind} of {vec} after {after}")


def crossing(plot: Plot, vec: str, level_db: float = -3.0, relative_to=None,
             direction: str = "falling", after: float | None = None) -> float:
    """Scale value where 20log10|vec| first crosses a level (AC: log-frequency interpolation).

    relative_to: None -> level is absolute dB; 'first' -> relative to the first point;
    a number -> relative to that dB value."""
    xs = _xs(plot)
    ys = [quantity(v, "db") for v in plot.vec(vec)]
    ref = 0.0
    if relative_to == "first":
        ref = ys[0]
    elif isinstance(relative_to, (int, float)):
        ref = float(relative_to)
    lvl = ref + level_db
    a = _xcoord(plot, after) if after is not None else -math.inf
    for k in range(len(ys) - 1):
        if xs[k + 1] <= a:
            continue
        y0, y1 = ys[k], ys[k + 1]
        down = y0 >= lvl > y1
        up = y0 <= lvl < y1
        if (direction == "falling" and down) or (direction == "rising" and up) or \
           (direction == "any" and (down or up)):
            w = (lvl - y0) / (y1 - y0)
            return _unx(plot, xs[k] + w * (xs[k + 1] - xs[k]))
    raise MeasureError(f"{vec} never crosses {lvl:.4f} dB ({direction})")


def evaluate(plots: list[Plot], spec: dict) -> float:
    """Evaluate one measurement spec (see module docstring) on the plots of a rawfile."""
    kind = spec.get("analysis")
    plot = find_plot(plots, kind, int(spec.get("plot", 0)))
    m = spec.get("measure", "value")
    q = spec.get("quantity")
    at = spec.get("at")
    if m == "value":
        return value_at(plot, spec["vec"], at, q or "real")
    if m == "diff":
        return diff_at(plot, spec["a"], spec["b"], at, q or "real")
    if m == "ratio":
        return ratio_at(plot, spec["num"], spec["den"], at, q or "mag")
    if m in ("max", "min"):
        v, x = extremum(plot, spec["vec"], m, q or "real", spec.get("from"), spec.get("to"),
                        spec.get("refine", True))
        return x if spec.get("return", "value") == "at" else v
    if m in ("first_peak", "first_trough"):
        v, x = first_extremum(plot, spec["vec"], m[6:], spec.get("after", 0.0), q or "real",
                              spec.get("refine", True))
        return x if spec.get("return", "value") == "at" else v
    if m == "crossing":
        return crossing(plot, spec["vec"], spec.get("level_db", -3.0), spec.get("relative_to"),
                        spec.get("direction", "falling"), spec.get("after"))
    raise MeasureError(f"unknown measure '{m}'")
