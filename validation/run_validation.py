#!/usr/bin/env python3
"""Run cablespice on validation circuits and compare measurements with expected values.

    python3 validation/run_validation.py [--cablespice PATH] [--timeout S] [-v] [FOLDER_OR_CASE ...]

Arguments (default: every case under validation/cases):
  * a case folder holding circuit.cir + expected.json (see validation/README.md), or a folder
    of such case folders;
  * a folder of netlists (*.cir, *.sp) whose comment headers carry expected values, e.g.
    ../shared/validation/netlists, or one such netlist.  Header lines have the form
        *   QUANTITY = VALUE UNIT  (tol +/- TOL)  [basis]
    and each QUANTITY is mapped to a measurement through validation/shared_header_map.json
    (keyed by netlist file name, then by the quantity text exactly as written).  A header
    line without a mapping is a FAIL ("unmapped"), never skipped.

Prints one line per check (case, quantity, expected, got, tolerance, PASS/FAIL), then
`N passed, M failed`; exits 1 on any failure.  Expected values never come from cablespice.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.dont_write_bytecode = True  # keep the source tree clean

from rawfile import read_raw  # noqa: E402
from measure import evaluate  # noqa: E402

DEFAULT_CASES = os.path.join(HERE, "cases")
HEADER_MAP = os.path.join(HERE, "shared_header_map.json")
NETLIST_EXT = (".cir", ".sp", ".net", ".spi")

HEADER_RE = re.compile(
    r"^\*\s+(?P<q>.+)\s=\s(?P<val>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>[^(]*?)\s*"
    r"\(tol \+/- (?P<tol>[-+0-9.eE]+)\)\s*(?:\[(?P<basis>.*)\])?\s*$")


def default_cablespice() -> str:
    root = os.path.dirname(HERE)
    for cand in (os.environ.get("CABLESPICE"), os.path.join(root, "build", "cablespice")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return "cablespice"


def parse_header_expectations(path: str) -> list[dict]:
    out = []
    with open(path, encoding="latin-1") as fh:
        for lineno, line in enumerate(fh, 1):
            m = HEADER_RE.match(line.rstrip("\n"))
            if m:
                out.append({"name": m.group("q").strip(), "expected": float(m.group("val")),
                            "expected_text": m.group("val"),
                            "tolerance": float(m.group("tol")), "unit": m.group("unit").strip(),
                            "basis": (m.group("basis") or "").strip(), "line": lineno})
    return out


class Job:
    """One netlist to simulate plus its checks."""

    def __init__(self, label: str, netlist: str, checks: list[dict]):
        self.label = label
        self.netlist = netlist
        self.checks = checks


def jobs_for(path: str, header_map: dict) -> list[Job]:
    path = os.path.abspath(path)
    if os.path.isdir(path):
        if os.path.isfile(os.path.join(path, "circuit.cir")) and \
                os.path.isfile(os.path.join(path, "expected.json")):
            with open(os.path.join(path, "expected.json")) as fh:
                exp = json.load(fh)
            return [Job(os.path.basename(path), os.path.join(path, "circuit.cir"), exp["checks"])]
        jobs = []
        for name in sorted(os.listdir(path)):
            sub = os.path.join(path, name)
            if os.path.isdir(sub) and os.path.isfile(os.path.join(sub, "expected.json")):
                jobs += jobs_for(sub, header_map)
            elif os.path.isfile(sub) and name.lower().endswith(NETLIST_EXT):
                jobs += jobs_for(sub, header_map)
        if not jobs:
            raise SystemExit(f"run_validation: nothing to run in {path}")
        return jobs
    if os.path.isfile(path):
        base = os.path.basename(path)
        heads = parse_header_expectations(path)
        mapping = header_map.get(base, {})
        checks = []
        for h in heads:
            c = dict(h)
            entry = mapping.get(h["name"])
            c["measure"] = None
            if isinstance(entry, dict) and "measure" in entry and isinstance(entry["measure"], dict):
                # {"measure": spec, "exact": x, "exact_basis": "..."}: the header printed the
                # closed-form value with fewer digits than its tolerance needs; use the exact
                # value, but only if it rounds to the printed one (checked here).
                c["measure"] = entry["measure"]
                if "exact" in entry:
                    half = 0.5 * 10.0 ** Decimal(h["expected_text"]).as_tuple().exponent
                    if abs(entry["exact"] - h["expected"]) > half * (1 + 1e-9):
                        c["error"] = (f"map 'exact' {entry['exact']!r} does not round to the "
                                      f"header value {h['expected_text']}")
                    else:
                        c["note"] = (f"header {h['expected_text']} is rounded coarser than its "
                                     f"tolerance; exact {entry.get('exact_basis', '')} used")
                        c["expected"] = float(entry["exact"])
            elif isinstance(entry, dict):
                c["measure"] = entry
            checks.append(c)
        if not heads:
            checks.append({"name": "(no expected values in header)", "measure": None,
                           "expected": math.nan, "tolerance": 0.0, "unit": "", "basis": "",
                           "error": "no '* QUANTITY = VALUE (tol +/- TOL)' header lines"})
        return [Job(os.path.splitext(base)[0], path, checks)]
    raise SystemExit(f"run_validation: no such file or folder: {path}")


def run_cablespice(exe: str, netlist: str, workdir: str, timeout: float):
    raw = os.path.join(workdir, "out.raw")
    try:
        p = subprocess.run([exe, "-r", raw, netlist], cwd=workdir, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {timeout:g} s"
    except OSError as e:
        return None, f"cannot run {exe}: {e}"
    if p.returncode != 0:
        msg = (p.stderr.strip() or p.stdout.strip()).splitlines()
        return None, f"cablespice exit {p.returncode}: {msg[0] if msg else ''}"
    if not os.path.isfile(raw):
        return None, "cablespice wrote no rawfile"
    try:
        return read_raw(raw), None
    except Exception as e:  # noqa: BLE001
        return None, f"rawfile unreadable: {e}"


def fmt(x) -> str:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    return f"{x:.10g}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", metavar="FOLDER_OR_CASE")
    ap.add_argument("--cablespice", default=default_cablespice())
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per simulation")
    ap.add_argument("--header-map", default=HEADER_MAP)
    ap.add_argument("-v", "--verbose", action="store_true", help="also print each basis")
    a = ap.parse_args(argv)

    with open(a.header_map) as fh:
        header_map = {k: v for k, v in json.load(fh).items() if not k.startswith("_")}
    jobs = []
    for p in a.paths or [DEFAULT_CASES]:
        jobs += jobs_for(p, header_map)

    npass = nfail = 0
    print(f"{'case':36s} {'quantity':48s} {'expected':>16s} {'got':>16s} {'tolerance':>10s} unit  result")
    for job in jobs:
        with tempfile.TemporaryDirectory(prefix="cs_val_") as tmp:
            plots, err = run_cablespice(a.cablespice, job.netlist, tmp, a.timeout)
        for c in job.checks:
            got, why = math.nan, ""
            if c.get("error"):
                why = c["error"]
            elif c.get("measure") is None:
                why = "unmapped (add it to validation/shared_header_map.json)"
            elif err:
                why = err
            else:
                try:
                    got = evaluate(plots, c["measure"])
                except Exception as e:  # noqa: BLE001
                    why = f"measurement failed: {e}"
            ok = (not why) and math.isfinite(got) and abs(got - c["expected"]) <= c["tolerance"]
            if not why and not ok:
                why = f"off by {got - c['expected']:+.4g}"
            npass += ok
            nfail += not ok
            line = (f"{job.label:36s} {c['name'][:48]:48s} {fmt(c['expected']):>16s} {fmt(got):>16s} "
                    f"{c['tolerance']:>10.3g} {c.get('unit', ''):5s} {'PASS' if ok else 'FAIL'}")
            if why:
                line += f"  ({why})"
            elif c.get("note"):
                line += f"  [{c['note']}]"
            print(line)
            if a.verbose and c.get("basis"):
                print(f"{'':36s}   basis: {c['basis']}")
    print(f"{npass} passed, {nfail} failed")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
