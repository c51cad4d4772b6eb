#!/usr/bin/env python3
"""An independent reference for cablespice's multiconductor line (P element, CPL model):
the telegrapher solution by modal decomposition, written here with numpy/scipy.

    python3 validation/mtl_modal_reference.py [--cablespice PATH] [--keep DIR] [-v]

Needs python3-numpy and python3-scipy (.ci/setup installs them).  Exit status 0 pass, 1 fail.

The reference.  Per metre Z = R + jwL, Y = G + jwC (N x N).  Z*Y = T diag(g_k^2) T^-1 (numpy's
eigen-decomposition); the modal voltages v = T^-1 V obey v'' = g^2 v, each a scalar line, so
with V' = -Z I the chain matrix from (V, I) at z = 0 to z = len is
    V(len) =  T cosh(g len) T^-1 V(0)          - T [sinh(g len)/g] T^-1 Z I(0)
    I(len) = -Z^-1 T [g sinh(g len)] T^-1 V(0)  + Z^-1 T cosh(g len) T^-1 Z I(0)
(C. R. Paul, Analysis of Multiconductor Transmission Lines, ch. 5).  The terminations, the
line's two end currents and its chain relations go into one linear system (numpy.linalg.solve)
with v(src) = 1.  cablespice's method=exact uses the admittance form instead (coth and csch).
The reference checks itself at every configuration and frequency where the line is at most
20 nepers long: the same chain matrix as expm([[0, -Z], [-Y, 0]] len) (scipy.linalg.expm, no
eigen-decomposition), to 1e-8 of its largest entry.

Checks
  1. method=exact against the reference: a shielded pair with imbalance (legs a, b and the
     shield against a remote reference; leg b has 5 % more resistance and 3 % more capacitance
     to the shield; an unbalanced source, a ground loop through the shield) and a three-
     conductor cable (unequal spacing: no two conductors alike; dielectric loss), each at
     1 m, 10 m, 100 m and 1 km, 31 frequencies from 10 Hz to 10 MHz (at 1 km and 10 MHz the
     line is over 100 wavelengths long).  Every node voltage and the source current:
     |cablespice - reference| <= 1e-6 |reference| at every length.  (This check first found
     method=exact off by up to 1.2e-5 on the 1 m lines at 10-160 Hz: it stamped the admittance
     form, whose self and mutual blocks are both about 1/(Z len) when |gamma len| is small and
     whose sum, the shunt part, was lost to rounding.  Electrically short lines are now stamped
     as their exact pi-equivalent in branch form, and the worst 1 m error is 2e-8.)
  2. The comparison can fail: the three-conductor line at 100 m with its C12 0.1 % off in the
     deck (not in the reference) must miss 1e-6.
  3. method=lumped converges to the reference at the order its section predicts.  The lumped
     line is a chain of symmetric pi sections (solver/devices/mtl_lumped.cpp: series R, L of
     dz, half the shunt G, C of dz at each end); a symmetric section's chain matrix matches the
     exact one of length dz to second order in dz (its error is O(dz^3) per section, n of them),
     so the error falls as 1/n^2: doubling the sections divides it by 4.  Shielded pair, 100 m,
     1 MHz (1.4 wavelengths), sections 20, 40, 80, 160: the observed order log2(e_n / e_2n),
     e = max over nodes of |lumped - reference| / max |reference|, must lie in [1.9, 2.1] for
     every doubling.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.dont_write_bytecode = True  # keep the source tree clean

try:
    import numpy as np
    import scipy.linalg
except ImportError as e:  # a plain failure, not a skip: .ci/setup installs both
    print(f"mtl_modal_reference.py needs python3-numpy and python3-scipy ({e}); run bash .ci/setup")
    sys.exit(1)

from rawfile import find_plot, read_raw  # noqa: E402

EXACT_REL_TOL = 1e-6
SELF_CHECK_REL_TOL = 1e-8
SELF_CHECK_MAX_NEPERS = 20.0
LENGTHS = (1.0, 10.0, 100.0, 1000.0)
AC_CARD = ".ac dec 5 10 10meg"
CAN_FAIL_LENGTH = 100.0
ORDER_RANGE = (1.9, 2.1)
ORDER_SECTIONS = (20, 40, 80, 160)
ORDER_LENGTH = 100.0
ORDER_FREQUENCY = 1e6


def shielded_pair():
    """Legs a, b and the shield against a remote reference: the README's cable-model shape."""
    rleg, rshield, lshield, lloop, k = 0.02, 0.015, 1.0e-6, 0.35e-6, 0.3
    ccc, ccs, cshield, tand, ftand = 60e-12, 110e-12, 11.1e-12, 0.002, 1e3
    csb = ccs * 1.03
    r = np.diag([rleg, rleg * 1.05, rshield])
    l = lshield * np.ones((3, 3)) + lloop * np.array([[1, k, 0], [k, 1, 0], [0, 0, 0]])
    c = np.array([[ccc + ccs, -ccc, -ccs], [-ccc, ccc + csb, -csb], [-ccs, -csb, ccs + csb + cshield]])
    g = 2 * np.pi * ftand * tand * np.array([[ccc + ccs, -ccc, -ccs], [-ccc, ccc + csb, -csb],
                                             [-ccs, -csb, ccs + csb]])
    # Source: 1 V behind 100 ohm into leg a, leg b 110 ohm to the source ground, shield to the
    # source chassis through 0.2 ohm; receiver: 10k / 12k per leg, 600 ohm across, 470 pF on
    # leg a, shield to its chassis through 0.5 ohm.
    terminations = [("rsa", "src", "a1", 100.0), ("rsb", "b1", "0", 110.0), ("rs1", "s1", "0", 0.2),
                    ("rla", "a2", "0", 10e3), ("rlb", "b2", "0", 12e3), ("rab", "a2", "b2", 600.0),
                    ("cla", "a2", "0", 470e-12), ("rs2", "s2", "0", 0.5)]
    return "pair", r, l, g, c, ("a", "b", "s"), terminations


