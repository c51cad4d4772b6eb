#!/usr/bin/env python3
"""Tests of ngspice_crosscheck.py's comparison itself: deliberately broken results must fail it.

    python3 validation/crosscheck_selftest.py [--cablespice PATH] [--ngspice PATH] [-v]

Each test runs ngspice and cablespice on a small deck and compares them exactly as the
cross-check does (compare_files, passes).  The unbroken deck must pass (so a failure below is
the break's doing, not the deck's); then, each alone:
  * an RC whose resistor is 0.1 % (and 1.2 %) off in cablespice's deck fails, in .ac and in .tran
    (the cross-check's default transient tolerance, 3e-4 of full scale);
  * a crosstalk node (its peak 1/170 of the drive's) 2 % off fails, in .ac and in .tran (at
    this deck's measured transient tolerance, CROSSTALK_TRAN_TOL);
  * a NaN in one vector (cablespice's or ngspice's) fails;
  * a vector or an analysis missing from cablespice's results fails;
  * a transient that stops early, or a plot marked partial, fails.
Exit status 0 pass, 1 fail, 77 when ngspice is not on PATH (ctest SKIP_RETURN_CODE).
"""
from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.dont_write_bytecode = True  # keep the source tree clean

import ngspice_crosscheck as xc  # noqa: E402
from rawfile import read_raw  # noqa: E402

SKIP = 77
TOOLS = {"cablespice": None, "ngspice": None}

RC = """RC step and lowpass: tau = 1 ms
v1 in 0 pulse(0 1 1m 1u 1u 1 2) ac 1
r1 in cap {r}
c1 cap 0 1u
.tran 10u 8m
.ac dec 10 10 100k
.end
"""

CROSSTALK = """Capacitive crosstalk from a driven node into a terminated victim
v1 src 0 pulse(0 1 10u 1u 1u 1 2) ac 1
ra src agg 100
ca agg 0 10n
cc agg vic 100p
rv vic 0 100
cv vic 0 1n
.tran 0.1u 20u
.ac dec 10 1k 10meg
.end
"""
# The crosstalk deck's 1 us edges are resolved to SPICE's default accuracy only: measured
# (commit 1c611cb) max |cablespice - ngspice| = 4.7e-3 of the victim's own full scale, ngspice
# against its own reltol=1e-7 run 2.9e-3; 1.2e-2 leaves 2.5x.  The victim's peak is 1/170 of the
# drive's, so a tolerance taken from the drive's scale would let a 2 % victim error through.
CROSSTALK_TRAN_TOL = 1.2e-2


def simulate(deck_text, tool):
    with tempfile.TemporaryDirectory(prefix="cs_xchk_selftest_") as tmp:
        deck, raw = os.path.join(tmp, "deck.cir"), os.path.join(tmp, "out.raw")
        with open(deck, "w") as fh:
            fh.write(deck_text)
        cmd = [TOOLS[tool], "-b", "-r", raw, deck] if tool == "ngspice" else [TOOLS[tool], "-r", raw, deck]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"{tool} failed on the self-test deck:\n{proc.stdout}{proc.stderr}")
        return read_raw(raw)


def plot_of(plots, kind):
    return next(p for p in plots if p.kind == kind)


def failing_kinds(ref, ours, tran_tol=None):
    """(passes, names of the plots with a failing vector, problems)."""
    results, problems = xc.compare_files(ref, ours, "selftest.cir", tran_tol)
    kinds = {r.plot for r in results if not r.ok}
    return xc.passes(results, problems), kinds, problems


