#!/usr/bin/env python3
"""Sweep source imbalance and cable length of a balanced link; print one CSV table.

Runs cablespice once per grid point on sweep_link.cir (beside this script):

    cablespice -D dr=<ohm> -D len=<m> -D f=<Hz> sweep_link.cir

reads the receiver outputs from its `.print ac vm(oh) vm(os)` table (oh: the copy driven by the
1 V ground-loop voltage only, so vm(oh) = |Acm|; os: the copy driven by the 1 V differential
signal only, so vm(os) = |Ad|) and prints

    dr_ohm,len_m,freq_hz,acm_db,ad_db,cmrr_db

one row per (dr, len), dr varying slowest. CMRR = 20 log10(|Ad|/|Acm|). At len = 0 the link is
CASES.md case B2: dr = 600 ohm gives CMRR = 30.6083 dB.

Examples:
    python3 netlists/examples/sweep_imbalance.py
    python3 netlists/examples/sweep_imbalance.py --dr 0,10,100 --len 0,10,100 --freq 10k --csv t.csv
    python3 netlists/examples/sweep_imbalance.py --cablespice build/cablespice

Python 3 standard library only. Exit status 0 when every point ran, 1 otherwise.
"""

import argparse
import concurrent.futures
import csv
import io
import math
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUFFIXES = {"t": 1e12, "g": 1e9, "meg": 1e6, "k": 1e3, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15}


def spice_number(text):
    """A number with an optional SPICE suffix (10k, 1meg, 2.5m)."""
    lower = text.strip().lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            try:
                return float(lower[: -len(suffix)]) * SUFFIXES[suffix]
            except ValueError:
                break
    return float(lower)


def number_list(text):
    values = [spice_number(item) for item in text.split(",") if item.strip()]
    if not values:
        raise argparse.ArgumentTypeError("an empty list")
    return values


def default_cablespice():
    for candidate in (os.path.join(HERE, "..", "..", "build", "cablespice"), shutil.which("cablespice")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.normpath(candidate)
    return "cablespice"


def parse_print_table(output):
    """The first .print table of cablespice's stdout as {column: [values]}."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        fields = line.split()
        if fields[:1] == ["Index"]:
            table = {name: [] for name in fields}
            for row in lines[i + 1:]:
                values = row.split()
                if len(values) != len(fields) or not values[0].isdigit():
                    break
                for name, value in zip(fields, values):
                    table[name].append(float(value))
            return table
    raise ValueError("no .print table in the cablespice output")


def db(x):
    return 20.0 * math.log10(x) if x > 0 else -math.inf


def run_point(cablespice, netlist, dr, length, freq):
    command = [cablespice, "-j", "1", "-D", f"dr={dr!r}", "-D", f"len={length!r}", "-D", f"f={freq!r}", netlist]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    table = parse_print_table(done.stdout)
    acm, ad = table["vm(oh)"][0], table["vm(os)"][0]
    cmrr = db(ad) - db(acm) if acm > 0 else math.inf
    return {"dr_ohm": dr, "len_m": length, "freq_hz": freq, "acm_db": db(acm), "ad_db": db(ad), "cmrr_db": cmrr}


def format_value(value):
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cablespice", default=None, help="the cablespice binary (default: build/cablespice, then PATH)")
    parser.add_argument("--netlist", default=os.path.join(HERE, "sweep_link.cir"), help="netlist with .param dr len f")
    parser.add_argument("--dr", type=number_list, default=number_list("0,1,10,100,600"),
                        help="source imbalances in ohm, comma-separated (default 0,1,10,100,600)")
    parser.add_argument("--len", dest="lengths", type=number_list, default=number_list("0,10,100"),
                        help="cable lengths in metres, comma-separated (default 0,10,100)")
    parser.add_argument("--freq", type=spice_number, default=60.0, help="frequency in Hz (default 60)")
    parser.add_argument("--csv", help="also write the table to this file")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="cablespice runs in parallel")
    args = parser.parse_args(argv)
    cablespice = args.cablespice or default_cablespice()

    grid = [(dr, length) for dr in args.dr for length in args.lengths]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_point, cablespice, args.netlist, dr, length, args.freq) for dr, length in grid]
    rows, failures = [], 0
    for (dr, length), future in zip(grid, futures):
        try:
            rows.append(future.result())
        except (RuntimeError, ValueError, KeyError, IndexError, OSError) as error:
            failures += 1
            print(f"sweep_imbalance: dr={dr} len={length}: {error}", file=sys.stderr)

    columns = ["dr_ohm", "len_m", "freq_hz", "acm_db", "ad_db", "cmrr_db"]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([format_value(row[c]) for c in columns])
    sys.stdout.write(text.getvalue())
    if args.csv:
        with open(args.csv, "w", newline="") as out:
            out.write(text.getvalue())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
