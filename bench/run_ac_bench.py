#!/usr/bin/env python3
"""AC benchmark: cablespice vs ngspice on balanced cable harnesses (issue 17). Not a test.

For each size it generates one `.ac dec 20 10 1meg` harness (101 frequencies) with
../shared/bench/gen_cable.py, runs cablespice with -j 1 and -j 2 (with --stats: factor nonzeros,
factorizations) and `ngspice -b` (with .options acct: its matrix non-zeroes with fill) on it back
to back, and prints wall time, CPU time, factor nonzeros and peak memory side by side with the
ratios. Then one `.cmrr` on the 8x138 (= preset s, 1e4-unknown) harness: cablespice solves the
differential and the common-mode excitation on one factorization per frequency; ngspice, which
has no CMRR analysis, runs the same harness twice (.ac with the common-mode source, .ac with the
differential one) and its two times are added.

Every timing is the best of --rounds interleaved runs. ngspice is skipped for a size once a run
of it exceeds --timeout. Standard library only.

  python3 bench/run_ac_bench.py                        # 8x14, 8x138, 8x1388 (1e3, 1e4, 1e5)
  python3 bench/run_ac_bench.py --sizes 8x14,8x138 --rounds 5
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_common import machine_line  # noqa: E402
from run_transient_bench import find_default_cablespice, size_args, timed_run  # noqa: E402

GENERATOR = os.environ.get("CABLESPICE_GEN_CABLE",
                           os.path.join(HERE, "..", "..", "shared", "bench", "gen_cable.py"))
SWEEP = ["--analysis", "ac", "--ac-points", "20", "--fstart", "10", "--fstop", "1meg"]
CMRR_CARD = ".cmrr v(o0) vp0 vhum0 ac dec 20 10 1meg"


def generate(size, path, drive="cm", options=None):
    cmd = [sys.executable, GENERATOR] + size_args(size) + SWEEP + ["--ac-drive", drive, "-o", path]
    if options:
        cmd += ["--options", options]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"unknowns=(\d+)", r.stderr)
    return int(m.group(1)) if m else -1


def with_cmrr(source, target):
    """The harness with its .ac replaced by a .cmrr of pair 0's output."""
    with open(source) as f:
        text = f.read()
    text = re.sub(r"^\.ac .*$", CMRR_CARD, text, count=1, flags=re.M)
    with open(target, "w") as f:
        f.write(text)


