"""python3 -m cablespice sweep FILE.cir -p NAME=START:STOP:N ... [--scheduler ADDRESS] -o out.nc"""

import argparse
import sys

import numpy as np

from . import NetlistError, SimulationError, sweep


def _parameter(text):
    try:
        name, spec = text.split("=", 1)
        start, stop, count = spec.split(":")
        return name, np.linspace(float(start), float(stop), int(count))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=START:STOP:N, got '{text}'") from None


def _write(dataset, path):
    """netCDF (complex vectors as re(...)/im(...)) when xarray can, else CSV."""
    flat = dataset.copy()
    for name in list(flat.data_vars):
        if np.iscomplexobj(flat[name]):
            flat[f"re({name})"], flat[f"im({name})"] = flat[name].real, flat[name].imag
            flat = flat.drop_vars(name)
    flat.attrs["errors"] = "\n".join(dataset.attrs["errors"])
    if path.endswith(".nc"):
        try:
            flat.to_netcdf(path)
            return
        except (ImportError, ValueError) as error:
            path = path[:-3] + ".csv"
            print(f"cablespice: warning: netCDF not written ({error}); writing {path}", file=sys.stderr)
    flat.to_dataframe().to_csv(path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m cablespice")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("sweep", help="run a parameter grid into an xarray Dataset file")
    run.add_argument("netlist")
    run.add_argument("-p", "--param", action="append", type=_parameter, required=True, help="NAME=START:STOP:N")
    run.add_argument("--scheduler", help="address of a Dask scheduler (default: run here)")
    run.add_argument("-j", "--jobs", type=int, help="threads when running here")
    run.add_argument("-o", "--output", required=True, help="out.nc (netCDF) or out.csv")
    args = parser.parse_args(argv)
    client = None
    if args.scheduler:
        from distributed import Client
        client = Client(args.scheduler)
    try:
        dataset = sweep(args.netlist, dict(args.param), jobs=args.jobs, client=client)
    except (NetlistError, SimulationError, FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.close()
    _write(dataset, args.output)
    for error in dataset.attrs["errors"]:
        print(error, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