def three_conductor():
    """Three signal conductors at unequal spacing over a reference: no two alike."""
    r = np.diag([0.05, 0.08, 0.065])
    l = np.array([[0.80, 0.30, 0.12], [0.30, 0.75, 0.22], [0.12, 0.22, 0.90]]) * 1e-6
    c = np.array([[70, -18, -5], [-18, 80, -12], [-5, -12, 65]]) * 1e-12
    g = np.array([[3, -1, -0.3], [-1, 4, -0.6], [-0.3, -0.6, 2.5]]) * 1e-9
    # Conductor 1 driven through 50 ohm; the victims see 75 / 150 ohm near and 200 / 1k far,
    # conductor 1 ends in 100 ohm parallel 1 nF.
    terminations = [("rsa", "src", "a1", 50.0), ("rnb", "b1", "0", 75.0), ("rnc", "c1", "0", 150.0),
                    ("rfa", "a2", "0", 100.0), ("cfa", "a2", "0", 1e-9), ("rfb", "b2", "0", 200.0),
                    ("rfc", "c2", "0", 1e3)]
    return "three", r, l, g, c, ("a", "b", "c"), terminations


def triangle(m):
    n = m.shape[0]
    return " ".join(repr(float(m[i, j])) for i in range(n) for j in range(i, n))


def netlist(config, length, method, sections=None, ac_card=AC_CARD):
    name, r, l, g, c, conductors, terminations = config
    ends = [f"{x}1" for x in conductors] + ["0"] + [f"{x}2" for x in conductors] + ["0"]
    extra = f" sections={sections}" if sections else ""
    lines = [f"modal reference: {name}, {length:g} m, method={method}",
             f".model line cpl length={length!r}",
             f"+ R={triangle(r)}", f"+ L={triangle(l)}", f"+ G={triangle(g)}", f"+ C={triangle(c)}",
             "v1 src 0 dc 0 ac 1",
             f"p1 {' '.join(ends)} line method={method}{extra}"]
    lines += [f"{n} {a} {b} {v!r}" for n, a, b, v in terminations]
    lines += [ac_card, ".end", ""]
    return "\n".join(lines)


def node_names(config):
    return ["src"] + [f"{x}{end}" for end in (1, 2) for x in config[5]]


def modal_chain(r, l, g, c, length, omega):
    """Chain matrix [[A, B], [C, D]]: [V(len); I(len)] = chain [V(0); I(0)], I flowing towards +z."""
    z = r + 1j * omega * l
    y = g + 1j * omega * c
    gamma2, t = np.linalg.eig(z @ y)
    gamma = np.sqrt(gamma2)
    tinv = np.linalg.inv(t)
    zinv = np.linalg.inv(z)
    gl = gamma * length
    cosh = t @ np.diag(np.cosh(gl)) @ tinv
    # sinh(gl)/gamma and gamma*sinh(gl) are even in gamma: the root's sign does not matter.
    sinh_over_gamma = t @ np.diag(np.sinh(gl) / gamma) @ tinv
    gamma_sinh = t @ np.diag(gamma * np.sinh(gl)) @ tinv
    chain = np.block([[cosh, -sinh_over_gamma @ z], [-zinv @ gamma_sinh, zinv @ cosh @ z]])
    return chain, float(np.max(np.abs(gl.real)))


