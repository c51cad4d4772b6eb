#!/usr/bin/env python3
"""CMRR of a balanced link over source imbalance and cable capacitance imbalance.

Sweeps sweep_link.cir (beside this script) with the Python module, all points in one process:

    dr   the cold leg's extra source resistance (ohm)
    dc   the cold leg's extra capacitance to the shield, relative (0.05 = 5 %)
    len  the cable length (m), at the frequency f

v(oh) is the receiver output of the copy driven by the 1 V ground loop only (|Acm|), v(os) of
the copy driven by the 1 V differential signal only (|Ad|); CMRR = 20 log10(|Ad|/|Acm|). Prints

    dr_ohm,dc_rel,len_m,freq_hz,acm_db,ad_db,cmrr_db

one row per point, dr varying slowest, and with --plot draws CMRR over dr, one curve per
(dc, len) (matplotlib). At len = 0 the link is CASES.md case B2: dr = 600 ohm gives 30.6083 dB.

    PYTHONPATH=build/python /usr/bin/python3 netlists/examples/sweep_imbalance.py --plot cmrr.png
    ... --dr 0,10,100 --dc 0,0.02 --len 0,10,100 --freq 10k --csv t.csv

Exit status 0 when every point ran, 1 otherwise.
"""

import argparse
import os
import sys

import numpy as np

import cablespice

HERE = os.path.dirname(os.path.abspath(__file__))


def number_list(text):
    try:
        return [float(item) for item in text.split(",") if item.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got '{text}'") from None


def db(values):
    with np.errstate(divide="ignore"):
        return 20 * np.log10(np.abs(values))


def cmrr_dataset(netlist, dr, dc, lengths, freq, jobs):
    circuit = cablespice.Circuit.from_file(netlist, params={"f": freq})
    ds = cablespice.sweep(circuit, {"dr": dr, "dc": dc, "len": lengths}, jobs=jobs).isel(frequency=0)
    ds["acm_db"] = db(ds["v(oh)"])
    ds["ad_db"] = db(ds["v(os)"])
    ds["cmrr_db"] = ds["ad_db"] - ds["acm_db"]
    return ds


def table(ds, freq):
    lines = ["dr_ohm,dc_rel,len_m,freq_hz,acm_db,ad_db,cmrr_db"]
    for dr in ds["dr"].values:
        for dc in ds["dc"].values:
            for length in ds["len"].values:
                point = ds.sel(dr=dr, dc=dc, len=length)
                values = [point[name].item() for name in ("acm_db", "ad_db", "cmrr_db")]
                lines.append(",".join(f"{v:.6g}" for v in [dr, dc, length, freq] + values))
    return "\n".join(lines) + "\n"


def plot(ds, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for dc in ds["dc"].values:
        for length in ds["len"].values:
            curve = ds["cmrr_db"].sel(dc=dc, len=length)
            axes.plot(ds["dr"], curve, marker="o", label=f"dc = {dc:g}, len = {length:g} m")
    axes.set_xscale("symlog", linthresh=1)
    axes.set_xlabel("source imbalance dr (ohm)")
    axes.set_ylabel("CMRR (dB)")
    axes.set_title(f"Balanced link CMRR at {ds['frequency'].item():g} Hz")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--netlist", default=os.path.join(HERE, "sweep_link.cir"), help="netlist with .param dr dc len f")
    parser.add_argument("--dr", type=number_list, default=[0, 1, 10, 100, 600], help="source imbalances (ohm)")
    parser.add_argument("--dc", type=number_list, default=[0, 0.02, 0.1], help="relative capacitance imbalances")
    parser.add_argument("--len", dest="lengths", type=number_list, default=[0, 10, 100], help="cable lengths (m)")
    parser.add_argument("--freq", type=float, default=60.0, help="frequency in Hz (default 60)")
    parser.add_argument("--csv", help="also write the table to this file")
    parser.add_argument("--plot", help="draw CMRR over dr into this image (png, svg, pdf)")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="threads (default: all cores)")
    args = parser.parse_args(argv)
    ds = cmrr_dataset(args.netlist, args.dr, args.dc, args.lengths, args.freq, args.jobs)
    text = table(ds, args.freq)
    sys.stdout.write(text)
    if args.csv:
        with open(args.csv, "w") as out:
            out.write(text)
    if args.plot:
        plot(ds, args.plot)
    for error in ds.attrs["errors"]:
        print(f"sweep_imbalance: {error}", file=sys.stderr)
    return 1 if ds.attrs["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
