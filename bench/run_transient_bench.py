#!/usr/bin/env python3
"""Transient benchmark: cablespice vs ngspice on balanced cable harnesses (issue 4/5).

For each size (gen_cable.py presets: xs ~1e3, s ~1e4, m ~1e5 unknowns) this script generates
one netlist, runs cablespice and `ngspice -b` on it back to back in the same run, and prints
wall time, accepted steps, time per step and peak memory side by side with ratios.

Accepted steps: both simulators write a rawfile with every accepted time point (no
interpolation), so steps = rawfile points - 1 (t = 0 is a point, not a step). ngspice's
`.options acct` counters (Accepted/Rejected timepoints, factor/solve time) are also parsed.
With --cable-bench (the EXCLUDE_FROM_ALL helper bench/cable_bench.cpp), cablespice's own
TransientStats (rejected steps, factorizations, solves) and the cost of one KLU solve of the
harness's transient matrix are reported as well.

--quick shortens TSTOP (per size, see QUICK_TSTOP) and extrapolates to the full 50 ms:
    full_time ~= setup + (time per step) * (full steps),
where setup = wall time of a run with TSTOP = 2*TMAX (parse, elaboration, OP, a few steps),
time per step = (wall - setup) / (steps - setup steps) from the quick run, and full steps is
the quick run's step count scaled by TSTOP_full / TSTOP_quick (the 10 us TMAX bounds the step
for this circuit, so the count grows linearly). Extrapolated numbers are marked with '~'.

Standard library only. Peak memory comes from /usr/bin/time (GNU time, %M) when present,
else from resource.getrusage(RUSAGE_CHILDREN) (a running maximum over children, so only the
first growing value is exact; marked '?').
"""

import argparse
import datetime
import os
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

from bench_common import machine_line  # bench/bench_common.py, beside this script

HERE = os.path.dirname(os.path.abspath(__file__))
# The shared deterministic generator (../shared/bench/gen_cable.py beside the project root).
GENERATOR = os.environ.get("CABLESPICE_GEN_CABLE", os.path.join(HERE, "..", "..", "shared", "bench", "gen_cable.py"))
ROOT = os.path.dirname(HERE)

FULL_TSTOP = 50e-3
TMAX = 10e-6
# --quick TSTOP per preset (s): small enough for ngspice to finish in ~1 min at 1e5 unknowns.
QUICK_TSTOP = {"xs": 50e-3, "s": 5e-3, "m": 0.5e-3, "l": 0.05e-3}


def find_default_cablespice():
    for d in ("build-bench", "build", "build-release"):
        p = os.path.join(ROOT, d, "cablespice")
        if os.path.exists(p):
            return p
    return "cablespice"


def find_default_cable_bench(cablespice):
    p = os.path.join(os.path.dirname(os.path.abspath(cablespice)), "bench", "cable_bench")
    return p if os.path.exists(p) else None


def size_args(size):
    """A gen_cable.py preset (xs, s, m, l) or PAIRSxSECTIONS (e.g. 8x1388: fixed width, growing length)."""
    m = re.fullmatch(r"(\d+)x(\d+)", size)
    return ["-M", m.group(1), "-N", m.group(2)] if m else ["--preset", size]


def gen(preset, tstop, path, extra=()):
    cmd = [sys.executable, GENERATOR] + size_args(preset) + [
           "--tstop", repr(tstop), "--tmax", repr(TMAX), "--options", "acct",
           "-o", path] + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"unknowns=(\d+)", r.stderr)
    return int(m.group(1)) if m else -1


def raw_points(path):
    """Number of points of the last plot in an ngspice rawfile (binary or ASCII)."""
    points = None
    try:
        with open(path, "rb") as f:
            while True:
                line = f.readline()
                if not line:
                    break
                s = line.decode("latin-1").strip()
                if s.startswith("No. Points:"):
                    points = int(s.split(":")[1])
                if s.startswith("Binary:") or s.startswith("Values:"):
                    # skip the data block: we only need the header of one plot here
                    break
    except OSError:
        return None
    return points


