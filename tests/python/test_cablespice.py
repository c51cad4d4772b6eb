"""The Python module against the CLI's rawfile, closed forms and its own API promises."""

import os
import signal
import time
import struct
import subprocess
import sys

import numpy as np
import pytest
import xarray as xr

import cablespice

# A balanced source (50 ohm legs, the cold leg 50 + sqrt(dr) ohm) into a receiver whose inputs
# see zcm each; a 1 V common-mode (ground loop) AC source. sqrt() makes dr < 0 a netlist error.
LINK = """balanced link, ground loop
.param dr=10 zcm=20k
Vgl gs 0 DC 0 AC 1
Rsp gs p 50
Rsn gs n {50+sqrt(dr)}
Rcmp p 0 {zcm}
Rcmn n 0 {zcm}
Erx out 0 p n 1
.ac dec 5 10 100k
.meas ac hum FIND vdb(out) AT=1k
.end
"""


def bridge(dr, zcm):
    """Closed form: v(out) = v(p) - v(n) of the two dividers, for a 1 V ground loop."""
    rn = 50 + np.sqrt(dr)
    return zcm / (zcm + 50) - zcm / (zcm + rn)


@pytest.fixture()
def link_file(tmp_path):
    path = tmp_path / "link.cir"
    path.write_text(LINK)
    return str(path)


def read_binary_raw(path):
    """The plots of an ngspice binary rawfile: [(plotname, {vector name: array})]."""
    data = open(path, "rb").read()
    plots, offset = [], 0
    while offset < len(data):
        end = data.index(b"Binary:\n", offset)
        header = data[offset:end].decode().splitlines()
        offset = end + len(b"Binary:\n")
        fields = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in header if ":" in line}
        complex_ = "complex" in fields["Flags"]
        nvars, npoints = int(fields["No. Variables"]), int(fields["No. Points"])
        start = header.index("Variables:") + 1
        names = [header[start + i].split()[1] for i in range(nvars)]
        width = 2 if complex_ else 1
        count = nvars * npoints * width
        values = np.array(struct.unpack_from(f"<{count}d", data, offset)).reshape(npoints, nvars, width)
        offset += 8 * count
        columns = values[:, :, 0] + 1j * values[:, :, 1] if complex_ else values[:, :, 0]
        plots.append((fields["Plotname"], {n: columns[:, i] for i, n in enumerate(names)}))
    return plots


def assert_same(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0)


def test_run_equals_the_cli_rawfile(cli, link_file, tmp_path):
    raw = tmp_path / "link.raw"
    subprocess.run([cli, "-r", str(raw), "-D", "dr=100", "-D", "zcm=10k", link_file], check=True, capture_output=True)
    (plot, expected), = read_binary_raw(raw)
    for circuit in (cablespice.Circuit.from_file(link_file, params={"dr": 100, "zcm": "10k"}),
                    cablespice.Circuit.from_string(LINK, params={"dr": 100, "zcm": 10e3})):
        analysis = circuit.run().analyses[0]
        assert analysis.kind == "ac" and analysis.plot == plot == "AC Analysis"
        assert_same(analysis.scale, expected["frequency"].real)
        assert set(analysis.vectors) == set(expected) - {"frequency"}
        for name, values in analysis.vectors.items():
            assert values.dtype == np.complex128
            assert_same(values, expected[name])