class Comparison(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rc_ref = simulate(RC.format(r="1k"), "ngspice")
        cls.rc_ours = simulate(RC.format(r="1k"), "cablespice")
        cls.xt_ref = simulate(CROSSTALK, "ngspice")
        cls.xt_ours = simulate(CROSSTALK, "cablespice")

    def assert_fails(self, ref, ours, *, plots=None, tran_tol=None):
        ok, kinds, problems = failing_kinds(ref, ours, tran_tol)
        self.assertFalse(ok, "the comparison passed a broken result")
        if plots:
            for p in plots:
                self.assertIn(p, kinds, f"no failing vector in '{p}' (failing: {kinds}, problems: {problems})")

    # -- controls: the unbroken decks pass, so the failures below come from the breaks ------
    def test_rc_unbroken_passes(self):
        ok, kinds, problems = failing_kinds(self.rc_ref, self.rc_ours)
        self.assertTrue(ok, f"failing: {kinds} {problems}")

    def test_crosstalk_unbroken_passes(self):
        ok, kinds, problems = failing_kinds(self.xt_ref, self.xt_ours, CROSSTALK_TRAN_TOL)
        self.assertTrue(ok, f"failing: {kinds} {problems}")

    def test_victim_is_small(self):
        victim = max(abs(v) for v in plot_of(self.xt_ref, "tran").vec("v(vic)"))
        drive = max(abs(v) for v in plot_of(self.xt_ref, "tran").vec("v(agg)"))
        self.assertLess(victim, drive / 100)

    # -- broken variants ---------------------------------------------------------------------
    def test_resistor_0p1_percent_off_fails_ac_and_tran(self):
        ours = simulate(RC.format(r="1.001k"), "cablespice")
        self.assert_fails(self.rc_ref, ours, plots=("AC Analysis", "Transient Analysis"))

    def test_resistor_1p2_percent_off_fails_tran(self):
        ours = simulate(RC.format(r="1.012k"), "cablespice")
        self.assert_fails(self.rc_ref, ours, plots=("AC Analysis", "Transient Analysis"))

    def test_crosstalk_node_2_percent_off_fails(self):
        for kind in ("tran", "ac"):
            ours = copy.deepcopy(self.xt_ours)
            p = plot_of(ours, kind)
            vec = p.vec("v(vic)")
            vec[:] = [v * 1.02 for v in vec]
            with self.subTest(kind=kind):
                self.assert_fails(self.xt_ref, ours, plots=(p.plotname,), tran_tol=CROSSTALK_TRAN_TOL)

    def test_nan_in_one_vector_fails(self):
        for side in ("ours", "ref"):
            for kind in ("tran", "ac"):
                ref, ours = copy.deepcopy(self.rc_ref), copy.deepcopy(self.rc_ours)
                p = plot_of(ours if side == "ours" else ref, kind)
                vec = p.vec("v(cap)")
                vec[len(vec) // 2] = float("nan") if kind == "tran" else complex(float("nan"), 0.0)
                with self.subTest(side=side, kind=kind):
                    self.assert_fails(ref, ours, plots=(p.plotname,))

    def test_missing_vector_fails(self):
        ours = copy.deepcopy(self.xt_ours)
        p = plot_of(ours, "tran")
        j = p.canonical_names().index("v(vic)")
        del p.names[j], p.types[j], p.data[j]
        self.assert_fails(self.xt_ref, ours, plots=(p.plotname,), tran_tol=CROSSTALK_TRAN_TOL)

    def test_missing_analysis_fails(self):
        ours = [p for p in copy.deepcopy(self.rc_ours) if p.kind != "ac"]
        self.assert_fails(self.rc_ref, ours)

    def test_extra_analysis_fails(self):
        ours = copy.deepcopy(self.rc_ours) + [copy.deepcopy(plot_of(self.rc_ours, "ac"))]
        self.assert_fails(self.rc_ref, ours)

    def test_shorter_transient_fails(self):
        ours = copy.deepcopy(self.rc_ours)
        p = plot_of(ours, "tran")
        keep = len(p.scale) * 9 // 10
        p.data = [d[:keep] for d in p.data]
        self.assert_fails(self.rc_ref, ours, plots=(p.plotname,))

    def test_partial_plot_fails(self):
        ours = copy.deepcopy(self.rc_ours)
        plot_of(ours, "tran").partial = True
        self.assert_fails(self.rc_ref, ours, plots=("Transient Analysis",))

    def test_shorter_ac_sweep_fails(self):
        ours = copy.deepcopy(self.rc_ours)
        p = plot_of(ours, "ac")
        p.data = [d[:-1] for d in p.data]
        self.assert_fails(self.rc_ref, ours, plots=(p.plotname,))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=xc.find_exe("cablespice", [os.environ.get("CABLESPICE"),
                                                                       os.path.join(xc.ROOT, "build", "cablespice")]))
    ap.add_argument("--ngspice", default=xc.find_exe("ngspice", [os.environ.get("NGSPICE")]))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not (os.path.isfile(a.ngspice) and os.access(a.ngspice, os.X_OK)):
        print("skipped: ngspice not found")
        return SKIP
    TOOLS.update(cablespice=a.cablespice, ngspice=a.ngspice)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Comparison)
    result = unittest.TextTestRunner(verbosity=2 if a.verbose else 1).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
