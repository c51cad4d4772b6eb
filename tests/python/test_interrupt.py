"""Interrupted runs: a CLI run stopped by SIGINT or SIGTERM leaves its outputs absent and no
temporary file; Ctrl-C in Python stops a run inside its analysis."""

import glob
import os
import signal
import subprocess
import sys
import time

import pytest

# 1e8 time points: runs for minutes, writing a rawfile all along.
LONG_TRANSIENT = "long rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1u\n.tran 1u 100 0 1u\n.end\n"


# 1e5 .step points of 1e5 time points each, streamed to the rawfile on two threads (no --csv,
# which would keep every point's solutions until the end).
LONG_STEP = "long step\n.param r=1k\nV1 in 0 SIN(0 1 1k)\nR1 in out {r}\nC1 out 0 1u\n.tran 1u 0.1 0 1u\n" \
            ".step param r 1k 100k 1\n.end\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("deck, options", [(LONG_TRANSIENT, ["--csv", "out.csv"]), (LONG_STEP, ["-j", "2"])],
                         ids=["transient", "step"])
def test_an_interrupted_run_leaves_no_temporary_file(cli, tmp_path, signum, deck, options):
    netlist = tmp_path / "long.cir"
    netlist.write_text(deck)
    raw = tmp_path / "out.raw"
    process = subprocess.Popen([cli, "-r", str(raw)] + options + [str(netlist)], cwd=tmp_path,
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


# A rectifier whose 100 s transient takes minutes (about 1e6 Newton steps per second of CPU):
# only a stop inside the analysis can end it early.
SLOW_RECTIFIER = """slow rectifier
V1 in 0 SIN(0 10 1k)
D1 in a dmod
R1 a 0 1k
C1 a 0 1u
D2 0 in dmod
.model dmod D(IS=1e-14 N=1)
.tran 1u 100 0 1u
.end
"""


def test_ctrl_c_in_python_stops_a_long_transient_inside_its_point(tmp_path):
    """Ctrl-C (here _thread.interrupt_main, what the SIGINT handler does) while run() solves
    one long transient raises KeyboardInterrupt as soon as the transient's next step is done,
    not when the minutes-long run ends."""
    script = tmp_path / "long_run.py"
    script.write_text(f"""
import _thread, resource, sys, threading
# A run that ignored the interrupt would record ~25 MB/s: fail with MemoryError, not exhaust the machine.
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
import cablespice
circuit = cablespice.Circuit.from_string({SLOW_RECTIFIER!r})
threading.Timer(0.5, _thread.interrupt_main).start()
try:
    circuit.run()
except KeyboardInterrupt:
    # The module stays usable: the same netlist runs again, shorter.
    again = cablespice.Circuit.from_string({SLOW_RECTIFIER.replace(".tran 1u 100", ".tran 1u 1m")!r})
    print("interrupted", len(again.run().analyses[0].scale) > 1000, flush=True)
    sys.exit(3)
print("finished", flush=True)
""")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=os.environ, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (3, "interrupted True"), done.stderr