def test_op_dc_and_tran_equal_the_cli_rawfile(cli, tmp_path):
    """Real plots too: every vector of an .op, a .dc and a transient (its own time points) as the CLI writes them."""
    path = tmp_path / "rc.cir"
    path.write_text("rc with a diode\n.param r=1k\nV1 in 0 PULSE(0 2 0 1u 1u 0.4m 1m)\nR1 in out {r}\nC1 out 0 1u\n"
                    "D1 out 0 dmod\n.model dmod D(IS=1e-12)\n.op\n.dc V1 0 2 0.25\n.tran 10u 3m\n.end\n")
    raw = tmp_path / "rc.raw"
    subprocess.run([cli, "-r", str(raw), "-D", "r=2k", str(path)], check=True, capture_output=True)
    expected = read_binary_raw(raw)
    analyses = cablespice.Circuit.from_file(str(path), params={"r": 2e3}).run().analyses
    assert [(a.kind, a.plot) for a in analyses] == [("op", expected[0][0]), ("dc", expected[1][0]), ("tran", expected[2][0])]
    for analysis, (_, vectors) in zip(analyses, expected):
        scale_name = analysis.scale_name or None
        if scale_name:
            assert_same(analysis.scale, vectors[scale_name])
        assert set(analysis.vectors) == set(vectors) - {scale_name}
        for name, values in analysis.vectors.items():
            assert values.dtype == np.float64
            assert_same(values, vectors[name])


def test_run_matches_the_bridge_closed_form_and_params_after_overrides(link_file):
    circuit = cablespice.Circuit.from_file(link_file, params={"dr": 100})
    assert circuit.params == {"dr": 100.0, "zcm": 20000.0}
    results = circuit.run()
    analysis, = results.analyses
    assert analysis.step == {}
    np.testing.assert_allclose(analysis["v(out)"], bridge(100, 20e3), rtol=1e-9)
    assert results.measures["hum"] == pytest.approx(20 * np.log10(bridge(100, 20e3)), rel=1e-9)
    other = circuit.run(params={"dr": 4})
    np.testing.assert_allclose(other.analyses[0]["v(out)"], bridge(4, 20e3), rtol=1e-9)


def test_a_step_netlist_runs_every_point():
    text = LINK.replace(".end", ".step param dr list 1 4 100\n.end")
    results = cablespice.Circuit.from_string(text).run(jobs=2)
    assert [a.step for a in results.analyses] == [{"dr": 1.0}, {"dr": 4.0}, {"dr": 100.0}]
    assert isinstance(results.measures["hum"], np.ndarray)
    np.testing.assert_allclose(results.measures["hum"], 20 * np.log10(bridge(np.array([1, 4, 100]), 20e3)), rtol=1e-9)
    for analysis in results.analyses:
        np.testing.assert_allclose(analysis["v(out)"], bridge(analysis.step["dr"], 20e3), rtol=1e-9)
    assert repr(results) == "<Results 3 point(s), analyses ['ac', 'ac', 'ac'], measures ['hum'], 0 error(s)>"


def test_a_transient_and_an_op_give_real_vectors():
    text = "rc\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out 1k\nC1 out 0 1u\n.op\n.tran 0.1m 5m\n.end\n"
    op, tran = cablespice.Circuit.from_string(text).run().analyses
    assert (op.kind, tran.kind) == ("op", "tran")
    assert tran["v(out)"].dtype == np.float64 and len(tran.scale) == len(tran["v(out)"])
    late = tran.scale > 1e-3
    np.testing.assert_allclose(tran["v(out)"][late], 1 - np.exp(-tran.scale[late] / 1e-3), atol=2e-3)


def test_a_malformed_string_raises_netlist_error_at_its_line_and_column():
    with pytest.raises(cablespice.NetlistError) as caught:
        cablespice.Circuit.from_string("t\nV1 a 0 1\nR1 a 0 1e999\n.op\n.end\n", name="bad.cir")
    error = caught.value
    assert isinstance(error, ValueError)
    # "R1 a 0 " is seven characters: the value starts in column 8 of line 3.
    assert (error.file, error.line, error.column) == ("bad.cir", 3, 8)
    assert error.message.startswith("bad number")
    assert str(error).startswith("bad.cir:3:8: error: bad number") and "\n       ^" in str(error)


