#!/usr/bin/env python3
""".step benchmark (issue 5): a 1000-point .step of a small AC circuit, timed with -j 1 and
-j 2 back to back (interleaved, best of --repeat), reporting the parallel speed-up.

The circuit: a balanced source (50/50+imb ohm legs) driving 4 lumped sections of a shielded
pair (R, L with mutual coupling, leg-leg and leg-shield C with a stepped imbalance) into a
receiver with finite common-mode input resistance; common-mode drive from a ground-loop
source, .ac dec 20 10 100k (81 frequencies) -> 1000 x 81 complex solves of a ~40-unknown
matrix. Target: speed-up >= 1.8x on 2 idle cores.

Standard library only.
"""

import argparse
import datetime
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def netlist(points, sections=4):
    lines = ["* step bench: balanced pair, %d sections, %d-point .step of the C imbalance" % (sections, points),
             ".param imb=0.01",
             ".param cps=22p",
             "Vcm gs 0 DC 0 AC 1",
             "Vp sp gs DC 0",
             "Vn sn gs DC 0",
             "Rp sp p0 50",
             "Rn sn n0 60",
             "Rsa gs s0 0.01"]
    for k in range(1, sections + 1):
        for c, r, l in (("p", "0.5", "7u"), ("n", "0.5", "7u"), ("s", "0.3", "3u")):
            lines.append("R%s%d %s%d %s%dm %s" % (c, k, c, k - 1, c, k, r))
            lines.append("L%s%d %s%dm %s%d %s" % (c, k, c, k, c, k, l))
        lines.append("Cpn%d p%d n%d 11p" % (k, k, k))
        lines.append("Cps%d p%d s%d {cps}" % (k, k, k))
        lines.append("Cns%d n%d s%d {cps*(1+imb)}" % (k, k, k))
        lines.append("Kpn%d Lp%d Ln%d 0.57" % (k, k, k))
        lines.append("Kps%d Lp%d Ls%d 0.6" % (k, k, k))
        lines.append("Kns%d Ln%d Ls%d 0.6" % (k, k, k))
    n = sections
    lines += ["Rsb s%d 0 0.01" % n,
              "Rcp p%d 0 10k" % n,
              "Rcn n%d 0 10.01k" % n,
              "E1 out 0 p%d n%d 1" % (n, n),
              "Rl out 0 10k",
              ".save v(out)",
              ".step param imb 0 0.1 %r" % (0.1 / (points - 1)),
              ".ac dec 20 10 100k",
              ".end"]
    return "\n".join(lines) + "\n"


def run(exe, net, jobs, out_args, workdir):
    cmd = [exe, "-j", str(jobs)] + out_args + [net]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if r.returncode != 0:
        sys.exit("cablespice failed (exit %d): %s" % (r.returncode, r.stderr[-2000:]))
    return wall, cpu


def default_exe():
    for d in ("build-bench", "build"):
        p = os.path.join(ROOT, d, "cablespice")
        if os.path.exists(p):
            return p
    return "cablespice"


def run_concurrently(exe, nets, out_args, workdir):
    """Wall time of independent -j 1 processes started together: the speed-up a perfectly
    parallel program can get from this machine's cores right now."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen([exe, "-j", "1"] + out_args(k) + [net], cwd=workdir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for k, net in enumerate(nets)]
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            sys.exit("cablespice failed (exit %d): %s" % (p.returncode, err[-2000:]))
    return time.perf_counter() - t0


def write_netlist(path, points, first, count):
    """Points [first, first + count) of the `points`-point sweep."""
    text = netlist(points)
    step = 0.1 / (points - 1)
    lo, hi = first * step, (first + count - 1) * step
    text = text.replace(".step param imb 0 0.1 %r" % step, ".step param imb %r %r %r" % (lo, hi * (1 + 1e-12), step))
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=default_exe())
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=9)
    a = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="step_bench_")
    net = os.path.join(workdir, "step.cir")
    with open(net, "w") as f:
        f.write(netlist(a.points))
    half = a.points // 2
    halves = [os.path.join(workdir, "half%d.cir" % k) for k in (0, 1)]
    write_netlist(halves[0], a.points, 0, half)
    write_netlist(halves[1], a.points, half, a.points - half)
    outputs = {"rawfile": lambda k: ["-r", os.path.join(workdir, "out%d.raw" % k)],
               "stdout only": lambda k: []}
    load = os.getloadavg()
    print("# machine: %d cores, load avg %.2f/%.2f/%.2f at start, %s" % (
        os.cpu_count() or 0, load[0], load[1], load[2], datetime.datetime.now().strftime("%Y-%m-%d %H:%M")))
    print("# %d .step points, .ac dec 20 10 100k; %d interleaved rounds; wall times, best and median" % (
        a.points, a.repeat))
    print()
    print("| output | -j 1 best / median | -j 2 best / median | speed-up best / median "
          "| machine: 2 x -j 1 on half the points, concurrently | machine bound best / median |")
    print("|---|---|---|---|---|---|")
    for name, args in outputs.items():
        times = {"j1": [], "j2": [], "pair": []}
        for _ in range(a.repeat):
            times["j1"].append(run(a.cablespice, net, 1, args(0), workdir)[0])
            times["j2"].append(run(a.cablespice, net, 2, args(0), workdir)[0])
            times["pair"].append(run_concurrently(a.cablespice, halves, args, workdir))
        best = {k: min(v) for k, v in times.items()}
        med = {k: statistics.median(v) for k, v in times.items()}
        print("| %s | %.3f / %.3f s | %.3f / %.3f s | **%.2fx** / %.2fx | %.3f / %.3f s | %.2fx / %.2fx |" % (
            name, best["j1"], med["j1"], best["j2"], med["j2"], best["j1"] / best["j2"], med["j1"] / med["j2"],
            best["pair"], med["pair"], best["j1"] / best["pair"], med["j1"] / med["pair"]))
    print()
    print("The machine bound is -j 1 over two independent -j 1 processes sharing the points: the")
    print("speed-up of a program with no serial part and no shared state on these cores at this time.")
    print("-j 2 at or above it means the .step code is not what limits the speed-up.")
    load = os.getloadavg()
    print()
    print("# load avg at end %.2f/%.2f/%.2f" % load)


if __name__ == "__main__":
    main()
