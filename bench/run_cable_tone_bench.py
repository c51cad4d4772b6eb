#!/usr/bin/env python3
"""Cable tone benchmark (issue 6): a 10 m shielded pair in a balanced link, 100 ms transient of a
1 kHz tone with a 60 Hz ground loop, cablespice against ngspice (CPL, and LTRA).

    python3 bench/run_cable_tone_bench.py [--cablespice PATH] [--ngspice PATH] [--timeout S]
                                          [--tstop S] [--keep DIR] [--no-ngspice]

The link (NETLIST_CPL): balanced source (+-0.5 V at 1 kHz, leg impedances 50 and 55 ohm) on
chassis `sg`; a 10 m shielded pair as one P element with 3 conductors (leg +, leg -, shield)
over the reference node 0 (per metre: R 0.05 / 0.05 / 0.02 ohm, L legs 1.45 uH, leg-leg 1.15 uH,
leg-shield and shield 1.0 uH, so the pair's loop inductance is 0.6 uH; C leg-leg 100 pF,
leg-shield 200 pF and 204 pF (2 % imbalance), shield-reference 50 pF); the shield is bonded to
`sg` at the source and through 10 mOhm to the receiver chassis 0; a 0.1 V 60 Hz ground-loop EMF
with 0.1 ohm wiring between the two chassis; a receiver with 20 kOhm per leg to its chassis,
10 kOhm leg to leg and a unity difference amplifier.  `.tran 10u 100m`, TMAX not given.
The same file runs in both simulators (sections=auto gives cablespice 10 sections here).
NETLIST_CPL_SKIN (cablespice only: ngspice's CPL has no skin effect) adds RS to both legs; its
row reports the time and steps of the frequency-dependent line beside the constant-R one.

NETLIST_LTRA (ngspice only; cablespice has no O element) is the same link with the pair as two
uncoupled LTRA lines (each leg against the shield: R 0.07 ohm/m, L 0.45 uH/m, C 300 pF/m) and the
shield as a third LTRA line against the reference (R 0.02 ohm/m, L 1.0 uH/m, C 50 pF/m).  LTRA
has no coupled form, so this is an approximation of the same link, run for ngspice's step count
and time with its lossy line model; the ratio row sets it against cablespice's CPL run.

Reported per run: wall time (timeout: the time and the steps reached so far), accepted and
rejected steps, and two sanity checks on the result: the RMS of v(out) over the second half of
the run (the 1 kHz tone: about 698 mV) and the last time |v(out)| reaches 1 % of its peak (about
TSTOP for a live tone; ngspice-39's CPL solution collapses to ~0 V after about 2 ms here).  cablespice's steps
come from `--stats`; ngspice's from `.options acct` (Accepted/Rejected timepoints), or, on a
timeout, from the rawfile written so far (points = data bytes / (8 x vectors), the time reached
is the last point's time).  Both netlists `.save v(out)` only, so the rawfile stays small.

Note (see bench/README.md): ngspice-39's CPL ignores the series resistance R in the transient
(validation/cpl_transient_vs_ngspice.py), so its ground-loop current and hum differ from
cablespice's; the step count and time are what this benchmark compares.

Standard library only.  Timing thresholds do not belong in tests; this is a script to run by hand.
"""

import argparse
import datetime
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from bench_common import machine_line  # bench/bench_common.py, beside this script

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "validation", "tools"))
sys.dont_write_bytecode = True

from rawfile import RawFileError, find_plot, read_raw  # noqa: E402

TSTOP = 100e-3
TSTEP = 10e-6

LINK = """\
vsp p0 sg sin(0 0.5 1k)
vsn n0 sg sin(0 -0.5 1k)
rsp p0 a1 50
rsn n0 a2 55
{pair}
rpin1 sb 0 10m
vhum gl 0 sin(0 0.1 60)
rgl gl sg 0.1
rcp b1 0 20k
rcn b2 0 20k
rdm b1 b2 10k
e1 out 0 b1 b2 1
.save v(out)
.options acct
.tran {tstep} {tstop}
.end
"""

NETLIST_CPL = """\
10 m shielded pair (3-conductor CPL), balanced link, 1 kHz tone + 60 Hz ground loop
.model pair3 cpl length=10
+ R=0.05 0 0 0.05 0 0.02
+ L=1.45u 1.15u 1.0u 1.45u 1.0u 1.0u
+ G=0 0 0 0 0 0
+ C=300p -100p -200p 304p -204p 454p
""" + LINK.replace("{pair}", "p1 a1 a2 sg 0 b1 b2 sb 0 pair3")