def test_a_parameter_stepped_twice_raises_netlist_error_at_the_second_card():
    text = "t\n.param r=1k\nV1 a 0 1\nR1 a 0 {r}\n.step param r list 1k 2k\n.step param R 1k 3k 1k\n.op\n.end\n"
    with pytest.raises(cablespice.NetlistError) as caught:
        cablespice.Circuit.from_string(text, name="twice.cir")
    error = caught.value
    # ".step param " is twelve characters: the name starts in column 13 of line 6.
    assert (error.file, error.line, error.column) == ("twice.cir", 6, 13)
    assert error.message == ".step: parameter 'r' is already stepped by an earlier .step"
    assert "twice.cir:5:1: note: 'r' first stepped here" in str(error)


def test_a_missing_file_and_an_unknown_override_raise():
    with pytest.raises(FileNotFoundError):
        cablespice.Circuit.from_file("/nonexistent/link.cir")
    with pytest.raises(cablespice.NetlistError, match="no top-level .param 'nothere'"):
        cablespice.Circuit.from_string(LINK, params={"nothere": 1})


def test_a_floating_node_raises_simulation_error():
    circuit = cablespice.Circuit.from_string("t\nI1 0 a 1m\nC1 a 0 1u\nR1 b 0 1k\nV1 b 0 1\n.op\n.end\n")
    with pytest.raises(cablespice.SimulationError):
        circuit.run()


def test_sweep_grid_gives_one_dimension_per_parameter_and_isolates_a_failed_point():
    circuit = cablespice.Circuit.from_string(LINK)
    dr, zcm = [-1.0, 4.0, 100.0], [10e3, 20e3]
    ds = cablespice.sweep(circuit, {"dr": dr, "zcm": zcm})
    assert isinstance(ds, xr.Dataset)
    assert ds["v(out)"].dims == ("dr", "zcm", "frequency")
    assert ds["hum"].dims == ("dr", "zcm")
    np.testing.assert_array_equal(ds["dr"], dr)
    np.testing.assert_array_equal(ds["zcm"], zcm)
    assert len(ds["frequency"]) == 21 and ds["frequency"][0] == 10 and ds["frequency"][-1] == pytest.approx(1e5)
    for d in dr[1:]:
        for z in zcm:
            np.testing.assert_allclose(ds["v(out)"].sel(dr=d, zcm=z), bridge(d, z), rtol=1e-9)
    # dr = -1: sqrt of a negative value, an error at that point only.
    assert np.isnan(ds["v(out)"].sel(dr=-1.0)).all() and np.isnan(ds["hum"].sel(dr=-1.0)).all()
    assert len(ds.attrs["errors"]) == 2 and all("sqrt of negative value" in e for e in ds.attrs["errors"])


def test_sweep_zipped_gives_a_point_dimension_and_equals_run():
    ds = cablespice.sweep(cablespice.Circuit.from_string(LINK), {"dr": [4, 9], "zcm": [10e3, 20e3]}, grid=False)
    assert ds["v(out)"].dims == ("point", "frequency")
    np.testing.assert_array_equal(ds["zcm"], [10e3, 20e3])
    single = cablespice.Circuit.from_string(LINK, params={"dr": 9, "zcm": 20e3}).run().analyses[0]
    assert_same(ds["v(out)"].isel(point=1).values, single["v(out)"])


SECTIONS = """line stepped in sections
.param n=2
.model cab cable (type=pair rleg=0.05 rshield=0.02 ccc=50p ccs=100p z0=100)
v1 s 0 dc 1
rs s a 50
rb b 0 {50+n}
p1 a b 0 0 x y 0 0 cab len=100 sections={n}
rx x 0 100
ry y 0 100
.op
.end
"""


