#!/usr/bin/env python3
"""Monte Carlo benchmark (issue 20): a 1,000-run Monte Carlo of a difference-amplifier receiver
behind a cable, AC at 60 Hz, in cablespice and in ngspice, in the same run.

The circuit (the same elements in both decks): a balanced source (50 ohm legs) whose ground is
driven by a 1 V common-mode (ground-loop) source, a shielded pair of SECTIONS lumped sections
(per section and conductor a series R and L, the three L coupled by K, leg-leg and leg-shield
C; the shield grounded at both ends), and a four-resistor difference amplifier (10k, each
agauss(10k, 100, 3): 1 % at 3 sigma) around a linear op-amp (receivers.lib's opamp_lin
flattened: 200k open-loop gain, 10 MHz GBW, 50 ohm output). The output is the common-mode
gain at 60 Hz, `vdb(out)`.

- cablespice: `.step param run 1 N 1` with the four `.param rK = agauss(...)`, drawn anew at
  each point; `.meas ac acm find vdb(out) at=60`. Timed with `-j 1` and `-j 2`, and with
  `--full-elaboration` (every point elaborated from the parse tree, as before the point fast
  path) to show what reusing the circuit gains.
- ngspice: the same `.param rK = agauss(...)` and a `.control` loop: `dowhile run < N`,
  `reset` (re-parses the deck, so the parameters are drawn again), `ac lin 1 60 60`, the
  point's `db(v(out))` stored into a vector (in the constants plot), `destroy all` (the run's plot).

Both runs' common-mode gains are summarised (mean and standard deviation in dB): different
random streams, so they agree statistically, not point by point. Wall and CPU time are the
best of --repeat interleaved rounds; the ratio is ngspice / cablespice -j 1 by CPU time.

Standard library only. Not a test: it has no pass/fail threshold.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_common import machine_line  # noqa: E402


def circuit(sections):
    """The elements common to both decks."""
    lines = [".param r1v = agauss(10k, 100, 3)",
             ".param r2v = agauss(10k, 100, 3)",
             ".param r3v = agauss(10k, 100, 3)",
             ".param r4v = agauss(10k, 100, 3)",
             "Vcm gs 0 DC 0 AC 1",
             "Rsp gs p0 50",
             "Rsn gs n0 50",
             "Rsa 0 s0 0.01"]
    for k in range(1, sections + 1):
        for c, r, l in (("p", "0.5", "7u"), ("n", "0.5", "7u"), ("s", "0.3", "3u")):
            lines.append("R%s%d %s%d %s%dm %s" % (c, k, c, k - 1, c, k, r))
            lines.append("L%s%d %s%dm %s%d %s" % (c, k, c, k, c, k, l))
        lines.append("Cpn%d p%d n%d 11p" % (k, k, k))
        lines.append("Cps%d p%d s%d 22p" % (k, k, k))
        lines.append("Cns%d n%d s%d 22p" % (k, k, k))
        lines.append("Kpn%d Lp%d Ln%d 0.57" % (k, k, k))
        lines.append("Kps%d Lp%d Ls%d 0.6" % (k, k, k))
        lines.append("Kns%d Ln%d Ls%d 0.6" % (k, k, k))
    n = sections
    lines += ["Rsb s%d 0 0.01" % n,
              "* difference amplifier: out = (r2/r1) (v(inp) - v(inn)) when r4/r3 = r2/r1",
              "R1 n%d m {r1v}" % n,
              "R2 m out {r2v}",
              "R3 p%d q {r3v}" % n,
              "R4 q 0 {r4v}",
              "* linear op-amp (receivers.lib opamp_lin: a0 200k, gbw 10meg, rout 50)",
              "Gin 0 x q m 1",
              "Rpole x 0 200k",
              "Cpole x 0 {1/(2*3.141592653589793*10meg)}",
              "Ebuf y 0 x 0 1",
              "Rout y out 50"]
    return lines


def cablespice_deck(runs, sections, seed):
    lines = ["* Monte Carlo bench: diff-amp receiver behind a %d-section cable, %d runs" % (sections, runs),
             ".options seed=%d" % seed, ".param run=0"] + circuit(sections)
    lines += [".step param run 1 %d 1" % runs,
              ".ac lin 1 60 60",
              ".meas ac acm find vdb(out) at=60",
              ".end"]
    return "\n".join(lines) + "\n"


def ngspice_deck(runs, sections):
    lines = ["* Monte Carlo bench: diff-amp receiver behind a %d-section cable, %d runs" % (sections, runs)]
    lines += circuit(sections)
    lines += [".control",
              "let run = 0",
              "let acm = vector(%d)" % runs,
              "dowhile run < %d" % runs,
              "  reset",
              "  ac lin 1 60 60",
              "  let g = db(v(out))",
              "  let acm[run] = g",
              "  let run = run + 1",
              # Without it every run's plot is kept and ngspice's cost per run grows with the
              # run count (1.3 ms at 200 runs, 15 ms at 1,000): destroy keeps each run's cost its own.
              "  destroy all",
              "end",
              "let m = mean(acm)",
              "let sd = sqrt(mean((acm - m) * (acm - m)))",
              "print m sd",
              ".endc",
              ".end"]
    return "\n".join(lines) + "\n"


def timed(cmd, workdir, ok_codes=(0,)):
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if r.returncode not in ok_codes:
        sys.exit("%s failed (exit %d): %s" % (cmd[0], r.returncode, (r.stderr or r.stdout)[-2000:]))
    return wall, cpu, r.stdout


def cablespice_summary(stdout):
    """Mean and standard deviation of acm from cablespice's .meas statistics line."""
    m = re.search(r"^\s*acm:.*?mean=(\S+)\s+std=(\S+)", stdout, re.M)
    if not m:
        sys.exit("no statistics line for acm in cablespice's output:\n" + stdout[-2000:])
    return float(m.group(1)), float(m.group(2))