# The same cable with skin effect on both legs (issue 23: RS = 1.3e-4 ohm/m/sqrt(Hz), 22 AWG copper,
# 0.13 ohm/m at 1 MHz): cablespice's lumped line adds its fitted R||L chain to every section.
NETLIST_CPL_SKIN = NETLIST_CPL.replace("+ G=0 0 0 0 0 0\n", "+ G=0 0 0 0 0 0\n+ RS=1.3e-4 0 0 1.3e-4 0 0\n", 1)

NETLIST_LTRA = """\
10 m shielded pair (3 uncoupled LTRA lines), balanced link, 1 kHz tone + 60 Hz ground loop
.model leg ltra R=0.07 L=0.45u G=0 C=300p LEN=10
.model shield ltra R=0.02 L=1.0u G=0 C=50p LEN=10
""" + LINK.replace("{pair}", "o1 a1 sg b1 sb leg\no2 a2 sg b2 sb leg\no3 sg 0 sb 0 shield")


def find_default_cablespice():
    for d in ("build-bench", "build-cpl", "build"):
        p = os.path.join(ROOT, d, "cablespice")
        if os.path.exists(p):
            return p
    return shutil.which("cablespice") or "cablespice"


class Run:
    def __init__(self, sim, variant):
        self.sim, self.variant = sim, variant
        self.wall = None
        self.accepted = None
        self.rejected = None
        self.t_reached = None
        self.timed_out = False
        self.error = ""
        self.rms = None
        self.alive_until = None


def partial_raw_progress(path):
    """(points, last time) of a binary rawfile that is still being written, or (None, None)."""
    try:
        with open(path, "rb") as fh:
            buf = fh.read()
    except OSError:
        return None, None
    m = re.search(rb"No\. Variables:\s*(\d+)", buf)
    start = buf.find(b"Binary:\n")
    if not m or start < 0:
        return None, None
    record = 8 * int(m.group(1))
    data = len(buf) - (start + len(b"Binary:\n"))
    points = data // record
    if points == 0:
        return 0, 0.0
    import struct
    (t_last,) = struct.unpack_from("<d", buf, start + len(b"Binary:\n") + (points - 1) * record)
    return points, t_last


def read_out(raw_path):
    """(times, v(out)) of a finished run, or None."""
    try:
        plot = find_plot(read_raw(raw_path), "tran")
        return plot.scale, plot.vec("v(out)")
    except (OSError, RawFileError, KeyError):
        return None


def last_alive(t, y):
    """Last time |v(out)| reaches 1 % of its peak: a 1 kHz tone keeps this near TSTOP; a
    solution that collapses to zero stops it early."""
    floor = 0.01 * max(abs(v) for v in y)
    return max(tk for tk, v in zip(t, y) if abs(v) >= floor)


def rms_tail(t, y, t_from):
    acc = span = 0.0
    for k in range(1, len(t)):
        if t[k] <= t_from:
            continue
        dt = t[k] - max(t[k - 1], t_from)
        acc += 0.5 * (y[k] ** 2 + y[k - 1] ** 2) * dt
        span += dt
    return math.sqrt(acc / span) if span > 0 else None


def run_one(sim, variant, exe, deck, workdir, timeout):
    r = Run(sim, variant)
    raw = os.path.join(workdir, "%s_%s.raw" % (variant, sim))
    if os.path.exists(raw):
        os.unlink(raw)
    cmd = [exe, "-r", raw, "--stats", deck] if sim == "cablespice" else [exe, "-b", "-r", raw, deck]
    sys.stderr.write("running %s on %s (timeout %g s) ...\n" % (sim, variant, timeout))
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=workdir)
    except subprocess.TimeoutExpired:
        r.wall = time.monotonic() - t0
        r.timed_out = True
        r.accepted, r.t_reached = partial_raw_progress(raw)
        if r.accepted:
            r.accepted -= 1  # t = 0 is a point, not a step
        return r
    r.wall = time.monotonic() - t0
    out = p.stdout + "\n" + p.stderr
    if p.returncode != 0:
        r.error = "exit %d: %s" % (p.returncode, (out.strip().splitlines() or [""])[-1][:120])
        return r
    if sim == "cablespice":
        m = re.search(r"(\d+) accepted steps, (\d+) rejected", out)
        if m:
            r.accepted, r.rejected = int(m.group(1)), int(m.group(2))
    else:
        m = re.search(r"Accepted timepoints\s*=\s*(\d+)", out)
        n = re.search(r"Rejected timepoints\s*=\s*(\d+)", out)
        r.accepted = int(m.group(1)) if m else None
        r.rejected = int(n.group(1)) if n else None
    r.t_reached = TSTOP
    out = read_out(raw)
    if out:
        r.rms = rms_tail(out[0], out[1], TSTOP / 2)
        r.alive_until = last_alive(out[0], out[1])
    return r