def expm_chain(r, l, g, c, length, omega):
    """The same chain matrix as expm([[0, -Z], [-Y, 0]] len): no eigen-decomposition."""
    n = r.shape[0]
    z = r + 1j * omega * l
    y = g + 1j * omega * c
    return scipy.linalg.expm(np.block([[np.zeros((n, n)), -z], [-y, np.zeros((n, n))]]) * length)


def reference_solution(config, length, omega):
    """({name: complex} for every node voltage and i(v1), self-check or None).

    Unknowns: the node voltages, the currents I0 into the line at end 1 and I1 into it at
    end 2 (= -I(len)); equations: KCL at every node, the chain relations, v(src) = 1.  The
    chain form keeps an electrically short line well conditioned (its admittance form is a
    difference of two nearly equal 1/(gamma len) terms)."""
    name, r, l, g, c, conductors, terminations = config
    n = len(conductors)
    nodes = node_names(config)
    index = {x: k for k, x in enumerate(nodes)}
    size = len(nodes) + 2 * n
    m = np.zeros((size, size), dtype=complex)
    chain, nepers = modal_chain(r, l, g, c, length, omega)
    self_check = None
    if nepers <= SELF_CHECK_MAX_NEPERS:
        self_check = float(np.max(np.abs(expm_chain(r, l, g, c, length, omega) - chain)) / np.max(np.abs(chain)))
    end1 = [index[f"{x}1"] for x in conductors]
    end2 = [index[f"{x}2"] for x in conductors]
    i0 = list(range(len(nodes), len(nodes) + n))
    i1 = list(range(len(nodes) + n, size))
    for k in range(n):  # KCL: the line's currents leave the end nodes
        m[end1[k], i0[k]] += 1
        m[end2[k], i1[k]] += 1
    for elem, a, b, value in terminations:
        adm = 1 / value if elem[0] == "r" else 1j * omega * value
        for p, q, sign in ((a, a, 1), (b, b, 1), (a, b, -1), (b, a, -1)):
            if p != "0" and q != "0":
                m[index[p], index[q]] += sign * adm
    a_, b_, c_, d_ = chain[:n, :n], chain[:n, n:], chain[n:, :n], chain[n:, n:]
    rows_v, rows_i = i0, i1  # reuse the current unknowns' indices as the chain equations' rows
    m[np.ix_(rows_v, end2)] += np.eye(n)          # V(len) - A V0 - B I0 = 0
    m[np.ix_(rows_v, end1)] -= a_
    m[np.ix_(rows_v, i0)] -= b_
    m[np.ix_(rows_i, i1)] += np.eye(n)            # I1 + C V0 + D I0 = 0   (I1 = -I(len))
    m[np.ix_(rows_i, end1)] += c_
    m[np.ix_(rows_i, i0)] += d_
    src = index["src"]
    kcl_src = m[src].copy()
    m[src] = 0
    m[src, src] = 1
    rhs = np.zeros(size, dtype=complex)
    rhs[src] = 1
    x = np.linalg.solve(m, rhs)
    out = {f"v({node})": x[index[node]] for node in nodes}
    # SPICE sign: the source's branch current flows into its + terminal, minus what src sends out.
    out["i(v1)"] = -(kcl_src @ x)
    return out, self_check


