"""Reader for ngspice rawfiles (binary and ASCII, real and complex, several plots per file).

Python 3 standard library only.

    from rawfile import read_raw
    plots = read_raw("out.raw")           # list of Plot, in file order
    p = plots[0]
    p.plotname, p.is_complex, p.scale_name, p.names
    p.vec("V(out)")                       # list of float or complex, name looked up case-insensitively
    p.vec("v1#branch") == p.vec("i(v1)")  # branch currents are normalised to i(name)

Format notes (ngspice src/frontend/rawfile.c):
  * header lines "Key: value" up to "Binary:" or "Values:";
  * "No. Points:" may be space padded (ngspice rewrites it in place);
  * a plot that was being written when the run stopped carries "Plotname: ... (partial)"
    and may hold fewer points than announced: we keep the complete points that are present;
  * binary data are little-endian doubles, point-major; in a complex plot every variable,
    the scale included, takes two doubles (real, imaginary);
  * ngspice writes garbage in the imaginary part of the frequency scale, so a complex plot's
    scale is returned as its real part.
"""
from __future__ import annotations

import re
import struct
import sys

__all__ = ["Plot", "RawFileError", "read_raw", "normalise_name"]


class RawFileError(Exception):
    pass


_HEADER_KEYS = ("title", "date", "plotname", "flags", "no. variables", "no. points",
                "variables", "binary", "values", "command", "option", "dimensions")


def normalise_name(name: str) -> str:
    """Canonical, lower-case vector name.

    'V1#branch' and 'I(V1)' -> 'i(v1)';  'i(a$poly$e1)' (ngspice's POLY E1) -> 'i(e1)';  'V(Out)' -> 'v(out)';  'vdb(x)' is not a vector
    name and is left alone.  A bare node name (as some writers emit) stays bare; Plot.vec()
    tries both 'x' and 'v(x)'.
    """
    n = name.strip().lower()
    m = re.fullmatch(r"(.+)#branch", n)
    if m:
        n = f"i({m.group(1)})"
    # ngspice runs a POLY E or H as an XSPICE code model 'a$poly$NAME': its branch is NAME's.
    m = re.fullmatch(r"i\(a\$poly\$(.+)\)", n)
    if m:
        return f"i({m.group(1)})"
    return n


class Plot:
    def __init__(self):
        self.title = ""
        self.date = ""
        self.plotname = ""
        self.flags = ""
        self.partial = False
        self.npoints_declared = 0
        self.names: list[str] = []      # names as written in the file
        self.types: list[str] = []      # 'time', 'frequency', 'voltage', 'current', ...
        self.data: list[list] = []      # one list per variable
        self.header: dict[str, str] = {}

    # -- classification --------------------------------------------------
    @property
    def is_complex(self) -> bool:
        return "complex" in self.flags.lower().split()

    @property
    def kind(self) -> str:
        """'op', 'dc', 'ac', 'tran', 'noise' (spectral densities), 'noise_total' (integrated noise),
        'sens' (DC sensitivities) or 'other' from the plot name."""
        p = self.plotname.lower()
        if p.startswith("operating point"):
            return "op"
        if p.startswith("dc transfer") or p.startswith("dc "):
            return "dc"
        if p.startswith("ac analysis"):
            return "ac"
        if p.startswith("transient"):
            return "tran"
        if p.startswith("noise spectral density"):
            return "noise"
        if p.startswith("integrated noise"):
            return "noise_total"
        if p.startswith("sensitivity analysis"):
            return "sens"
        return "other"

    @property
    def scale_name(self) -> str:
        return normalise_name(self.names[0]) if self.names else ""

    @property
    def scale(self) -> list:
        return self.data[0] if self.data else []

    @property
    def npoints(self) -> int:
        return len(self.data[0]) if self.data else 0

    def canonical_names(self) -> list[str]:
        return [normalise_name(n) for n in self.names]

    # -- lookup ----------------------------------------------------------
    def _index(self, name: str) -> int | None:
        want = normalise_name(name)
        cands = [want]
        m = re.fullmatch(r"v\((.+)\)", want)
        # ngspice writes the integrated noise as v(onoise_total), i(inoise_total) (after the
        # input source's kind); cablespice writes the bare names.
        noise = re.fullmatch(r"i\(([io]noise_.+)\)", want)
        if m and "," not in m.group(1):
            cands.append(m.group(1))
        elif noise:
            cands.append(noise.group(1))
        else:
            cands.append(f"v({want})")
        canon = self.canonical_names()
        for c in cands:
            if c in canon:
                return canon.index(c)
        return None

    def has(self, name: str) -> bool:
        return self._index(name) is not None

    def vec(self, name: str) -> list:
        i = self._index(name)
        if i is None:
            raise KeyError(f"no vector '{name}' in plot '{self.plotname}' "
                           f"(have: {', '.join(self.canonical_names())})")
        return self.data[i]

    def __repr__(self):
        return (f"<Plot '{self.plotname}' {'complex' if self.is_complex else 'real'} "
                f"{len(self.names)} vars x {self.npoints} pts>")