def test_a_sweep_over_circuits_of_other_topology_is_nan_where_a_point_lacks_a_vector():
    # Without a .save the variables are every vector of the first point (5 sections); the
    # 2-section line has fewer internal nodes: NaN there, with a warning (before, a KeyError ended
    # the whole sweep). At DC conductor 1 is 1 V through 50 ohm, the leg's 5 ohm in n equal
    # sections and 100 ohm: v(x) = 100/155, and the node after section k at (105 - 5 k/n)/155.
    ds = cablespice.sweep(cablespice.Circuit.from_string(SECTIONS), {"n": [5, 2]})
    assert len(ds.attrs["warnings"]) == 1 and "no v(p1.s2.c1)" in ds.attrs["warnings"][0]
    assert ds.attrs["errors"] == []
    for n in (5, 2):
        point = ds.sel(n=float(n))
        assert point["v(x)"].item() == pytest.approx(100 / 155, rel=1e-9)
        assert point["v(p1.s1.c1)"].item() == pytest.approx((105 - 5 / n) / 155, rel=1e-9)
    assert ds["v(p1.s4.c1)"].sel(n=5.0).item() == pytest.approx((105 - 20 / 5) / 155, rel=1e-9)
    assert np.isnan(ds["v(p1.s4.c1)"].sel(n=2.0).item())


def test_sweep_where_every_point_fails_raises():
    with pytest.raises(cablespice.SimulationError):
        cablespice.sweep(cablespice.Circuit.from_string(LINK), {"dr": [-1, -2]})


def test_a_netlists_step_cards_become_inner_dimensions_of_a_sweep():
    text = LINK.replace(".end", ".step param zcm list 10k 20k 40k\n.end")
    circuit = cablespice.Circuit.from_string(text)
    assert list(circuit.steps) == ["zcm"]
    np.testing.assert_array_equal(circuit.steps["zcm"], [10e3, 20e3, 40e3])
    ds = cablespice.sweep(circuit, {"dr": [-1.0, 4.0, 100.0]})
    assert ds["v(out)"].dims == ("dr", "zcm", "frequency")
    assert ds["hum"].dims == ("dr", "zcm")
    np.testing.assert_array_equal(ds["zcm"], [10e3, 20e3, 40e3])
    for d in (4.0, 100.0):
        for z in (10e3, 20e3, 40e3):
            np.testing.assert_allclose(ds["v(out)"].sel(dr=d, zcm=z), bridge(d, z), rtol=1e-9)
    # dr = -1 fails at each of its three .step points, the others are whole.
    assert np.isnan(ds["hum"].sel(dr=-1.0)).all() and len(ds.attrs["errors"]) == 3
    assert all("'zcm'" in e and "'dr': -1.0" in e for e in ds.attrs["errors"])
    # The same numbers as run() with the override, point for point.
    single = cablespice.Circuit.from_string(text, params={"dr": 4}).run()
    for analysis in single.analyses:
        assert_same(ds["v(out)"].sel(dr=4.0, zcm=analysis.step["zcm"]).values, analysis["v(out)"])


def test_sweeping_a_name_the_netlist_steps_names_the_step_card():
    text = LINK.replace(".end", ".step param zcm list 10k 20k\n.end")
    with pytest.raises(ValueError, match=r"'zcm' is swept by the netlist's .step card at <string>:11:1"):
        cablespice.sweep(cablespice.Circuit.from_string(text), {"zcm": [5e3]})


def test_a_vector_is_one_array_not_a_copy_per_access():
    analysis = cablespice.Circuit.from_string(LINK).run().analyses[0]
    assert analysis["v(out)"] is analysis["v(out)"] is analysis.vectors["v(out)"]


def test_sweep_rejects_an_unknown_parameter():
    with pytest.raises(ValueError, match="not a top-level .param"):
        cablespice.sweep(cablespice.Circuit.from_string(LINK), {"nothere": [1, 2]})


def test_sweep_on_a_local_dask_cluster_equals_the_local_sweep(dask_client, link_file):
    params = {"dr": [-1.0, 1.0, 4.0, 100.0], "zcm": [5e3, 10e3, 20e3]}
    local = cablespice.sweep(link_file, params)
    distributed = cablespice.sweep(link_file, params, client=dask_client)
    xr.testing.assert_identical(distributed, local)
    assert distributed.attrs["errors"] == local.attrs["errors"]


