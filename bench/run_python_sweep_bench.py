#!/usr/bin/env python3
"""Sweep throughput on a small balanced link (.ac, 21 frequencies), in points per second:
the Python module in one process, with jobs=2, on a LocalCluster with two workers, one CLI
process per point and one ngspice process per point. The module must beat one CLI process per
point by at least 10x (exit status 1 otherwise).

    PYTHONPATH=build/python /usr/bin/python3 bench/run_python_sweep_bench.py [--points 1000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

import cablespice

LINK = """balanced link, ground loop
.param dr=10
Vgl gs 0 DC 0 AC 1
Rsp gs p 50
Rsn gs n {50+dr}
Rcmp p 0 20k
Rcmn n 0 20k
Erx out 0 p n 1
.ac dec 5 10 100k
.print ac vdb(out)
.end
"""


def rate(points, seconds):
    return points / seconds


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def per_process(command_for, values):
    """Points per second running one process per point."""
    return rate(len(values), timed(lambda: [subprocess.run(command_for(v), check=True, capture_output=True)
                                            for v in values]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--process-points", type=int, default=100, help="points for the per-process runs")
    parser.add_argument("--cablespice", default="build/cablespice")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="cablespice-sweep-bench-")
    netlist = os.path.join(work, "link.cir")
    with open(netlist, "w") as f:
        f.write(LINK)
    values = np.linspace(0, 100, args.points)
    few = values[:args.process_points]
    circuit = cablespice.Circuit.from_file(netlist)
    cablespice.sweep(circuit, {"dr": values[:2]})  # imports xarray outside the timings
    results = {
        "module, 1 thread": rate(len(values), timed(lambda: cablespice.sweep(circuit, {"dr": values}, jobs=1))),
        "module, jobs=2": rate(len(values), timed(lambda: cablespice.sweep(circuit, {"dr": values}, jobs=2))),
    }
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        cablespice.sweep(circuit, {"dr": values[:4]}, client=client)  # workers import cablespice first
        results["LocalCluster, 2 workers"] = rate(len(values), timed(
            lambda: cablespice.sweep(circuit, {"dr": values}, client=client)))
    results["CLI process per point"] = per_process(lambda v: [args.cablespice, "-D", f"dr={v!r}", netlist], few)
    ngspice_deck = os.path.join(work, "ngspice.cir")
    def ngspice_command(v):
        with open(ngspice_deck, "w") as f:
            f.write(LINK.replace(".param dr=10", f".param dr={v!r}"))
        return ["ngspice", "-b", ngspice_deck]
    results["ngspice process per point"] = per_process(ngspice_command, few)
    for name, points_per_second in results.items():
        print(f"{name:28s} {points_per_second:10.1f} points/s")
    ratio = results["module, 1 thread"] / results["CLI process per point"]
    print(f"module (1 thread) / CLI per point: {ratio:.1f}x (required: >= 10x)")
    return 0 if ratio >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