def ngspice_summary(stdout):
    m = re.search(r"^m\s*=\s*(\S+)", stdout, re.M)
    s = re.search(r"^sd\s*=\s*(\S+)", stdout, re.M)
    if not m or not s:
        sys.exit("no m/sd in ngspice's output:\n" + stdout[-2000:])
    return float(m.group(1)), float(s.group(1))


def default_exe():
    for d in ("build-bench", "build"):
        p = os.path.join(ROOT, d, "cablespice")
        if os.path.exists(p):
            return p
    return "cablespice"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=default_exe())
    ap.add_argument("--ngspice", default="ngspice")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="mc_bench_")
    ours = os.path.join(workdir, "mc_cablespice.cir")
    theirs = os.path.join(workdir, "mc_ngspice.cir")
    with open(ours, "w") as f:
        f.write(cablespice_deck(a.runs, a.sections, a.seed))
    with open(theirs, "w") as f:
        f.write(ngspice_deck(a.runs, a.sections))
    elements = sum(1 for line in circuit(a.sections) if line[:1].isalpha())

    runs = {
        "cablespice -j 1": [a.cablespice, "-j", "1", ours],
        "cablespice -j 2": [a.cablespice, "-j", "2", ours],
        "cablespice -j 1 --full-elaboration": [a.cablespice, "-j", "1", "--full-elaboration", ours],
        "ngspice (control loop)": [a.ngspice, "-b", theirs],
    }
    best = {name: (float("inf"), float("inf")) for name in runs}
    outputs = {}
    for _ in range(a.repeat):
        for name, cmd in runs.items():
            # ngspice -b exits 1 after a .control-only run ("no simulations run" from the batch
            # pass); its results are checked by ngspice_summary() instead.
            wall, cpu, out = timed(cmd, workdir, (0, 1) if cmd[0] == a.ngspice else (0,))
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            outputs[name] = out

    print("# machine: " + machine_line())
    print("# %d Monte Carlo runs, %d elements (%d cable sections), .ac lin 1 60 60; best of %d interleaved rounds"
          % (a.runs, elements, a.sections, a.repeat))
    print()
    print("| run | wall | CPU | CPU per run | ngspice CPU / this CPU |")
    print("|---|---|---|---|---|")
    ng_cpu = best["ngspice (control loop)"][1]
    for name in runs:
        wall, cpu = best[name]
        print("| %s | %.3f s | %.3f s | %.1f us | %.1fx |" % (name, wall, cpu, cpu / a.runs * 1e6, ng_cpu / cpu))
    print()
    mean_ours, sd_ours = cablespice_summary(outputs["cablespice -j 1"])
    mean_theirs, sd_theirs = ngspice_summary(outputs["ngspice (control loop)"])
    print("common-mode gain at 60 Hz, vdb(out): cablespice mean %.3f dB, std %.3f dB; ngspice mean %.3f dB, "
          "std %.3f dB (independent random streams)" % (mean_ours, sd_ours, mean_theirs, sd_theirs))
    print("cablespice -j 1 is %.1fx faster than ngspice by CPU time, %.1fx by wall time (target: 20x)"
          % (ng_cpu / best["cablespice -j 1"][1], best["ngspice (control loop)"][0] / best["cablespice -j 1"][0]))


if __name__ == "__main__":
    main()
