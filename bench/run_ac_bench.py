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

The -j 2 speed-up is set beside the machine's: two -j 1 processes started together, each on half
of the frequencies (51 and 50) of the same harness, against one -j 1 process on all of them. That
is what a program with no serial part and no shared state gets from these two cores at this time
(on some machine kinds the two cores share more than on others, and the host's load moves it);
-j 2 is read against it.

  python3 bench/run_ac_bench.py                        # 8x14, 8x138, 8x1388 (1e3, 1e4, 1e5)
  python3 bench/run_ac_bench.py --sizes 8x14,8x138 --rounds 5
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_common import machine_line  # noqa: E402
from run_transient_bench import find_default_cablespice, size_args, timed_run  # noqa: E402

GENERATOR = os.environ.get("CABLESPICE_GEN_CABLE",
                           os.path.join(HERE, "..", "..", "shared", "bench", "gen_cable.py"))
SWEEP = ["--analysis", "ac", "--ac-points", "20", "--fstart", "10", "--fstop", "1meg"]
CMRR_CARD = ".cmrr v(o0) vp0 vhum0 ac dec 20 10 1meg"
# The 101 frequencies 10 * 10^(k/20), k = 0..100, split into k = 0..50 and k = 51..100.
HALF_SWEEPS = ("dec 20 10 3200", "dec 20 %r 1e6" % (10.0 * 10.0 ** (51 / 20)))


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


def write_halves(deck, stem):
    """The deck twice, its .ac or .cmrr sweep cut into HALF_SWEEPS; returns the two paths."""
    with open(deck) as f:
        text = f.read()
    paths = []
    for k, sweep in enumerate(HALF_SWEEPS):
        half, n = re.subn(r"^(\.ac|\.cmrr .* ac) dec 20 10 1(?:e\+06|meg)$", r"\1 " + sweep, text, count=1, flags=re.M)
        if n != 1:
            sys.exit("no .ac/.cmrr dec 20 10 1meg card in %s" % deck)
        paths.append("%s_half%d.cir" % (stem, k))
        with open(paths[-1], "w") as f:
            f.write(half)
    return paths


class Together(list):
    """Commands of one run started together (timed as one: wall until the last ends)."""


def timed_together(cmds, timeout, cwd):
    """Like timed_run for commands started at once: (rc, wall, peak, cpu, out, err, timed_out),
    the first failure's rc, the largest peak, the CPU of all of them, the outputs added."""
    results = [None] * len(cmds)
    threads = [threading.Thread(target=lambda k=k, c=c: results.__setitem__(k, timed_run(c, timeout, cwd)))
               for k, c in enumerate(cmds)]
    # Each timed_run's own CPU figure (its children's usage across its run) would include the
    # other commands' too; the group's is taken around all of them.
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    rc = next((r[0] for r in results if r[0] != 0), 0)
    return (rc, wall, max(r[2] or 0 for r in results), cpu,
            "".join(r[4] for r in results), "".join(r[5] for r in results), any(r[6] for r in results))


def stat(pattern, text, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else None


class Best:
    """Best (smallest) wall and CPU over rounds, the largest peak memory, the last stats."""

    def __init__(self):
        self.wall = self.cpu = self.peak = None
        self.entries = self.factorizations = self.work = self.frequencies = None
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
        self.frequencies = sum(int(n) for n in re.findall(r"(?:ac|cmrr) stats: (\d+) frequencies", out)) or None


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
            if isinstance(commands, Together):
                b.add(*timed_together(commands, timeout, workdir))
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


MACHINE = "machine: 2 x -j1, half the frequencies each"


def cablespice_runs(exe, deck, stem):
    return {"cablespice -j1": [[exe, "--stats", "-j", "1", deck]],
            "cablespice -j2": [[exe, "--stats", "-j", "2", deck]],
            MACHINE: Together([exe, "--stats", "-j", "1", half] for half in write_halves(deck, stem))}


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
    if os.path.exists(a.cablespice):
        a.cablespice = os.path.abspath(a.cablespice)  # the runs' working folder is workdir

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
        runs = cablespice_runs(a.cablespice, deck, os.path.join(workdir, "ac_%s" % size))
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
    runs = cablespice_runs(a.cablespice, deck, os.path.join(workdir, "cmrr_8x138"))
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
    print("## -j2 speed-up (wall, -j1 / -j2) against the machine's (-j1 / two concurrent -j1 halves)")
    for r in rows:
        one, two, pair = (r["best"][k] for k in ("cablespice -j1", "cablespice -j2", MACHINE))
        points = "" if pair.frequencies == 101 else " (the halves ran %s frequencies, not 101)" % pair.frequencies
        share = "" if not (two.wall and pair.wall) else ", -j2 gets %.0f %% of the machine's" % (
            100.0 * pair.wall / two.wall)
        print("%s: -j2 %s, machine %s%s%s" % (r["label"], ratio(one.wall, two.wall), ratio(one.wall, pair.wall), share,
                                             points))
    return 0


if __name__ == "__main__":
    sys.exit(main())