def _parse_header(buf: bytes, pos: int, plot: Plot) -> tuple[int, str]:
    """Parse header lines from pos; return (position after 'Binary:'/'Values:' line, mode)."""
    nvars = None
    while True:
        if pos >= len(buf):
            raise RawFileError("unexpected end of file in header")
        end = buf.find(b"\n", pos)
        if end < 0:
            end = len(buf)
        line = buf[pos:end].decode("latin-1").rstrip("\r")
        pos = end + 1
        if not line.strip():
            continue
        key, _, val = line.partition(":")
        k = key.strip().lower()
        v = val.strip()
        if k == "title":
            plot.title = v
        elif k == "date":
            plot.date = v
        elif k == "plotname":
            if v.endswith("(partial)"):
                plot.partial = True
                v = v[: -len("(partial)")].rstrip()
            plot.plotname = v
        elif k == "flags":
            plot.flags = v
        elif k == "no. variables":
            nvars = int(v)
        elif k == "no. points":
            plot.npoints_declared = int(v)
        elif k == "variables":
            if nvars is None:
                raise RawFileError("'Variables:' before 'No. Variables:'")
            # variable list may start on the same line (rare) or the following lines
            rest = v
            lines = []
            if rest:
                lines.append(rest)
            while len(lines) < nvars:
                end = buf.find(b"\n", pos)
                if end < 0:
                    raise RawFileError("unexpected end of file in variable list")
                ln = buf[pos:end].decode("latin-1").strip()
                pos = end + 1
                if ln:
                    lines.append(ln)
            for ln in lines:
                f = ln.split()
                if len(f) < 3:
                    raise RawFileError(f"bad variable line: {ln!r}")
                plot.names.append(f[1])
                plot.types.append(f[2].lower())
        elif k in ("binary", "values"):
            if nvars is None or len(plot.names) != nvars:
                raise RawFileError("variable list missing or incomplete")
            return pos, k
        else:
            plot.header[k] = v


def _parse_binary(buf: bytes, pos: int, plot: Plot) -> int:
    nv = len(plot.names)
    per = 2 * nv if plot.is_complex else nv
    rec = 8 * per
    avail = (len(buf) - pos) // rec
    npts = plot.npoints_declared
    if avail < npts:
        if not plot.partial:
            raise RawFileError(f"plot '{plot.plotname}': {npts} points declared, "
                               f"only {avail} present")
        npts = avail
        truncated = True
    else:
        truncated = False
    vals = struct.unpack_from(f"<{per * npts}d", buf, pos)
    plot.data = [[] for _ in range(nv)]
    for p in range(npts):
        base = p * per
        if plot.is_complex:
            for j in range(nv):
                plot.data[j].append(complex(vals[base + 2 * j], vals[base + 2 * j + 1]))
        else:
            for j in range(nv):
                plot.data[j].append(vals[base + j])
    if plot.is_complex and plot.data:
        plot.data[0] = [c.real for c in plot.data[0]]
    # a truncated (partial) plot ends the file: ignore the incomplete last record
    return len(buf) if truncated else pos + npts * rec


def _parse_ascii(buf: bytes, pos: int, plot: Plot) -> int:
    nv = len(plot.names)
    plot.data = [[] for _ in range(nv)]
    npts = plot.npoints_declared
    tokens: list[str] = []
    need = npts * (1 + nv)
    while len(tokens) < need and pos < len(buf):
        end = buf.find(b"\n", pos)
        if end < 0:
            end = len(buf)
        line = buf[pos:end].decode("latin-1")
        low = line.strip().lower()
        if any(low.startswith(k + ":") for k in _HEADER_KEYS):
            break  # next plot starts (partial plot)
        pos = end + 1
        tokens.extend(line.split())
    complete = len(tokens) // (1 + nv)
    if complete < npts and not plot.partial:
        raise RawFileError(f"plot '{plot.plotname}': {npts} points declared, "
                           f"only {complete} present")
    npts = min(npts, complete)

    def conv(t: str):
        if plot.is_complex:
            re_, _, im = t.partition(",")
            return complex(float(re_), float(im) if im else 0.0)
        return float(t)

    for p in range(npts):
        base = p * (1 + nv)
        for j in range(nv):
            plot.data[j].append(conv(tokens[base + 1 + j]))
    if plot.is_complex and plot.data:
        plot.data[0] = [c.real for c in plot.data[0]]
    return pos


def read_raw(path: str) -> list[Plot]:
    with open(path, "rb") as fh:
        buf = fh.read()
    plots = []
    pos = 0
    while True:
        # skip blank lines between plots
        while pos < len(buf) and buf[pos:pos + 1] in (b"\n", b"\r", b" ", b"\t"):
            pos += 1
        if pos >= len(buf):
            break
        plot = Plot()
        pos, mode = _parse_header(buf, pos, plot)
        if mode == "binary":
            pos = _parse_binary(buf, pos, plot)
        else:
            pos = _parse_ascii(buf, pos, plot)
        plots.append(plot)
    if not plots:
        raise RawFileError(f"{path}: no plots")
    return plots


def find_plot(plots: list[Plot], kind: str | None = None, index: int = 0) -> Plot:
    """The index-th plot of the given kind ('op', 'dc', 'ac', 'tran'); any kind if None."""
    sel = [p for p in plots if kind is None or p.kind == kind]
    if len(sel) <= index:
        raise KeyError(f"no plot of kind {kind!r} (#{index}); have "
                       f"{[p.plotname for p in plots]}")
    return sel[index]


if __name__ == "__main__":  # tiny dump utility
    for p in read_raw(sys.argv[1]):
        print(repr(p), "partial" if p.partial else "")
        for n, d in zip(p.canonical_names(), p.data):
            print(f"  {n:20s} {d[:3]}{' ...' if len(d) > 3 else ''}")