def test_module_command_line_writes_the_sweep(link_file, tmp_path):
    out = tmp_path / "sweep.nc"
    subprocess.run([sys.executable, "-m", "cablespice", "sweep", link_file, "-p", "dr=1:100:3", "-o", str(out)],
                   check=True, capture_output=True, env=os.environ)
    written = xr.open_dataset(out)
    local = cablespice.sweep(link_file, {"dr": np.linspace(1, 100, 3)})
    np.testing.assert_array_equal(written["dr"], [1.0, 50.5, 100.0])
    np.testing.assert_array_equal(written["re(v(out))"], local["v(out)"].real)
    np.testing.assert_array_equal(written["hum"], local["hum"])
    written.close()


def test_module_command_line_sweeps_on_a_dask_scheduler_into_csv(dask_client, link_file, tmp_path):
    out = tmp_path / "sweep.csv"
    subprocess.run([sys.executable, "-m", "cablespice", "sweep", link_file, "-p", "dr=1:100:3", "-p", "zcm=10e3:20e3:2",
                    "--scheduler", dask_client.scheduler.address, "-o", str(out)],
                   check=True, capture_output=True, env=os.environ, timeout=300)
    lines = out.read_text().splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["dr", "zcm", "frequency"] and "re(v(out))" in header and "hum" in header
    assert len(lines) == 1 + 3 * 2 * 21
    local = cablespice.sweep(link_file, {"dr": np.linspace(1, 100, 3), "zcm": [10e3, 20e3]})
    rows = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    hum = rows[:, header.index("hum")].reshape(3, 2, 21)[:, :, 0]
    np.testing.assert_array_equal(hum, local["hum"].values)
    re_out = rows[:, header.index("re(v(out))")].reshape(3, 2, 21)
    np.testing.assert_array_equal(re_out, local["v(out)"].real.values)


def test_a_transient_sweep_is_on_the_tstep_grid():
    text = "rc\n.param r=1k\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out {r}\nC1 out 0 1u\n.tran 0.5m 5m\n.end\n"
    ds = cablespice.sweep(cablespice.Circuit.from_string(text), {"r": [1e3, 2e3]})
    assert ds["v(out)"].dims == ("r", "time")
    np.testing.assert_allclose(ds["time"], np.arange(11) * 0.5e-3, rtol=0, atol=1e-18)
    late = ds["time"] >= 1e-3
    for r in (1e3, 2e3):
        expected = 1 - np.exp(-ds["time"][late] / (r * 1e-6))
        np.testing.assert_allclose(ds["v(out)"].sel(r=r)[late], expected, atol=2e-3)


def test_ctrl_c_stops_a_long_sweep_with_keyboard_interrupt(tmp_path):
    script = tmp_path / "long_sweep.py"
    script.write_text(f"""
import cablespice, numpy as np, sys
circuit = cablespice.Circuit.from_string({LINK!r})
print("started", flush=True)
try:
    cablespice.sweep(circuit, {{"dr": np.linspace(0, 100, 10**5)}}, jobs=1)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
""")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=os.environ)
    try:
        assert process.stdout.readline().strip() == "started"
        time.sleep(0.5)  # into the sweep (1e5 points take tens of seconds)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=120) == 3
        assert process.stdout.read().strip() == "interrupted"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_run_releases_the_gil():
    """Another Python thread keeps running while a transient solves: it leaves time stamps in
    the middle of the run, which it could not if the run held the GIL."""
    import threading
    text = ("rectifier\nV1 in 0 SIN(0 10 1k)\nD1 in a dmod\nR1 a 0 1k\nC1 a 0 1u\nD2 0 in dmod\n"
            ".model dmod D(IS=1e-14)\n.tran 1u 0.4 0 1u\n.end\n")
    circuit = cablespice.Circuit.from_string(text)
    stamps, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            stamps.append(time.monotonic())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        start = time.monotonic()
        circuit.run()
        end = time.monotonic()
    finally:
        stop.set()
        ticker.join()
    third = (end - start) / 3
    assert any(start + third < t < end - third for t in stamps)


