#!/usr/bin/env python3
"""The receivers of receivers.lib compared by hum rejection and by noise, in one table and one plot.

Each receiver is driven through the same link: a balanced source with zs ohm on the hot leg and
zs + dr on the cold one (10 ohm of imbalance by default), a cable (cables.lib pair22_foil, --len
metres; 0 connects the source directly), and a ground-loop voltage between the source chassis
and the receiver's. For each one the script runs, with the Python module:

    .cmrr   CMRR at 60 Hz (and the differential gain at 1 kHz) over 10 Hz to 100 kHz
    .noise  output noise of the whole link (receiver, op-amps, source resistances, cable)
            over 10 Hz to 100 kHz, integrated over 20 Hz to 20 kHz unweighted and A-weighted
            (IEC 61672) by the same code as --noise-report, and the equivalent input noise

and prints one row per receiver:

    receiver,ad_1k_db,cmrr_60_db,noise_dbu,noise_a_dbu,ein_dbu,snr_a_db

(noise in dBu at the output over 20 Hz to 20 kHz; snr_a_db is the A-weighted signal-to-noise
ratio of a +4 dBu output level). The op-amps are NE5532s (receivers.lib presets, datasheet SLOS075);
--noiseless makes them noiseless, leaving the resistors' and the cable's thermal noise.

Receivers (all unity gain within 0.1 dB):
    diffamp_10k   rx_diffamp r=10k: four 10 kohm resistors; common-mode impedance 20 kohm per leg
    diffamp_25k   rx_diffamp r=25k: 2.5 times the impedance, so about 8 dB more CMRR and 4 dB more noise
    inamp         rx_inamp gain1=10 g=0.1 zcm=1meg: 1 Mohm bias per leg, gain 10 then 0.1
    transformer   rx_xfmr (1:1, 50 pF primary-to-shield per leg)

Expected (closed forms, bridge law of CASES.md B1/B2: CMRR = (2 Zcm + Zs+ + Zs-)/(2 dZ) with Zcm
= 2r for the difference amplifier): dr = 10 ohm, zs = 50 ohm give 66.0 dB (10k), 74.0 dB (25k),
100.0 dB (inamp), and for the transformer about |1/(j w 50 pF)|/dr = 134 dB at 60 Hz. With
--noiseless and --len 0 the 10k difference amplifier's output noise density is sqrt(16 k T r) plus
the source resistances' share, 25.8 nV/sqrt(Hz), -106.6 dBu over 20 Hz to 20 kHz.

    PYTHONPATH=build/python /usr/bin/python3 netlists/examples/receivers_noise_cmrr.py --plot receivers.png

Exit status 0 when every receiver ran, 1 otherwise.
"""

import argparse
import os
import sys

import cablespice

HERE = os.path.dirname(os.path.abspath(__file__))
LIB = os.path.join(HERE, "..", "lib")
NE5532 = "en={ne5532_en} in={ne5532_in} fce={ne5532_fce} fci={ne5532_fci}"

RECEIVERS = {
    "diffamp_10k": "rx_diffamp r=10k {noise}",
    "diffamp_25k": "rx_diffamp r=25k {noise}",
    "inamp": "rx_inamp gain1=10 g=0.1 zcm=1meg {noise}",
    "transformer": "rx_xfmr",
}

COLUMNS = "receiver,ad_1k_db,cmrr_60_db,noise_dbu,noise_a_dbu,ein_dbu,snr_a_db"


def link_netlist(receiver, zs, dr, length, noiseless):
    """The deck of one receiver's link (cable and receiver nodes named as the docstring says)."""
    instance = RECEIVERS[receiver].format(noise="" if noiseless else NE5532)
    cable = f"P1 a1 a2 0 b1 b2 0 pair22_foil len={length}" if length > 0 else "Rh a1 b1 1u\nRc a2 b2 1u"
    return f"""{receiver} behind a balanced link
.include {LIB}/cables.lib
.include {LIB}/receivers.lib
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep sp gs d 0 0.5
En gs sn d 0 0.5
Rsp sp a1 {zs}
Rsn sn a2 {zs + dr}
{cable}
Xrx b1 b2 out 0 {instance}
.cmrr v(out) vdm vcm ac dec 20 10 100k
.meas cmrr c60 FIND cmrr AT=60
.meas cmrr ad1k FIND vdb(adm) AT=1k
.noise v(out) vdm dec 20 10 100k
.end
"""


def compare(receiver, zs=50.0, dr=10.0, length=10.0, noiseless=False, reference_dbu=4.0):
    """One receiver's row (a dict of the COLUMNS) and its CMRR and noise curves."""
    circuit = cablespice.Circuit.from_string(link_netlist(receiver, zs, dr, length, noiseless), name=receiver)
    results = circuit.run()
    cmrr = next(a for a in results.analyses if a.kind == "cmrr")
    spectrum = next(a for a in results.analyses if a.plot == "Noise Spectral Density Curves")
    audio = spectrum.audio_noise(20.0, 20e3, reference_dbu=reference_dbu)
    row = {
        "receiver": receiver,
        "ad_1k_db": results.measures["ad1k"],
        "cmrr_60_db": results.measures["c60"],
        "noise_dbu": audio["output_dbu"],
        "noise_a_dbu": audio["output_a_dbu"],
        "ein_dbu": audio["input_dbu"],
        "snr_a_db": audio["snr_a_db"],
    }
    curves = {"frequency": cmrr.scale, "cmrr": cmrr["cmrr"].real, "noise_frequency": spectrum.scale,
              "onoise": spectrum["onoise_spectrum"]}
    return row, curves


def draw(curves, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7, 7), sharex=True)
    for name, curve in curves.items():
        top.semilogx(curve["frequency"], curve["cmrr"], label=name)
        bottom.loglog(curve["noise_frequency"], curve["onoise"] * 1e9, label=name)
    top.set_ylabel("CMRR (dB)")
    top.set_title("Receivers behind the same imbalanced link")
    bottom.set_ylabel("output noise (nV/√Hz)")
    bottom.set_xlabel("frequency (Hz)")
    for axes in (top, bottom):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zs", type=float, default=50.0, help="source resistance per leg (ohm)")
    parser.add_argument("--dr", type=float, default=10.0, help="extra source resistance on the cold leg (ohm)")
    parser.add_argument("--len", type=float, default=10.0, dest="length", help="cable length (m), 0 = none")
    parser.add_argument("--noiseless", action="store_true", help="noiseless op-amps")
    parser.add_argument("--plot", help="write the CMRR and noise figure here (matplotlib, by extension)")
    args = parser.parse_args(argv)
    print(COLUMNS)
    curves, failed = {}, False
    for receiver in RECEIVERS:
        try:
            row, curves[receiver] = compare(receiver, args.zs, args.dr, args.length, args.noiseless)
        except (cablespice.NetlistError, cablespice.SimulationError) as error:
            print(f"{receiver}: {error}", file=sys.stderr)
            failed = True
            continue
        print(",".join([row["receiver"]] + [f"{row[c]:.2f}" for c in COLUMNS.split(",")[1:]]))
    if args.plot and curves:
        draw(curves, args.plot)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