def stat(pattern, text, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else None


class Best:
    """Best (smallest) wall and CPU over rounds, the largest peak memory, the last stats."""

    def __init__(self):
        self.wall = self.cpu = self.peak = None
        self.entries = self.factorizations = self.work = None
        self.failed = None

    def add(self, rc, wall, peak, cpu, out, err, timed_out):
        if timed_out or rc != 0:
            self.failed = "timeout" if timed_out else "exit %d: %s" % (rc, (err or out).strip()[-200:])
            return
        self.wall = wall if self.wall is None else min(self.wall, wall)
        self.cpu = cpu if self.cpu is None else min(self.cpu, cpu)
        self.peak = peak if self.peak is None else max(self.peak, peak or 0)
        self.entries = stat(r"factor nonzeros \(L\+U\) (\d+)", out) or stat(r"Circuit total non-zeroes = (\d+)", out)
        self.factorizations = stat(r"(\d+) factorizations", out, int)
        self.work = stat(r"refactorization multiply-adds (\d+)", out)


def cell(value, fmt):
    return fmt % value if value is not None else "-"


def ratio(a, b):
    return "%.1fx" % (a / b) if a and b else "-"


def run_row(label, unknowns, runs, rounds, timeout, workdir):
    """runs: {name: [command, ...]} (several commands of one name are timed together)."""
    best = {name: Best() for name in runs}
    names = list(runs)
    for k in range(rounds):
        # Each round starts with another run, so that no run always follows ngspice's (which
        # leaves the machine slower for the next one: -j1 measured ~5 % slow there).
        for name in names[k % len(names):] + names[:k % len(names)]:
            commands = runs[name]
            b = best[name]
            if b.failed:
                continue
            total = None
            for cmd in commands:
                result = timed_run(cmd, timeout, workdir)
                if total is None:
                    total = list(result)
                else:
                    total[0] = total[0] or result[0]
                    total[1] += result[1]
                    total[2] = max(total[2] or 0, result[2] or 0)
                    total[3] += result[3]
                    total[4] += result[4]
                    total[6] = total[6] or result[6]
            b.add(*total)
    return {"label": label, "unknowns": unknowns, "best": best}


def print_rows(rows):
    print("| harness | unknowns | run | wall s | CPU s | factor nonzeros | factorizations | peak MB | ngspice/this (wall) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ng = row["best"].get("ngspice")
        for name, b in row["best"].items():
            if b.failed:
                print("| %s | %d | %s | %s | | | | | |" % (row["label"], row["unknowns"], name, b.failed))
                continue
            print("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                row["label"], row["unknowns"], name, cell(b.wall, "%.3f"), cell(b.cpu, "%.3f"),
                cell(b.entries, "%.0f"), cell(b.factorizations, "%d"),
                cell(b.peak / 1024 if b.peak else None, "%.0f"),
                "" if name == "ngspice" or not ng or ng.failed else ratio(ng.wall, b.wall)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cablespice", default=find_default_cablespice())
    ap.add_argument("--ngspice", default="ngspice")
    ap.add_argument("--no-ngspice", action="store_true")
    ap.add_argument("--sizes", default="8x14,8x138,8x1388")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0, help="per run (s)")
    ap.add_argument("--keep", help="keep the netlists in this folder")
    a = ap.parse_args()

    workdir = a.keep or tempfile.mkdtemp(prefix="ac_bench_")
    os.makedirs(workdir, exist_ok=True)
    print("# %s" % machine_line())
    print("# cablespice: %s; 101 frequencies, .ac dec 20 10 1meg; best of %d interleaved rounds" % (a.cablespice, a.rounds))
    rows = []
    for size in a.sizes.split(","):
        deck = os.path.join(workdir, "ac_%s.cir" % size)
        ngdeck = os.path.join(workdir, "ac_%s_acct.cir" % size)
        unknowns = generate(size, deck)
        generate(size, ngdeck, options="acct")
        runs = {"cablespice -j1": [[a.cablespice, "--stats", "-j", "1", deck]],
                "cablespice -j2": [[a.cablespice, "--stats", "-j", "2", deck]]}
        if not a.no_ngspice:
            runs["ngspice"] = [[a.ngspice, "-b", "-r", os.devnull, ngdeck]]
        rows.append(run_row(size, unknowns, runs, a.rounds, a.timeout, workdir))
        print_rows(rows[-1:])
        sys.stdout.flush()

    # .cmrr on the 1e4 harness; ngspice: the two excitations as two .ac runs.
    deck = os.path.join(workdir, "cmrr_8x138.cir")
    cm = os.path.join(workdir, "cmrr_8x138_cm.cir")
    dm = os.path.join(workdir, "cmrr_8x138_dm.cir")
    unknowns = generate("8x138", cm, "cm", options="acct")
    generate("8x138", dm, "dm", options="acct")
    with_cmrr(cm, deck)
    runs = {"cablespice -j1": [[a.cablespice, "--stats", "-j", "1", deck]],
            "cablespice -j2": [[a.cablespice, "--stats", "-j", "2", deck]]}
    if not a.no_ngspice:
        runs["ngspice"] = [[a.ngspice, "-b", "-r", os.devnull, cm], [a.ngspice, "-b", "-r", os.devnull, dm]]
    rows.append(run_row("cmrr 8x138", unknowns, runs, a.rounds, a.timeout, workdir))
    print_rows(rows[-1:])

    print()
    print("## All rows")
    print_rows(rows)
    print()
    print("## Growth of cablespice -j1 wall time against the unknowns (first size = 1)")
    print("(and of a refactorization's multiply-adds: the factor's arithmetic, which nonzeros alone do not tell)")
    ac_rows = [r for r in rows if not r["label"].startswith("cmrr")]
    first = ac_rows[0]
    for r in ac_rows:
        b, f = r["best"]["cablespice -j1"], first["best"]["cablespice -j1"]
        if b.wall and f.wall:
            work = ""
            if b.work and f.work:
                work = ", multiply-adds x%.1f (%.0f per unknown)" % (b.work / f.work, b.work / r["unknowns"])
            print("%s: unknowns x%.1f, time x%.1f%s" % (r["label"], r["unknowns"] / first["unknowns"], b.wall / f.wall, work))
    print()
    print("## -j2 speed-up (wall, -j1 / -j2)")
    for r in rows:
        one, two = r["best"]["cablespice -j1"], r["best"]["cablespice -j2"]
        print("%s: %s" % (r["label"], ratio(one.wall, two.wall)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
