#!/usr/bin/env python3
"""Nonlinear transient benchmark: cablespice vs ngspice on three diode/BJT circuits (issue 19).

The circuits are of the kind and size of VACASK's published benchmark (a transistor-level
op-amp, a Graetz bridge, a diode voltage multiplier), with netlists of our own under
bench/nonlinear/:

  opamp_receiver.cir  a 12-BJT two-stage op-amp as a balanced line receiver (difference
                      amplifier, four 10 k resistors), 1 kHz differential tone on 50 Hz
                      common-mode hum, 100 ms at TMAX = 100 ns
  graetz.cir          a four-diode bridge into 100 uF || 1 k, 50 Hz, 1 s at TMAX = 1 us
  multiplier.cir      a four-stage Cockcroft-Walton (4 diodes, 4 capacitors), 10 kHz,
                      50 ms at TMAX = 50 ns

Each holds about 1e6 time points. Both simulators read the same deck (ngspice syntax, one
saved vector, `.options acct`) and write a binary rawfile of every accepted time point. The
rounds are interleaved (cablespice, ngspice, next circuit, ...), and the best wall and best CPU
(user + sys) time of the rounds are reported: on a shared machine the CPU time is the fair
measure, wall time includes waiting for a core.

Counts: cablespice `--stats` (accepted and rejected steps, Newton iterations, numeric
factorizations + refactorizations); ngspice `.options acct` (Accepted/Rejected timepoints,
Transient iterations). ngspice's NIiter factors the matrix at every Newton iteration
(SMPluFac, or SMPreorder on a reorder), so its factorizations are its transient iterations.

Agreement: the saved node of both rawfiles is compared by its RMS over the second half of the
run and by the largest difference at 21 evenly spaced times (off the sources' period grid; linear
interpolation in each waveform), relative to the waveform's peak.

--quick runs a tenth of each TSTOP (about 1e5 points) with one round.
Standard library only (plus validation/tools/rawfile.py).
"""

import argparse
import bisect
import math
import os
import re
import subprocess
import sys
import tempfile

from bench_common import machine_line  # noqa: E402
from run_transient_bench import find_default_cablespice, parse_acct, timed_run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "validation", "tools"))
sys.dont_write_bytecode = True

from rawfile import find_plot, read_raw  # noqa: E402

DECKS = (("opamp_receiver", "v(out)"), ("graetz", "v(out)"), ("multiplier", "v(o4)"))
DECK_DIR = os.path.join(HERE, "nonlinear")
QUICK_FRACTION = 0.1
SAMPLES = 21

TRAN = re.compile(r"^\.tran\s+(\S+)\s+(\S+)(.*)$", re.IGNORECASE | re.MULTILINE)
CABLE_TRAN = re.compile(r"transient stats: (\d+) accepted steps, (\d+) rejected, (\d+) factorizations, "
                        r"(\d+) refactorizations, (\d+) solves")
CABLE_NEWTON = re.compile(r"newton stats: (\d+) iterations")


def spice_number(text):
    """A SPICE number with an optional scale suffix (1u, 100n, 50m, 1meg)."""
    m = re.fullmatch(r"([-+0-9.eE]+)(meg|[fpnumkgt])?\w*", text.strip().lower())
    scale = {"f": 1e-15, "p": 1e-12, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "meg": 1e6, "g": 1e9, "t": 1e12}
    return float(m.group(1)) * scale.get(m.group(2) or "", 1.0)


def write_deck(name, fraction, workdir):
    """The stored deck, with TSTOP scaled by fraction (1: unchanged); returns (path, tstop)."""
    with open(os.path.join(DECK_DIR, name + ".cir")) as f:
        text = f.read()
    m = TRAN.search(text)
    tstop = spice_number(m.group(2)) * fraction
    text = text[:m.start()] + ".tran %s %r%s" % (m.group(1), tstop, m.group(3)) + text[m.end():]
    path = os.path.join(workdir, name + ".cir")
    with open(path, "w") as f:
        f.write(text)
    return path, tstop


def counts_cablespice(text):
    tran, newton = CABLE_TRAN.search(text), CABLE_NEWTON.search(text)
    if not tran or not newton:
        return {}
    accepted, rejected, factor, refactor, _ = (int(v) for v in tran.groups())
    return {"accepted": accepted, "rejected": rejected, "iterations": int(newton.group(1)),
            "factorizations": factor + refactor}


def counts_ngspice(text):
    acct = parse_acct(text)
    m = re.search(r"Transient iterations\s*=\s*(\d+)", text)
    if "accepted" not in acct or not m:
        return {}
    iterations = int(m.group(1))
    return {"accepted": int(acct["accepted"]), "rejected": int(acct.get("rejected", 0)), "iterations": iterations,
            "factorizations": iterations}


def run_one(sim, exe, deck, workdir, timeout):
    raw = os.path.join(workdir, os.path.basename(deck) + "." + sim + ".raw")
    cmd = [exe, "--stats", "-r", raw, deck] if sim == "cablespice" else [exe, "-b", "-r", raw, deck]
    rc, wall, peak, cpu, out, err, timed_out = timed_run(cmd, timeout, workdir)
    if timed_out or rc != 0:
        sys.exit("%s failed on %s (%s): %s" % (sim, deck, "timeout" if timed_out else "exit %d" % rc,
                                               (err or out).strip()[-400:]))
    counts = (counts_cablespice if sim == "cablespice" else counts_ngspice)(out + "\n" + err)
    return {"wall": wall, "cpu": cpu, "peak_kb": peak, "raw": raw, **counts}


def waveform(raw, vector):
    plot = find_plot(read_raw(raw), "tran")
    return plot.data[0], plot.vec(vector)