def fmt_int(n):
    return "-" if n is None else "{:,}".format(n)


def fmt_wall(r):
    if r.error:
        return "failed (%s)" % r.error
    if r.timed_out:
        return "timeout after %.0f s" % r.wall
    return "%.3g s" % r.wall


def fmt_steps(r):
    if r.timed_out:
        if r.accepted is None or not r.t_reached:
            return "? (no rawfile progress)"
        return "%s so far (t = %.3g ms of %g ms)" % (fmt_int(r.accepted), r.t_reached * 1e3, TSTOP * 1e3)
    return fmt_int(r.accepted)


def projected_steps(r):
    """Steps for the whole TSTOP: measured, or scaled from the time reached ('~')."""
    if r.timed_out and r.accepted and r.t_reached:
        return r.accepted * TSTOP / r.t_reached, True
    return (r.accepted, False) if r.accepted else (None, False)


def print_table(runs, ref):
    print("| netlist | simulator | wall | accepted steps | rejected | v(out) RMS, 2nd half | "
          "last t with abs(v(out)) >= 1 % of peak |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            r.variant, r.sim, fmt_wall(r), fmt_steps(r), fmt_int(r.rejected),
            "-" if r.rms is None else "%.4g mV" % (r.rms * 1e3),
            "-" if r.alive_until is None else "%.4g ms" % (r.alive_until * 1e3)))
    print()
    if ref is None or not ref.accepted:
        return
    print("Ratios against cablespice (CPL netlist); '~' = scaled from the time reached before the timeout:")
    print()
    print("| ngspice run | wall / cablespice wall | steps / cablespice steps |")
    print("|---|---|---|")
    for r in runs:
        if r is ref or r.sim != "ngspice" or r.wall is None or r.error:
            continue
        steps, approx = projected_steps(r)
        wall = (">" if r.timed_out else "") + "%.0fx" % (r.wall / ref.wall)
        print("| %s | %s | %s |" % (r.variant, wall,
                                    "-" if steps is None else "%s%.0fx (%s%s steps)" % (
                                        "~" if approx else "", steps / ref.accepted,
                                        "~" if approx else "", fmt_int(int(steps)))))
    print()


def main():
    global TSTOP
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=find_default_cablespice())
    ap.add_argument("--ngspice", default="ngspice")
    ap.add_argument("--timeout", type=float, default=300.0, help="wall-clock limit per ngspice run, s")
    ap.add_argument("--tstop", type=float, default=TSTOP, help="transient length, s (default 0.1)")
    ap.add_argument("--no-ngspice", action="store_true")
    ap.add_argument("--keep", default=None, help="folder for netlists and rawfiles (default: temporary)")
    a = ap.parse_args()
    TSTOP = a.tstop
    a.cablespice = os.path.abspath(a.cablespice) if os.path.exists(a.cablespice) else a.cablespice

    workdir = a.keep or tempfile.mkdtemp(prefix="cable_tone_")
    os.makedirs(workdir, exist_ok=True)
    decks = {}
    for variant, text in (("cpl", NETLIST_CPL), ("cpl+skin", NETLIST_CPL_SKIN), ("ltra", NETLIST_LTRA)):
        decks[variant] = os.path.join(workdir, "tone_%s.cir" % variant)
        with open(decks[variant], "w") as fh:
            fh.write(text.format(tstep="%g" % TSTEP, tstop="%g" % TSTOP))

    print("# machine: %s" % machine_line())
    print("# cablespice: %s" % a.cablespice)
    if not a.no_ngspice:
        v = subprocess.run([a.ngspice, "-v"], capture_output=True, text=True)
        nv = re.search(r"ngspice-\S+", v.stdout + v.stderr)
        print("# ngspice: %s (%s), timeout %g s per run" % (a.ngspice, nv.group(0) if nv else "?", a.timeout))
    print("# .tran %g %g (TMAX not given); netlists in %s" % (TSTEP, TSTOP, workdir))
    print()

    ref = run_one("cablespice", "cpl", a.cablespice, decks["cpl"], workdir, a.timeout)
    runs = [ref, run_one("cablespice", "cpl+skin", a.cablespice, decks["cpl+skin"], workdir, a.timeout)]
    if not a.no_ngspice:
        for variant in ("cpl", "ltra"):
            runs.append(run_one("ngspice", variant, a.ngspice, decks[variant], workdir, a.timeout))
    print_table(runs, ref)
    print("# finished %s; load avg now %.2f" % (datetime.datetime.now().strftime("%H:%M"), os.getloadavg()[0]))
    if not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
