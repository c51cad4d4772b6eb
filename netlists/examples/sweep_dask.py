#!/usr/bin/env python3
"""CMRR of the balanced link in sweep_link.cir over source imbalance dr and cable length len,
run on a local Dask cluster (two worker processes) and gathered into one xarray.Dataset.

    PYTHONPATH=build/python /usr/bin/python3 netlists/examples/sweep_dask.py

Prints the CMRR table (dB); at len = 0 and dr = 600 ohm it is 30.61 dB (CASES.md case B2).
For a cluster beyond this machine, pass Client("tcp://scheduler:8786") instead.
"""

import os

import numpy as np
from distributed import Client, LocalCluster

import cablespice

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    netlist = os.path.join(HERE, "sweep_link.cir")
    params = {"dr": [0, 10, 100, 600], "len": [0, 10, 100]}
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        ds = cablespice.sweep(netlist, params, client=client)
    # oh: the receiver driven by the 1 V ground loop only (|Acm|); os: by the 1 V signal only (|Ad|).
    cmrr = 20 * np.log10(np.abs(ds["v(os)"]) / np.abs(ds["v(oh)"])).isel(frequency=0)
    print(cmrr.to_pandas().round(2).to_string())
    for error in ds.attrs["errors"]:
        print(error)


if __name__ == "__main__":
    main()