def value_at(t, y, when):
    k = min(max(bisect.bisect_left(t, when), 1), len(t) - 1)
    t0, t1 = t[k - 1], t[k]
    return y[k] if t1 == t0 else y[k - 1] + (y[k] - y[k - 1]) * (when - t0) / (t1 - t0)


def rms_second_half(t, y):
    """RMS over [tstop/2, tstop] by the trapezoidal rule on the waveform's own points."""
    half = t[-1] / 2
    k0 = bisect.bisect_left(t, half)
    area = sum((t[k] - t[k - 1]) * (y[k] ** 2 + y[k - 1] ** 2) / 2 for k in range(max(k0, 1), len(t)))
    return math.sqrt(area / (t[-1] - t[max(k0, 1) - 1]))


def agreement(cable_raw, ngspice_raw, vector, tstop):
    tc, yc = waveform(cable_raw, vector)
    tn, yn = waveform(ngspice_raw, vector)
    peak = max(max(abs(v) for v in yn), 1e-30)
    # Off the grid of the sources' periods (samples at multiples of 0.5 ms would all fall on the
    # receiver's zero crossings).
    times = [tstop * (i + 0.37) / SAMPLES for i in range(SAMPLES)]
    worst = max(abs(value_at(tc, yc, when) - value_at(tn, yn, when)) for when in times)
    rc, rn = rms_second_half(tc, yc), rms_second_half(tn, yn)
    return {"rms_cable": rc, "rms_ngspice": rn, "rms_rel": abs(rc - rn) / max(abs(rn), 1e-30),
            "sample_rel": worst / peak}


def best(runs, key):
    return min(r[key] for r in runs)


def per_step(r):
    return r["iterations"] / r["accepted"] if r.get("accepted") else float("nan")


def print_tables(results):
    print("| circuit | sim | wall best | CPU best | accepted | rejected | Newton it./step | factorizations | "
          "factor./step | ngspice/cablespice CPU | wall |")
    print("|" + "---|" * 11)
    for name, runs in results.items():
        c, n = runs["cablespice"], runs["ngspice"]
        for sim in ("cablespice", "ngspice"):
            r = runs[sim][-1]
            print("| %s | %s | %.2f s | %.2f s | %d | %d | %.3f | %d | %.3f | %s | %s |" % (
                name, sim, best(runs[sim], "wall"), best(runs[sim], "cpu"), r["accepted"], r["rejected"],
                per_step(r), r["factorizations"], r["factorizations"] / r["accepted"],
                "%.2fx" % (best(n, "cpu") / best(c, "cpu")) if sim == "cablespice" else "",
                "%.2fx" % (best(n, "wall") / best(c, "wall")) if sim == "cablespice" else ""))
    print()
    print("| circuit | vector | RMS 2nd half, cablespice | ngspice | relative difference | "
          "largest difference at %d times / peak |" % SAMPLES)
    print("|" + "---|" * 6)
    for name, runs in results.items():
        a = runs["agreement"]
        print("| %s | %s | %.6g | %.6g | %.2e | %.2e |" % (name, runs["vector"], a["rms_cable"], a["rms_ngspice"],
                                                         a["rms_rel"], a["sample_rel"]))
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=find_default_cablespice())
    ap.add_argument("--ngspice", default="ngspice")
    ap.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 3, --quick 1)")
    ap.add_argument("--quick", action="store_true", help="a tenth of each TSTOP (~1e5 points), one round")
    ap.add_argument("--circuits", default=",".join(name for name, _ in DECKS), help="comma list of circuits")
    ap.add_argument("--timeout", type=float, default=900.0, help="per simulator run, s")
    ap.add_argument("--keep", default=None, help="directory for decks and rawfiles (default: temporary)")
    a = ap.parse_args()
    rounds = a.rounds or (1 if a.quick else 3)
    fraction = QUICK_FRACTION if a.quick else 1.0
    workdir = a.keep or tempfile.mkdtemp(prefix="nonlinear_bench_")
    os.makedirs(workdir, exist_ok=True)
    version = subprocess.run([a.ngspice, "-v"], capture_output=True, text=True)
    nv = re.search(r"ngspice-\S+", version.stdout + version.stderr)
    print("# machine: %s" % machine_line())
    print("# cablespice: %s; ngspice: %s (%s)" % (a.cablespice, a.ngspice, nv.group(0) if nv else "?"))
    print("# mode: %s, %d interleaved round(s), best of them reported" % ("quick (TSTOP/10)" if a.quick else "full",
                                                                         rounds))
    print()
    chosen = [(name, vector) for name, vector in DECKS if name in a.circuits.split(",")]
    decks = {name: write_deck(name, fraction, workdir) for name, _ in chosen}
    results = {name: {"vector": vector, "cablespice": [], "ngspice": []} for name, vector in chosen}
    exes = {"cablespice": a.cablespice, "ngspice": a.ngspice}
    for r in range(rounds):
        for name, _ in chosen:
            for sim in ("cablespice", "ngspice"):
                sys.stderr.write("[round %d/%d] %s %s ...\n" % (r + 1, rounds, name, sim))
                results[name][sim].append(run_one(sim, exes[sim], decks[name][0], workdir, a.timeout))
    for name, _ in chosen:
        runs = results[name]
        runs["agreement"] = agreement(runs["cablespice"][-1]["raw"], runs["ngspice"][-1]["raw"], runs["vector"],
                                      decks[name][1])
    print_tables(results)
    print("# machine at the end: %s; decks and rawfiles in %s" % (machine_line(), workdir))


if __name__ == "__main__":
    main()