def timed_run(cmd, timeout, cwd):
    """Run cmd; return (rc, wall_s, peak_kb, cpu_s, stdout, stderr, timed_out)."""
    gnu_time = shutil.which("time") if os.path.exists("/usr/bin/time") else None
    tfile = None
    full = list(cmd)
    if gnu_time:
        fd, tfile = tempfile.mkstemp(prefix="bench_time_", dir=cwd)
        os.close(fd)
        full = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", tfile] + full
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = ru0.ru_maxrss
    t0 = time.perf_counter()
    try:
        r = subprocess.run(full, capture_output=True, text=True, timeout=timeout, cwd=cwd)
        rc, out, err, to = r.returncode, r.stdout, r.stderr, False
    except subprocess.TimeoutExpired as e:
        rc, out, err, to = -1, (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), "", True
    wall = time.perf_counter() - t0
    peak = None
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if tfile:
        try:
            with open(tfile) as f:
                fields = f.read().split()
            peak = int(fields[-3])
        except (OSError, ValueError, IndexError):
            peak = None
        os.unlink(tfile)
    if peak is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak = after if after > before else None
    return rc, wall, peak, cpu, out, err, to


def parse_acct(text):
    keys = {"Accepted timepoints": "accepted", "Rejected timepoints": "rejected",
            "Transient timepoints": "timepoints", "Circuit Equations": "equations",
            "Circuit total non-zeroes": "nnz_total", "Circuit fill-in non-zeroes": "fillin",
            "Transient factor time": "factor_s", "Transient solve time": "solve_s",
            "Transient load time": "load_s", "Transient analysis time": "tran_s"}
    res = {}
    for line in text.splitlines():
        if "=" not in line:
            continue
        k, v = line.split("=", 1)
        k = k.strip()
        if k in keys:
            try:
                res[keys[k]] = float(v.split()[0])
            except (ValueError, IndexError):
                pass
    return res


def parse_kv(line):
    return {k: v for k, v in re.findall(r"(\S+?)=(\S+)", line)}


class Result:
    def __init__(self):
        self.wall = None
        self.cpu = None
        self.peak_kb = None
        self.steps = None
        self.ok = False
        self.note = ""
        self.extra = {}


def run_sim(kind, exe, netlist, workdir, timeout):
    res = Result()
    raw = os.path.join(workdir, os.path.basename(netlist) + "." + kind + ".raw")
    if os.path.exists(raw):
        os.unlink(raw)
    if kind == "cablespice":
        cmd = [exe, "-r", raw, netlist]
    else:
        cmd = [exe, "-b", "-r", raw, netlist]
    rc, wall, peak, cpu, out, err, to = timed_run(cmd, timeout, workdir)
    res.wall, res.peak_kb, res.cpu = wall, peak, cpu
    if to:
        res.note = "timeout after %.0f s" % timeout
        return res
    if rc != 0:
        res.note = "exit %d: %s" % (rc, (err or out).strip().splitlines()[-1:] or "")
        return res
    pts = raw_points(raw)
    res.steps = (pts - 1) if pts else None
    res.ok = res.steps is not None
    if kind == "ngspice":
        res.extra = parse_acct(out + "\n" + err)
    if os.path.exists(raw):
        os.unlink(raw)
    return res


def fmt_t(x, approx=False):
    if x is None:
        return "-"
    s = "%.3g s" % x if x >= 0.01 else "%.3g ms" % (x * 1e3)
    return ("~" if approx else "") + s


def fmt_ms(x, approx=False):
    if x is None:
        return "-"
    return ("~" if approx else "") + ("%.3g ms" % (x * 1e3))


def fmt_mb(kb):
    return "-" if kb is None else "%.0f MB" % (kb / 1024.0)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return "%.2fx" % (a / b)


