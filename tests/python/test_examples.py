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


def _a_weighting_power(f):
    """IEC 61672-1 A-weighting as a power gain (0 dB at 1 kHz), written out here as the test's
    own reference: poles 20.598997, 107.65265, 737.86223 and 12194.217 Hz."""
    f1, f2, f3, f4 = 20.598997, 107.65265, 737.86223, 12194.217
    ra = f4**2 * f**4 / ((f**2 + f1**2) * np.sqrt((f**2 + f2**2) * (f**2 + f3**2)) * (f**2 + f4**2))
    ra1k = f4**2 * 1e12 / ((1e6 + f1**2) * np.sqrt((1e6 + f2**2) * (1e6 + f3**2)) * (1e6 + f4**2))
    return (ra / ra1k) ** 2


def test_receivers_noise_cmrr_matches_the_bridge_law_and_resistor_noise(tmp_path):
    figure = tmp_path / "receivers.png"
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "receivers_noise_cmrr.py"), "--noiseless",
                           "--len", "0", "--plot", str(figure)], capture_output=True, text=True, env=os.environ,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "receiver,ad_1k_db,cmrr_60_db,noise_dbu,noise_a_dbu,ein_dbu,snr_a_db"
    rows = {line.split(",")[0]: [float(v) for v in line.split(",")[1:]] for line in lines[1:]}
    assert list(rows) == ["diffamp_10k", "diffamp_25k", "inamp", "transformer"]
    # Bridge law (CASES.md B1 = B2): CMRR = (2 Zcm + Zs+ + Zs-)/(2 dZ), 50 and 60 ohm legs.
    assert rows["diffamp_10k"][1] == pytest.approx(20 * np.log10((4 * 10e3 + 110) / 20), abs=0.02)
    assert rows["diffamp_25k"][1] == pytest.approx(20 * np.log10((4 * 25e3 + 110) / 20), abs=0.02)
    assert rows["inamp"][1] == pytest.approx(20 * np.log10((2 * 1e6 + 110) / 20), abs=0.05)
    # Transformer: each leg's common-mode impedance is its 50 pF to the shield, |Zcm| >> Zs.
    assert rows["transformer"][1] == pytest.approx(20 * np.log10(1 / (2 * np.pi * 60 * 50e-12) / 10), abs=0.2)
    # Noiseless op-amps: the difference amplifier's output noise is its resistors' and the source
    # resistors' thermal noise through an ideal op-amp (k T at 27 degC).
    kt4 = 4 * 1.380649e-23 * 300.15
    r1, r3 = 10e3 + 60, 10e3 + 50
    rpar = r3 * 10e3 / (r3 + 10e3)
    density2 = kt4 * (rpar * (1 + 10e3 / r1) ** 2 + r1 * (10e3 / r1) ** 2 + 10e3)
    f = np.geomspace(20, 20e3, 200001)
    power = np.sum(0.5 * (_a_weighting_power(f[1:]) + _a_weighting_power(f[:-1])) * np.diff(f))
    dbu = lambda v: 20 * np.log10(v / np.sqrt(0.6))
    assert rows["diffamp_10k"][2] == pytest.approx(dbu(np.sqrt(density2 * (20e3 - 20))), abs=0.01)
    assert rows["diffamp_10k"][3] == pytest.approx(dbu(np.sqrt(density2 * power)), abs=0.02)
    # Unity gain within 0.1 dB for the amplifiers: the equivalent input noise is the output's.
    assert abs(rows["diffamp_10k"][0]) < 0.1 and rows["diffamp_10k"][4] == pytest.approx(rows["diffamp_10k"][2], abs=0.1)
    # SNR (A-weighted) of +4 dBu at the output.
    assert rows["diffamp_10k"][5] == pytest.approx(4 - rows["diffamp_10k"][3], abs=0.01)
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_script_runs_and_gives_the_b2_cmrr():
    """README's Python section script, run as written from the repository root. sweep_link.cir
    without cable (len = 0) is CASES.md B2: dr = 600 gives a CMRR of 30.6083 dB (its header)."""
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    script = readme.split("## Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(script.strip().splitlines()) == 5
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                          env=os.environ, timeout=300)
    assert done.returncode == 0, done.stderr
    ratios = done.stdout.split("array([[", 1)[1].split("]])", 1)[0].replace("]", "").replace("[", "").split(",")
    assert 20 * np.log10(float(ratios[0])) == pytest.approx(30.6083, abs=1e-4)


def test_cmake_install_puts_an_importable_package_into_the_python(tmp_path):
    """`cmake --install` (into a scratch DESTDIR) installs the package where that Python looks
    for it (its site-packages under the prefix), and the installed copy runs."""
    build = os.environ.get("CABLESPICE_BUILD_DIR")
    if not build:
        pytest.skip("CABLESPICE_BUILD_DIR is not set to the build tree")
    env = dict(os.environ, DESTDIR=str(tmp_path))
    done = subprocess.run(["cmake", "--install", build], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    packages = [os.path.dirname(os.path.dirname(p)) for p in
                (os.path.join(root, f) for root, _, files in os.walk(tmp_path) for f in files)
                if os.path.basename(p) == "__init__.py" and os.path.basename(os.path.dirname(p)) == "cablespice"]
    assert len(packages) == 1
    site = packages[0][len(str(tmp_path)):]
    import site as site_module
    assert site in site_module.getsitepackages()
    check = "import cablespice; print(cablespice.__file__, cablespice.Circuit.from_string('t\\nR1 a 0 2k\\nI1 0 a 1m\\n.op\\n.end\\n').run().analyses[0]['v(a)'][0])"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=packages[0]), cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    path, volts = done.stdout.split()
    assert path.startswith(str(tmp_path)) and float(volts) == pytest.approx(2.0, rel=1e-12)
