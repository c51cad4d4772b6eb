"""A CLI run stopped by SIGINT or SIGTERM leaves its outputs absent and no temporary file."""

import glob
import os
import signal
import subprocess
import time

import pytest

# 1e8 time points: runs for minutes, writing a rawfile all along.
LONG_TRANSIENT = "long rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1u\n.tran 1u 100 0 1u\n.end\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_no_temporary_file(cli, tmp_path, signum):
    netlist = tmp_path / "long.cir"
    netlist.write_text(LONG_TRANSIENT)
    raw, csv = tmp_path / "out.raw", tmp_path / "out.csv"
    process = subprocess.Popen([cli, "-r", str(raw), "--csv", str(csv), str(netlist)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Interrupt once the run is writing (its temporary files exist), not at a fixed time.
        while not glob.glob(str(tmp_path / "out.raw.tmp.*")) and process.poll() is None:
            time.sleep(0.01)
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(signum)
        assert process.wait(timeout=60) == -signum
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert sorted(os.listdir(tmp_path)) == ["long.cir"]