def growth(a, sizes, workdir):
    """cablespice alone, full TSTOP, `rounds` interleaved rounds over the sizes (smallest first):
    best and median wall and CPU per size, and how each grows against the smallest size compared
    with the growth of the unknowns. Interleaving puts every size through the same machine
    phases; best against best is the fair comparison on a shared machine."""
    nets, unknowns = {}, {}
    for size in sizes:
        nets[size] = os.path.join(workdir, "cable_%s.cir" % size)
        unknowns[size] = gen(size, FULL_TSTOP, nets[size])
    runs = {size: [] for size in sizes}
    for r in range(a.growth):
        for size in sizes:
            sys.stderr.write("[growth round %d/%d] %s ...\n" % (r + 1, a.growth, size))
            res = run_sim("cablespice", a.cablespice, nets[size], workdir, a.timeout)
            if not res.ok:
                sys.exit("cablespice failed on %s: %s" % (size, res.note))
            runs[size].append(res)
    print("## Growth with the unknowns: cablespice, full %g ms, %d interleaved rounds" % (FULL_TSTOP * 1e3, a.growth))
    print()
    print("| size | unknowns | wall best / median | CPU best / median | peak RSS | wall vs first, best / median | "
          "unknowns vs first | no faster than linear (best / median) |")
    print("|" + "---|" * 8)
    first = sizes[0]
    best = {s: min(r.wall for r in runs[s]) for s in sizes}
    median = {s: statistics.median(r.wall for r in runs[s]) for s in sizes}
    for size in sizes:
        cpu = [r.cpu for r in runs[size]]
        grow_best, grow_median = best[size] / best[first], median[size] / median[first]
        grow_n = unknowns[size] / unknowns[first]
        print("| %s | %d | %s / %s | %s / %s | %s | %.2fx / %.2fx | %.2fx | %s / %s |" % (
            size, unknowns[size], fmt_t(best[size]), fmt_t(median[size]), fmt_t(min(cpu)),
            fmt_t(statistics.median(cpu)), fmt_mb(max(r.peak_kb or 0 for r in runs[size]) or None),
            grow_best, grow_median, grow_n, "yes" if grow_best <= grow_n else "no",
            "yes" if grow_median <= grow_n else "no"))
    print()
    print("# finished %s; netlists in %s" % (datetime.datetime.now().strftime("%H:%M"), workdir))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=find_default_cablespice())
    ap.add_argument("--ngspice", default="ngspice")
    ap.add_argument("--cable-bench", default=None,
                    help="bench/cable_bench binary (default: BUILD/bench/cable_bench next to cablespice)")
    ap.add_argument("--sizes", default="xs,s",
                    help="comma list of gen_cable.py presets (xs ~1e3, s ~1e4, m ~1e5, l ~1e6 unknowns, "
                         "1, 8 and 24 pairs wide) or PAIRSxSECTIONS sizes (8x14, 8x138, 8x1388: "
                         "8 pairs, 1e3 to 1e5 unknowns)")
    ap.add_argument("--quick", action="store_true",
                    help="shorter TSTOP per size (QUICK_TSTOP) and extrapolate to 50 ms")
    ap.add_argument("--no-ngspice", action="store_true")
    ap.add_argument("--timeout", type=float, default=600.0, help="per simulator run, s")
    ap.add_argument("--keep", default=None, help="directory for netlists (default: temporary)")
    ap.add_argument("--growth", type=int, default=0, metavar="ROUNDS",
                    help="only cablespice, full TSTOP, ROUNDS interleaved rounds: how the time grows with "
                         "the unknowns (e.g. --sizes 8x14,8x138,8x1388 --growth 3)")
    a = ap.parse_args()

    cable_bench = a.cable_bench or find_default_cable_bench(a.cablespice)
    workdir = a.keep or tempfile.mkdtemp(prefix="cable_bench_")
    os.makedirs(workdir, exist_ok=True)
    print("# machine: %s" % machine_line())
    print("# cablespice: %s" % a.cablespice)
    if not a.no_ngspice and a.growth <= 0:
        v = subprocess.run([a.ngspice, "-v"], capture_output=True, text=True)
        nv = re.search(r"ngspice-\S+", v.stdout + v.stderr)
        print("# ngspice: %s (%s)" % (a.ngspice, nv.group(0) if nv else "?"))
    print("# mode: %s; TMAX = %g s; full TSTOP = %g s" % ("quick" if a.quick else "full", TMAX, FULL_TSTOP))
    print()
    if a.growth > 0:
        growth(a, [s.strip() for s in a.sizes.split(",") if s.strip()], workdir)
        return

    rows = []
    for preset in [s.strip() for s in a.sizes.split(",") if s.strip()]:
        tstop = QUICK_TSTOP.get(preset, FULL_TSTOP) if a.quick else FULL_TSTOP
        extrap = tstop < FULL_TSTOP
        net = os.path.join(workdir, "cable_%s.cir" % preset)
        unknowns = gen(preset, tstop, net)
        setup_net = os.path.join(workdir, "cable_%s_setup.cir" % preset)
        if extrap:
            gen(preset, 2 * TMAX, setup_net)
        sims = ["cablespice"] + ([] if a.no_ngspice else ["ngspice"])
        exes = {"cablespice": a.cablespice, "ngspice": a.ngspice}
        row = {"preset": preset, "unknowns": unknowns, "tstop": tstop, "extrap": extrap}
        for sim in sims:
            sys.stderr.write("[%s] %s, TSTOP=%g ...\n" % (preset, sim, tstop))
            r = run_sim(sim, exes[sim], net, workdir, a.timeout)
            setup = None
            if extrap and r.ok:
                s = run_sim(sim, exes[sim], setup_net, workdir, a.timeout)
                setup = s if s.ok else None
            row[sim] = r
            row[sim + "_setup"] = setup
            # per-step time: marginal cost over the steps beyond the setup run, for wall and
            # CPU (user+sys) time; CPU time is the robust one on a shared machine.
            if r.ok and r.steps:
                for metric in ("wall", "cpu"):
                    total = getattr(r, metric)
                    if setup is not None and r.steps > setup.steps:
                        per = max(total - getattr(setup, metric), 0.0) / (r.steps - setup.steps)
                        full_steps = round(r.steps * FULL_TSTOP / tstop)
                        full_time = getattr(setup, metric) + per * full_steps
                    else:
                        per = total / r.steps
                        full_steps, full_time = r.steps, total
                    row[sim + "_per_" + metric] = per
                    row[sim + "_full_steps"] = full_steps
                    row[sim + "_full_" + metric] = full_time
        if cable_bench and os.path.exists(cable_bench):
            sys.stderr.write("[%s] cable_bench stats + klu ...\n" % preset)
            # The CLI's default solve threads: min(2, cores).
            threads = str(min(2, os.cpu_count() or 1))
            st = subprocess.run([cable_bench, "stats", net, "--threads", threads], capture_output=True, text=True,
                                timeout=a.timeout)
            row["stats"] = parse_kv(st.stdout) if st.returncode == 0 else {}
            solves = "200" if unknowns < 50000 else "30"
            # At 1e5 the raw KLU settings factor at TMAX from scratch: minutes of fill (README).
            only = ["--wrapper-only", "1"] if unknowns >= 50000 else []
            kl = subprocess.run([cable_bench, "klu", net, "--solves", solves, "--repeat", "3"] + only,
                                capture_output=True, text=True, timeout=a.timeout)
            row["klu"] = [parse_kv(l) for l in kl.stdout.splitlines() if l.startswith("klu ")]
            wrap = [parse_kv(l) for l in kl.stdout.splitlines() if l.startswith("wrapper ")]
            # The cost of one solve as the transient pays it: the fastest fast-tolerance configuration
            # (the thresholds pick it), KLU's solve or the row-oriented one, on one thread or two.
            fast = [w for w in wrap if w.get("using_fast") == "1"]
            row["wrapper"] = min(fast, key=lambda w: float(w.get("solve_ms", "inf"))) if fast else {}
            row["wrappers"] = wrap
        rows.append(row)

    # ---- table 1: side by side ----------------------------------------------------------
    print("## Transient, side by side (times include parse, OP and rawfile output; "
          "CPU = user+sys of the process)")
    print()
    print("| size | unknowns | TSTOP run | sim | wall | CPU | steps | CPU/step | wall/step | "
          "CPU for 50 ms | peak RSS |")
    print("|" + "---|" * 11)
    for row in rows:
        for sim in ("cablespice", "ngspice"):
            r = row.get(sim)
            if r is None:
                continue
            ex = row["extrap"]
            print("| %s | %d | %g ms | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                row["preset"], row["unknowns"], row["tstop"] * 1e3, sim,
                fmt_t(r.wall) + ("" if r.ok else " (" + r.note + ")"), fmt_t(r.cpu),
                r.steps if r.steps is not None else "-",
                fmt_ms(row.get(sim + "_per_cpu")), fmt_ms(row.get(sim + "_per_wall")),
                fmt_t(row.get(sim + "_full_cpu"), ex) if r.ok else "-",
                fmt_mb(r.peak_kb)))
    print()
    print("## Ratios ngspice / cablespice (> 1: cablespice faster or smaller)")
    print()
    print("| size | unknowns | CPU (run) | wall (run) | CPU/step | CPU for 50 ms | steps | peak RSS |")
    print("|" + "---|" * 8)
    for row in rows:
        c, n = row.get("cablespice"), row.get("ngspice")
        if not (c and n and c.ok and n.ok):
            continue
        print("| %s | %d | %s | %s | %s | %s%s | %s | %s |" % (
            row["preset"], row["unknowns"], ratio(n.cpu, c.cpu), ratio(n.wall, c.wall),
            ratio(row.get("ngspice_per_cpu"), row.get("cablespice_per_cpu")),
            "~" if row["extrap"] else "", ratio(row.get("ngspice_full_cpu"), row.get("cablespice_full_cpu")),
            ratio(n.steps, c.steps), ratio(n.peak_kb, c.peak_kb)))
    print()

    # ---- ngspice acct ---------------------------------------------------------------------
    if any(row.get("ngspice") and row["ngspice"].extra for row in rows):
        print("## ngspice .options acct")
        print()
        print("| size | equations | accepted | rejected | total nnz (fill-in) | load | factor | solve | tran |")
        print("|" + "---|" * 9)
        for row in rows:
            n = row.get("ngspice")
            if not (n and n.extra):
                continue
            e = n.extra
            print("| %s | %s | %s | %s | %s (%s) | %s s | %s s | %s s | %s s |" % (
                row["preset"], int(e.get("equations", -1)), int(e.get("accepted", -1)),
                int(e.get("rejected", -1)), int(e.get("nnz_total", -1)), int(e.get("fillin", -1)),
                e.get("load_s", "-"), e.get("factor_s", "-"), e.get("solve_s", "-"), e.get("tran_s", "-")))
        print()

    # ---- cablespice stats and the KLU solve cost -------------------------------------------
    if any(row.get("stats") for row in rows):
        print("## cablespice TransientStats (cable_bench stats) and the cost of one KLU solve")
        print()
        print("| size | accepted | rejected | factor | refactor | solves | on 2 threads | tran only (wall) | "
              "tran only (CPU) | wall/step | CPU/step | 1 solve (fastest wrapper) | wall step / solve |")
        print("|" + "---|" * 13)
        for row in rows:
            st = row.get("stats") or {}
            if not st:
                continue
            acc = int(st.get("accepted", "0"))
            tran_cpu = float(st.get("tran_cpu_s", "nan"))
            tran_wall = float(st.get("tran_s", "nan"))
            per = tran_cpu / acc if acc else None
            per_wall = tran_wall / acc if acc else None
            solve_ms = float(row.get("wrapper", {}).get("solve_ms", "nan"))
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.4g ms | %s |" % (
                row["preset"], st.get("accepted"), st.get("rejected"), st.get("factorizations"),
                st.get("refactorizations"), st.get("solves"), st.get("parallel_solves", "-"), fmt_t(tran_wall),
                fmt_t(tran_cpu), fmt_ms(per_wall), fmt_ms(per), solve_ms,
                ("%.1fx" % (per_wall * 1e3 / solve_ms)) if per_wall and solve_ms == solve_ms else "-"))
        print()
        print("## KLU settings on the harness transient matrix A = G + (2/TMAX) C")
        print()
        print("| size | config | lnz+unz | off-diag pivots | factor | refactor | solve | rcond | backward err |")
        print("|" + "---|" * 9)
        for row in rows:
            for k in row.get("klu", []):
                print("| %s | %s | %s | %s | %s ms | %s ms | %s ms | %s | %s |" % (
                    row["preset"], k.get("config"), k.get("lnz+unz"), k.get("offdiag_pivots"),
                    k.get("factor_ms"), k.get("refactor_ms"), k.get("solve_ms"), k.get("rcond"),
                    k.get("backward_err")))
        print()
    if any(row.get("wrappers") for row in rows):
        print("## KluRealNumeric (project wrapper) on the same matrix: default vs fast pivot tolerance")
        print()
        print("| size | fast_tol | using fast | row solve | by domain | two threads | factor | solve | backward err |")
        print("|" + "---|" * 9)
        for row in rows:
            for w in row.get("wrappers", []):
                print("| %s | %s | %s | %s | %s | %s | %s ms | %s ms | %s |" % (row["preset"], w.get("fast_tol"),
                      w.get("using_fast"), w.get("row_solve"), w.get("by_domain"), w.get("two_threads"),
                      w.get("factor_ms"), w.get("solve_ms"), w.get("backward_err")))
        print()
    if any(row["extrap"] for row in rows):
        print("'~': extrapolated from a shorter TSTOP (see the docstring); not measured.")
    print("# finished %s; netlists in %s" % (datetime.datetime.now().strftime("%H:%M"), workdir))


if __name__ == "__main__":
    main()