MONTE_CARLO = """divider with a 1 % mc() resistor, a run counter to sweep
.options seed=7
.param run=1 k=1
V1 in 0 DC 1
R1 in out {mc(1k, 0.01)}
R2 out 0 1k
.op
.end
"""


def test_monte_carlo_draws_follow_the_point_index_on_a_dask_cluster(dask_client):
    """Each point draws from (seed, its global index): a sweep split into Dask tasks draws
    exactly as the local one, and the points differ from each other."""
    circuit = cablespice.Circuit.from_string(MONTE_CARLO)
    runs = {"run": np.arange(1, 13)}
    local = cablespice.sweep(circuit, runs)
    distributed = cablespice.sweep(circuit, runs, client=dask_client)
    xr.testing.assert_identical(distributed, local)
    values = local["v(out)"].values.ravel()
    assert len(set(values.tolist())) == len(values)
    # mc(1k, 0.01) keeps R1 within 1 %: v(out) = 1k / (R1 + 1k) within [1/2.01, 1/1.99].
    assert np.all((values >= 1 / 2.01) & (values <= 1 / 1.99))
    # With a .step card in the netlist each task's points are numbered after the whole sweep's too.
    stepped = cablespice.Circuit.from_string(MONTE_CARLO.replace(".op\n", ".step param k list 1 2 3\n.op\n"))
    local = cablespice.sweep(stepped, runs)
    xr.testing.assert_identical(cablespice.sweep(stepped, runs, client=dask_client), local)
    assert local["v(out)"].dims == ("run", "k") and len(set(local["v(out)"].values.ravel().tolist())) == 36


NOISE = """noise of a 1k-1k divider, then an .op
V1 in 0 DC 1 AC 1
R1 in out 1k
R2 out 0 1k
.noise v(out) V1 dec 2 100 10k
.op
.end
"""


def test_noise_plots_belong_to_their_noise_card():
    """.noise writes two plots; both are its analysis, and the .op after it stays an op."""
    analyses = cablespice.Circuit.from_string(NOISE).run().analyses
    assert [a.kind for a in analyses] == ["noise", "noise", "op"]
    spectrum = analyses[0]["onoise_spectrum"]
    # Two 1k resistors in parallel at 27 degC: sqrt(4 k T 500) V/sqrt(Hz), white.
    expected = np.sqrt(4 * 1.380649e-23 * 300.15 * 500.0)
    np.testing.assert_allclose(spectrum, expected, rtol=1e-6)
    assert analyses[1]["onoise_total"].shape == (1,)
    assert analyses[2]["v(out)"][0] == pytest.approx(0.5)


def test_noise_measures_integrate_the_band_and_read_the_totals():
    """.meas noise INTEG is the rms noise over FROM..TO (the white density e times the root of
    the band), WEIGHT=A gives audio_noise()'s A-weighted figure, FIND onoise_total the total."""
    measures = (".meas noise out INTEG onoise_spectrum FROM=200 TO=5k\n"
                ".meas noise outa INTEG V(onoise) FROM=20 TO=20k WEIGHT=A\n"
                ".meas noise tot FIND onoise_total\n")
    text = NOISE.replace("\n.op\n", "\n" + measures)
    results = cablespice.Circuit.from_string(text).run()
    e = np.sqrt(4 * 1.380649e-23 * 300.15 * 500.0)
    assert results.measures["out"] == pytest.approx(e * np.sqrt(4800), rel=1e-8)
    spectrum, totals = results.analyses
    assert results.measures["outa"] == pytest.approx(spectrum.audio_noise()["output_a"], rel=1e-12)
    assert results.measures["tot"] == pytest.approx(totals["onoise_total"][0], rel=1e-12)
    stepped = cablespice.Circuit.from_string(
        text.replace("R2 out 0 1k", ".param r2v=1k\nR2 out 0 {r2v}\n.step param r2v list 1k 3k")).run()
    # 1k || 1k, then 1k || 3k.
    expected = np.sqrt(4 * 1.380649e-23 * 300.15 * np.array([500.0, 750.0]) * 4800)
    np.testing.assert_allclose(stepped.measures["out"], expected, rtol=1e-8)


