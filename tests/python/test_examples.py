"""The Python examples in netlists/examples run and give their documented numbers."""

import os
import subprocess
import sys

import numpy as np
import pytest

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "netlists", "examples")


def test_sweep_imbalance_tabulates_the_grid_and_draws_the_figure(tmp_path):
    figure, csv = tmp_path / "cmrr.png", tmp_path / "cmrr.csv"
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "sweep_imbalance.py"), "--dr", "0,10,600",
                           "--dc", "0,0.05", "--len", "0,10", "--csv", str(csv), "--plot", str(figure)],
                          capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "dr_ohm,dc_rel,len_m,freq_hz,acm_db,ad_db,cmrr_db"
    rows = {tuple(float(v) for v in line.split(",")[:3]): [float(v) for v in line.split(",")[4:]] for line in lines[1:]}
    assert len(rows) == 3 * 2 * 2
    # CASES.md B2: 50/650 ohm legs into the 4 x 10k difference amplifier, CMRR 40700/1200.
    assert rows[(600, 0, 0)][2] == pytest.approx(20 * np.log10(40700 / 1200), abs=0.01)
    # Without cable the capacitance imbalance changes nothing; with 10 m (2 nF per leg) 5 % of
    # it (100 pF) through the 50 ohm legs gives, to first order, Acm = 2 pi f dC * 50 at 60 Hz.
    assert rows[(0, 0.05, 0)] == rows[(0, 0, 0)]
    assert rows[(0, 0.05, 10)][0] == pytest.approx(20 * np.log10(2 * np.pi * 60 * 100e-12 * 50), abs=0.5)
    assert csv.read_text() == done.stdout
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sweep_dask_prints_the_b2_cmrr():
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "sweep_dask.py")], capture_output=True, text=True,
                          env=os.environ, timeout=300)
    assert done.returncode == 0, done.stderr
    row = next(line.split() for line in done.stdout.splitlines() if line.startswith("600.0"))
    assert float(row[1]) == pytest.approx(20 * np.log10(40700 / 1200), abs=0.01)
