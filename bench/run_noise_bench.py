#!/usr/bin/env python3
"""Noise benchmark (issue 21): `.noise` against `.ac` on the same cable harness. Not a test.

Generates the 8x138 harness (1e4 unknowns, preset s) with its `.ac dec 20 10 1meg` (101
frequencies) through run_ac_bench.generate, writes a copy whose `.ac` is replaced by
`.noise v(o0) vp0 dec 20 10 1meg` (every resistor and cable section a noise source, one adjoint
solve per frequency), runs both with cablespice --stats at -j 1 and -j 2 and prints the table of
run_ac_bench.py and the noise/ac wall-time ratio (the issue's target: at most 2).

  python3 bench/run_noise_bench.py [--sizes 8x138] [--rounds 3]
"""

import argparse
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_common import machine_line  # noqa: E402
from run_ac_bench import generate, print_rows, run_row  # noqa: E402
from run_transient_bench import find_default_cablespice  # noqa: E402

NOISE_CARD = ".noise v(o0) vp0 dec 20 10 1meg"


def with_noise(source, target):
    """The harness with its .ac replaced by a .noise of pair 0's output, referred to its source."""
    with open(source) as f:
        text = f.read()
    text = re.sub(r"^\.ac .*$", NOISE_CARD, text, count=1, flags=re.M)
    with open(target, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cablespice", default=find_default_cablespice())
    ap.add_argument("--sizes", default="8x138")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0, help="per run (s)")
    ap.add_argument("--keep", help="keep the netlists in this folder")
    a = ap.parse_args()

    workdir = a.keep or tempfile.mkdtemp(prefix="noise_bench_")
    os.makedirs(workdir, exist_ok=True)
    print("# %s" % machine_line())
    print("# cablespice: %s; 101 frequencies, dec 20 10 1meg; best of %d interleaved rounds" % (a.cablespice, a.rounds))
    rows = []
    for size in a.sizes.split(","):
        ac = os.path.join(workdir, "ac_%s.cir" % size)
        noise = os.path.join(workdir, "noise_%s.cir" % size)
        unknowns = generate(size, ac)
        with_noise(ac, noise)
        runs = {}
        for jobs in ("1", "2"):
            runs["ac -j" + jobs] = [[a.cablespice, "--stats", "-j", jobs, ac]]
            runs["noise -j" + jobs] = [[a.cablespice, "--stats", "-j", jobs, noise]]
        rows.append(run_row(size, unknowns, runs, a.rounds, a.timeout, workdir))
        print_rows(rows[-1:])
        best = rows[-1]["best"]
        for jobs in ("1", "2"):
            noise_wall, ac_wall = best["noise -j" + jobs].wall, best["ac -j" + jobs].wall
            print("%s -j%s: noise/ac wall time %s" % (size, jobs, "%.2f" % (noise_wall / ac_wall) if noise_wall and ac_wall else "-"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