def test_audio_noise_integrates_the_band_the_sweep_covers():
    """A white density e over [100 Hz, 10 kHz] (the sweep's span, narrower than 20 Hz-20 kHz)
    integrates to e*sqrt(9900); input-referred is twice it (the divider halves the gain)."""
    analyses = cablespice.Circuit.from_string(NOISE).run().analyses
    e = np.sqrt(4 * 1.380649e-23 * 300.15 * 500.0)
    figures = analyses[0].audio_noise(reference_dbu=4.0)
    assert (figures["low_hz"], figures["high_hz"]) == pytest.approx((100.0, 10e3), rel=1e-12)
    assert figures["output"] == pytest.approx(e * np.sqrt(9900), rel=1e-6)
    assert figures["input"] == pytest.approx(2 * e * np.sqrt(9900), rel=1e-6)
    assert figures["output_dbu"] == pytest.approx(20 * np.log10(figures["output"] / np.sqrt(0.6)), rel=1e-12)
    assert figures["snr_a_db"] == pytest.approx(4.0 - figures["output_a_dbu"], rel=1e-12)
    # A-weighting is below 0 dB over most of 100 Hz-10 kHz but lifts 1-5 kHz: a few dB less, not more.
    assert 0.5 < figures["output"] / figures["output_a"] < 2.0
    narrow = analyses[0].audio_noise(1e3, 2e3)
    assert narrow["output"] == pytest.approx(e * np.sqrt(1e3), rel=1e-6)
    with pytest.raises(ValueError):
        analyses[1].audio_noise()
    with pytest.raises(ValueError):
        analyses[0].audio_noise(2e3, 1e3)


def test_results_carry_each_points_fourier_tables():
    """A 1 kHz sine plus h times its third harmonic: .four gives harmonic 3 at h of the
    fundamental, so THD = h, at every .step point."""
    text = ("two tones\n.param h=0.1\nV1 a 0 SIN(0 1 1k)\nV2 in a SIN(0 {h} 3k)\nR1 in 0 1k\n"
            ".tran 1u 3m\n.four 1k 4 v(in)\n.step param h list 0.1 0.02\n.end\n")
    results = cablespice.Circuit.from_string(text).run(jobs=2)
    assert [(t["vector"], t["step"]) for t in results.fourier] == [("v(in)", {"h": 0.1}), ("v(in)", {"h": 0.02})]
    for table in results.fourier:
        h = table["step"]["h"]
        assert table["fundamental"] == 1e3
        np.testing.assert_array_equal(table["harmonic"], [0, 1, 2, 3])
        np.testing.assert_allclose(table["frequency"], [0, 1e3, 2e3, 3e3])
        np.testing.assert_allclose(table["magnitude"][[1, 3]], [1, h], rtol=1e-3)
        np.testing.assert_allclose(table["norm_magnitude"][3], h, rtol=1e-3)
        assert abs(table["thd"] - h) < 1e-3 * h


def test_a_wave_card_is_reported_as_not_written_by_the_module(tmp_path):
    wav = tmp_path / "tone.wav"
    text = f"tone\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nR2 out 0 1k\n.tran 20u 2m\n.wave {wav} 16 48000 v(out)\n.end\n"
    circuit = cablespice.Circuit.from_string(text, name="tone.cir")
    assert any(w.startswith("tone.cir:6:1: warning: .wave is not written by the Python module") for w in circuit.warnings)
    circuit.run()
    assert not wav.exists()