def run_cablespice(exe, work, stem, text):
    deck, raw = os.path.join(work, stem + ".cir"), os.path.join(work, stem + ".raw")
    with open(deck, "w") as fh:
        fh.write(text)
    proc = subprocess.run([exe, "-r", raw, deck], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not os.path.isfile(raw):
        raise RuntimeError(f"cablespice failed on {deck} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return find_plot(read_raw(raw), "ac")


def exact_error(exe, work, config, length, verbose, deck_config=None):
    """(worst relative error of method=exact against the reference, where, reference self-check).

    deck_config, when given, is what cablespice simulates instead of config (a broken variant)."""
    deck = netlist(deck_config or config, length, "exact")
    plot = run_cablespice(exe, work, f"{config[0]}_{length:g}m_exact{'_variant' if deck_config else ''}", deck)
    worst, where, self_worst = 0.0, "", 0.0
    for k, f in enumerate(plot.scale):
        ref, self_check = reference_solution(config, length, 2 * np.pi * f)
        if self_check is not None:
            self_worst = max(self_worst, self_check)
        for name, want in ref.items():
            got = plot.vec(name)[k]
            err = abs(got - want) / abs(want)
            if not err <= worst:  # NaN counts as the worst
                worst, where = (err if err == err else float("inf")), f"{name} at {f:.4g} Hz"
                if verbose:
                    print(f"    {name} {f:.4g} Hz: cablespice {got:.10g} reference {want:.10g}")
    return worst, where, self_worst, len(plot.scale)


def check_exact(exe, work, config, length, verbose):
    worst, where, self_worst, count = exact_error(exe, work, config, length, verbose)
    tol = EXACT_REL_TOL
    ok = worst <= tol and self_worst <= SELF_CHECK_REL_TOL
    print(f"  exact {config[0]:5s} {length:6g} m: {count} frequencies, worst relative error "
          f"{worst:.2e} ({where}, tol {tol:.0e}); reference self-check (expm) {self_worst:.1e}  "
          f"{'ok' if ok else 'FAIL'}")
    return ok


def check_can_fail(exe, work):
    """The comparison sees a 0.1 % error in one mutual capacitance of the three-conductor line."""
    config = three_conductor()
    broken = list(config)
    c = config[4].copy()
    c[0, 1] = c[1, 0] = c[0, 1] * 1.001
    broken[4] = c
    worst, where, _, _ = exact_error(exe, work, config, CAN_FAIL_LENGTH, False, deck_config=tuple(broken))
    ok = worst > EXACT_REL_TOL
    print(f"  can fail: C12 0.1 % off at {CAN_FAIL_LENGTH:g} m: worst relative error {worst:.2e} ({where}), "
          f"must exceed {EXACT_REL_TOL:.0e}  {'ok' if ok else 'FAIL (the comparison cannot see it)'}")
    return ok


def check_lumped_order(exe, work, config):
    omega = 2 * np.pi * ORDER_FREQUENCY
    ref, _ = reference_solution(config, ORDER_LENGTH, omega)
    scale = max(abs(v) for name, v in ref.items() if name.startswith("v("))
    card = f".ac lin 1 {ORDER_FREQUENCY!r} {ORDER_FREQUENCY!r}"
    errors = []
    for n in ORDER_SECTIONS:
        plot = run_cablespice(exe, work, f"{config[0]}_lumped_{n}",
                              netlist(config, ORDER_LENGTH, "lumped", sections=n, ac_card=card))
        errors.append(max(abs(plot.vec(name)[0] - want) / scale for name, want in ref.items()
                          if name.startswith("v(")))
    ok = True
    for (n, e), e2 in zip(zip(ORDER_SECTIONS, errors), errors[1:]):
        order = np.log2(e / e2) if e > 0 and e2 > 0 else float("nan")
        good = ORDER_RANGE[0] <= order <= ORDER_RANGE[1]
        ok = ok and good
        print(f"  lumped {config[0]} {ORDER_LENGTH:g} m at {ORDER_FREQUENCY:g} Hz: sections {n} -> {2 * n}: "
              f"error {e:.3e} -> {e2:.3e}, order {order:.3f}  {'ok' if good else 'FAIL'} "
              f"(must lie in [{ORDER_RANGE[0]}, {ORDER_RANGE[1]}])")
    return ok


def find_cablespice():
    p = os.path.join(ROOT, "build", "cablespice")
    return p if os.access(p, os.X_OK) else (shutil.which("cablespice") or "cablespice")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cablespice", default=os.environ.get("CABLESPICE") or find_cablespice())
    ap.add_argument("--keep", default=None, help="folder for the decks and rawfiles (default: temporary)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="mtl_modal_")
    os.makedirs(work, exist_ok=True)
    results = []
    try:
        for config in (shielded_pair(), three_conductor()):
            for length in LENGTHS:
                results.append(check_exact(a.cablespice, work, config, length, a.verbose))
        results.append(check_can_fail(a.cablespice, work))
        results.append(check_lumped_order(a.cablespice, work, shielded_pair()))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    ok = all(results)
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
