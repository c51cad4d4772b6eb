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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=default_exe())
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", default="1,2", help="comma list of -j values")
    a = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="step_bench_")
    net = os.path.join(workdir, "step.cir")
    with open(net, "w") as f:
        f.write(netlist(a.points))
    jobs = [int(j) for j in a.jobs.split(",")]
    outputs = {"rawfile": ["-r", os.path.join(workdir, "out.raw")],
               "stdout only": []}
    load = os.getloadavg()
    print("# machine: %d cores, load avg %.2f/%.2f/%.2f at start, %s" % (
        os.cpu_count() or 0, load[0], load[1], load[2], datetime.datetime.now().strftime("%Y-%m-%d %H:%M")))
    print("# %d .step points, .ac dec 20 10 100k; best of %d interleaved runs" % (a.points, a.repeat))
    print()
    print("| output | " + " | ".join("-j %d wall (CPU, CPU/wall)" % j for j in jobs) +
          " | speed-up -j%d/-j%d |" % (jobs[0], jobs[-1]))
    print("|" + "---|" * (len(jobs) + 2))
    for name, args in outputs.items():
        best = {j: (float("inf"), 0.0) for j in jobs}
        for _ in range(a.repeat):
            for j in jobs:
                w, c = run(a.cablespice, net, j, args, workdir)
                if w < best[j][0]:
                    best[j] = (w, c)
        print("| %s | " % name + " | ".join("%.3f s (%.3f s, %.0f%%)" % (best[j][0], best[j][1],
                                                                        100 * best[j][1] / best[j][0])
                                            for j in jobs) +
              " | %.2fx |" % (best[jobs[0]][0] / best[jobs[-1]][0]))
    print()
    print("CPU/wall that does not grow with -j means the extra threads got no core (busy machine):")
    print("then the speed-up says nothing about the code. On 2 idle cores expect CPU/wall ~200% with -j 2.")
    load = os.getloadavg()
    print()
    print("# load avg at end %.2f/%.2f/%.2f" % load)


if __name__ == "__main__":
    main()
