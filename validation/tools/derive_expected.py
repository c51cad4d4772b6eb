#!/usr/bin/env python3
"""Derive the expected values of validation/cases/*/expected.json from closed forms.

Every number written here comes from a formula in this file (standard library only), never
from cablespice output.  Each case's SOURCE.md gives the same derivation in prose, the
published figure it reproduces where there is one, and the figure listed in
../shared/validation/CASES.md (which the values below agree with).

    python3 validation/tools/derive_expected.py            # rewrite every expected.json
    python3 validation/tools/derive_expected.py --print    # only print the table
    python3 validation/tools/derive_expected.py --check    # recompute, compare with every expected.json

--check writes nothing; it exits 1 when a case's expected.json differs from what the formulas
give (a hand edit, or a formula changed without regenerating), naming each differing check.
"""
from __future__ import annotations

import cmath
import json
import math
import os
import sys

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cases")
PI = math.pi


def db(x):
    return 20 * math.log10(abs(x))


def deg(x):
    return math.degrees(cmath.phase(x))


def chk(name, measure, expected, tol, unit, basis):
    return {"name": name, "measure": measure, "expected": expected, "tolerance": tol,
            "unit": unit, "basis": basis}


def ac(vec, at, q, **kw):
    d = {"analysis": "ac", "measure": "value", "vec": vec, "at": at, "quantity": q}
    d.update(kw)
    return d


# ---------------------------------------------------------------- T1
def t1():
    va = 8.0 * 2200.0 / 3000.0              # Thevenin 10*4/5 = 8 V behind 1k||4k = 800 ohm
    op = lambda v: {"analysis": "op", "measure": "value", "vec": v, "quantity": "real"}
    return [
        chk("V(mid)", op("v(mid)"), va, 1e-6, "V", "Thevenin: 8 V behind 800 ohm into 2.2k: 8*2200/3000"),
        chk("I(Vsup)", op("i(vsup)"), -(10.0 - va) / 1000.0, 1e-9, "A",
            "SPICE sign: current into the + terminal = -(10 - V(mid))/1k"),
        chk("V(dbl)", op("v(dbl)"), 2 * va, 1e-6, "V", "VCVS gain 2"),
        chk("V(gx)", op("v(gx)"), 1e-3 * va * 1e3, 1e-6, "V", "VCCS 1 mS * V(mid) into 1k, flows 0 -> gx"),
        chk("V(ix)", op("v(ix)"), 1e-3 * 2e3, 1e-9, "V", "1 mA from 0 into ix, 2k"),
    ]


# ---------------------------------------------------------------- T2
def t2():
    out = []
    for t in (1e-3, 2e-3, 5e-3):
        out.append(chk(f"V(cap) at {t*1e3:g} ms",
                       {"analysis": "tran", "measure": "value", "vec": "v(cap)", "at": t},
                       1 - math.exp(-t / 1e-3), 2e-4, "V", "1 - exp(-t/RC), RC = 1 ms"))
    return out


# ---------------------------------------------------------------- T3
def t3():
    fc = 1.0 / (2 * PI * 1e3 * 159.15494309e-9)
    H = lambda f: 1 / (1 + 1j * f / fc)
    out = [chk(f"|H| dB at {f:g} Hz", ac("v(lp)", f, "db"), db(H(f)), 0.001, "dB",
               "-10log10(1+(f/fc)^2)") for f in (100, 1000, 10000)]
    out += [chk(f"phase at {f:g} Hz", ac("v(lp)", f, "phase"), deg(H(f)), 0.01, "deg",
                "-atan(f/fc)") for f in (1000, 10000)]
    out.append(chk("-3 dB frequency", {"analysis": "ac", "measure": "crossing", "vec": "v(lp)",
                                       "level_db": -10 * math.log10(2)},
                   fc, 0.5, "Hz", "fc = 1/(2 pi R C) (half-power point lies on the grid)"))
    return out


# ---------------------------------------------------------------- T4a/T4b
R, L, C = 100.0, 10e-3, 100e-9


def t4a():
    a = R / (2 * L)
    w0 = 1 / math.sqrt(L * C)
    wd = math.sqrt(w0 * w0 - a * a)
    v = lambda t: 1 - math.exp(-a * t) * (math.cos(wd * t) + a / wd * math.sin(wd * t))
    tr = {"analysis": "tran"}
    return [
        chk("first peak V(cap)", dict(tr, measure="first_peak", vec="v(cap)", after=0.0),
            1 + math.exp(-a * PI / wd), 0.002, "V", "1 + exp(-alpha pi/wd), alpha = R/2L = 5000/s"),
        chk("time of first peak", dict(tr, measure="first_peak", vec="v(cap)", after=0.0, **{"return": "at"}),
            PI / wd, 5e-7, "s", "pi/wd, wd = sqrt(1/LC - alpha^2) = 31225 rad/s"),
        chk("first trough V(cap)", dict(tr, measure="first_trough", vec="v(cap)", after=0.0),
            1 - math.exp(-2 * a * PI / wd), 0.002, "V", "1 - exp(-2 alpha pi/wd) at t = 2 pi/wd"),
        chk("V(cap) at 1 ms", dict(tr, measure="value", vec="v(cap)", at=1e-3), v(1e-3), 0.002, "V",
            "1 - e^(-at)(cos wd t + a/wd sin wd t)"),
    ]


def t4b():
    f0 = 1 / (2 * PI * math.sqrt(L * C))
    H = lambda f: 1 / (1 - (2 * PI * f) ** 2 * L * C + 1j * 2 * PI * f * R * C)
    I = lambda f: 1 / (R + 1j * 2 * PI * f * L + 1 / (1j * 2 * PI * f * C))
    out = [
        chk("|V(cap)| dB at f0", ac("v(cap)", f0, "db"), db(H(f0)), 0.001, "dB",
            "20log10 Q, Q = sqrt(L/C)/R = 3.1623 -> 10 dB"),
        chk("phase V(cap) at f0", ac("v(cap)", f0, "phase"), deg(H(f0)), 0.01, "deg", "-90 deg at resonance"),
        chk("|I(Vac)| at f0", ac("i(vac)", f0, "mag"), abs(I(f0)), 1e-7, "A", "1/R at resonance"),
    ]
    for f, lab in ((f0 / 2, "f0/2"), (1.5 * f0, "3f0/2")):
        out.append(chk(f"|V(cap)| dB at {lab}", ac("v(cap)", f, "db"), db(H(f)), 0.001, "dB",
                       "|1/(1 - w^2 LC + j w RC)|"))
        out.append(chk(f"phase V(cap) at {lab}", ac("v(cap)", f, "phase"), deg(H(f)), 0.01, "deg",
                       "arg 1/(1 - w^2 LC + j w RC)"))
    return out


# ---------------------------------------------------------------- T5
def t5():
    fc = 10e3
    H = lambda f: 0.5 / cmath.sqrt(1)  # placeholder, replaced below
    def Hb(f):
        s = 1j * f / fc
        return 0.5 / (s ** 3 + 2 * s ** 2 + 2 * s + 1)
    out = [chk(f"|H| dB at {f:g} Hz", ac("v(p2)", f, "db"), db(Hb(f)), 0.002, "dB",
               "-6.0206 - 10log10(1+(f/fc)^6)") for f in (1e3, 1e4, 1e5)]
    out.append(chk("phase at fc", ac("v(p2)", 1e4, "phase"), deg(Hb(1e4)), 0.01, "deg",
                   "arg of 1/2/(s^3+2s^2+2s+1) at s = j: -135 deg"))
    return out


# ---------------------------------------------------------------- ladders (ABCD)
def mat_mul(a, b):
    return [[a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
            [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]]]


def series(z):
    return [[1, z], [0, 1]]


def shunt(y):
    return [[1, 0], [y, 1]]


def t7_exact(f):
    w = 2 * PI * f
    Z = 56 + 1j * w * 0.6e-3
    Y = 1j * w * 45e-9
    g = cmath.sqrt(Z * Y)
    z0 = cmath.sqrt(Z / Y)
    A = cmath.cosh(g)
    B = z0 * cmath.sinh(g)
    Cc = cmath.sinh(g) / z0
    D = A
    ZL, Rs = 600.0, 600.0
    return ZL / (A * ZL + B + Rs * (Cc * ZL + D))


def t7_ladder(f):
    w = 2 * PI * f
    m = series(600.0)
    sec = mat_mul(series(0.56 + 1j * w * 6e-6), shunt(1j * w * 450e-12))
    for _ in range(100):
        m = mat_mul(m, sec)
    m = mat_mul(m, shunt(1 / 600.0))
    return 1 / m[0][0]          # open-circuit output after the load shunt: V_out/E = 1/A


def t7():
    out = []
    for f in (1e3, 1e4):
        out.append(chk(f"|V/E| dB at {f:g} Hz (telegrapher)", ac("v(s100)", f, "db"), db(t7_exact(f)), 0.02,
                       "dB", "exact telegrapher ABCD of 1 km line, Rs = RL = 600"))
    for f in (1e2, 1e3, 1e4, 1e5):
        out.append(chk(f"|V/E| dB at {f:g} Hz (ladder)", ac("v(s100)", f, "db"), db(t7_ladder(f)), 1e-4,
                       "dB", "exact ABCD product of the 100 simulated sections"))
        out.append(chk(f"phase at {f:g} Hz (ladder)", ac("v(s100)", f, "phase"), deg(t7_ladder(f)), 0.01,
                       "deg", "exact ABCD product of the 100 simulated sections"))
    return out


def b12_half(f, ccc, ccs):
    """Differential mode by symmetry: each conductor sees Ccs + 2 Ccc to the virtual midpoint.
    Half circuit: 0.5 V EMF, 300 ohm, 10 x (0.5 ohm series, C shunt), open end.
    V_diff / E_diff = V_half / 0.5 = 1/A of the chain."""
    w = 2 * PI * f
    m = series(300.0)
    sec = mat_mul(series(0.5), shunt(1j * w * (ccs + 2 * ccc)))
    for _ in range(10):
        m = mat_mul(m, sec)
    return 1 / m[0][0]


def bisect_f3db(fun, lo, hi):
    target = 1 / math.sqrt(2)
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if abs(fun(mid)) > target:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def grid_crossing(fun, f_start, per_dec, level_db):
    """The runner's measurement (log interpolation on the .ac dec grid) applied to the exact H."""
    k = 0
    while True:
        f1 = f_start * 10 ** (k / per_dec)
        f2 = f_start * 10 ** ((k + 1) / per_dec)
        y1, y2 = db(fun(f1)), db(fun(f2))
        if y1 >= level_db > y2:
            x = math.log10(f1) + (level_db - y1) / (y2 - y1) * (math.log10(f2) - math.log10(f1))
            return 10 ** x
        k += 1


def b12():
    out = []
    hp = -10 * math.log10(2)
    for tag, ccc, ccs, lab, cases_fig in (
            ("a", 1000e-12, 2000e-12, "typical 100/200 pF/m", 13178.2),
            ("w", 1312.336e-12, 2591.864e-12, "West Penn 303", 10105)):
        fun = lambda f, ccc=ccc, ccs=ccs: b12_half(f, ccc, ccs)
        f3 = bisect_f3db(fun, 1e3, 1e5)
        fg = grid_crossing(fun, 1e3, 100, hp)
        single = 1 / (2 * PI * 600 * (ccs + 2 * ccc) * 10 / 2)
        out.append(chk(f"-3 dB frequency, {lab}",
                       {"analysis": "ac", "measure": "crossing", "vec": f"v(rx{tag})", "level_db": hp},
                       f3, 0.003 * f3, "Hz",
                       f"exact half-circuit ABCD (CASES.md hand MNA {cases_fig} Hz); tol 0.3 %; "
                       f"log-interpolation on the dec-100 grid gives {fg:.2f} Hz; single pole "
                       f"1/(2 pi Rs (Ccs+2Ccc) len) = {single:.0f} Hz"))
        out.append(chk(f"|H| dB at 10 kHz, {lab}", ac(f"v(rx{tag})", 1e4, "db"), db(fun(1e4)), 0.01, "dB",
                       "exact half-circuit ABCD (CASES.md tolerance)"))
        out.append(chk(f"|H| dB at 10 kHz, {lab} (strict)", ac(f"v(rx{tag})", 1e4, "db"), db(fun(1e4)), 1e-5,
                       "dB", "exact half-circuit ABCD; grid point, no interpolation"))
        out.append(chk(f"phase at 10 kHz, {lab}", ac(f"v(rx{tag})", 1e4, "phase"), deg(fun(1e4)), 0.01, "deg",
                       "exact half-circuit ABCD"))
    return out


# ---------------------------------------------------------------- balanced interfaces
ZCM = 20e3


def b1():
    acm = lambda rp, rn: ZCM / (ZCM + rp) - ZCM / (ZCM + rn)
    ad = 0.5 * ZCM / (ZCM + 50) + 0.5 * ZCM / (ZCM + 650)
    out = [chk("|Acm| imbalance 0 ohm", ac("v(yz)", 60, "mag"), 0.0, 1e-12, "V/V",
               "perfect balance: exact zero (catches asymmetric stamping)")]
    for tag, dr in (("a", 1), ("b", 10), ("c", 100), ("d", 600)):
        out.append(chk(f"Acm dB imbalance {dr} ohm", ac(f"v(y{tag})", 60, "db"), db(acm(50, 50 + dr)), 0.01,
                       "dB", "Zcm/(Zcm+Rs+) - Zcm/(Zcm+Rs-); approx -20log(Zcm/dR)"))
    out.append(chk("Acm dB imbalance 600 ohm in the hot leg", ac("v(ye)", 60, "db"), db(acm(650, 50)), 0.01,
                   "dB", "bridge formula with the legs swapped (same magnitude)"))
    out.append(chk("Ad, 600 ohm imbalance", ac("v(yx)", 60, "mag"), ad, 1e-6, "V/V",
                   "0.5Zcm/(Zcm+50) + 0.5Zcm/(Zcm+650)"))
    out.append(chk("CMRR, 600 ohm imbalance", {"analysis": "ac", "measure": "ratio", "num": "v(yx)",
                                               "den": "v(yd)", "at": 60, "quantity": "db"},
                   20 * math.log10((2 * ZCM + 700) / 1200), 0.01, "dB", "(2Zcm + Zs+ + Zs-)/(2 dZ) = 40700/1200"))
    return out


def diffamp_out(vp, vn, r1, r2, r3, r4, a=1e7):
    """Output of the 4-resistor difference amp with a VCVS op-amp of gain a.
    vp drives R3 (to the + node, R4 to ground); vn drives R1 (to the - node, R2 feedback)."""
    vplus = vp * r4 / (r3 + r4)
    beta = r1 / (r1 + r2)
    return (vplus - vn * r2 / (r1 + r2)) * a / (1 + a * beta)


def b2():
    R = 10e3
    acm = lambda rsp, rsn: diffamp_out(1, 1, R + rsn, R, R + rsp, R)
    acm_inf = lambda rsp, rsn: R / (R + rsp + R) * (1 + R / (R + rsn)) - R / (R + rsn)
    ad = diffamp_out(0.5, -0.5, R + 650, R, R + 50, R)
    out = [chk("|Acm| imbalance 0 ohm", ac("v(oz)", 60, "mag"), 0.0, 1e-9, "V/V", "bridge balanced")]
    for tag, dr in (("a", 1), ("b", 10), ("c", 600)):
        out.append(chk(f"Acm dB imbalance {dr} ohm", ac(f"v(o{tag})", 60, "db"), db(acm(50, 50 + dr)), 0.01, "dB",
                       f"R4/(R3+Rs+ +R4)(1+R2/(R1+Rs-)) - R2/(R1+Rs-) = {db(acm_inf(50, 50 + dr)):.4f} dB "
                       f"(A = inf); value for A = 1e7"))
    out.append(chk("Ad, 600 ohm imbalance", ac("v(od)", 60, "mag"), abs(ad), 1e-5, "V/V",
                   "same network, EMFs +-0.5 V"))
    out.append(chk("CMRR, 600 ohm imbalance", {"analysis": "ac", "measure": "ratio", "num": "v(od)",
                                               "den": "v(oc)", "at": 60, "quantity": "db"},
                   20 * math.log10(abs(ad / acm(50, 650))), 0.01, "dB",
                   "identity: equals B1 (ideal rx, Zcm = 2R): (4R+Zs+ +Zs-)/(2dZ) = 30.6083 dB"))
    # input currents, ideal +-0.5 V sources
    a = 1e7
    vout = diffamp_out(0.5, -0.5, R, R, R, R, a)
    vminus = (-0.5 * R + vout * R) / (2 * R)
    i_minus = (-0.5 - vminus) / R
    i_plus = 0.5 / (2 * R)
    out.append(chk("|I(-in)| / |I(+in)|", {"analysis": "ac", "measure": "ratio", "num": "i(vampc)",
                                           "den": "i(vamph)", "at": 60, "quantity": "mag"},
                   abs(i_minus / i_plus), 1e-5, "",
                   "EE Times 'Perform audio line receiver impedance balancing': inverting input current is 3x"))
    return out


def b3():
    out = []
    for tag, r, lab, tol in (("p", (10100, 9900, 9900, 10100), "G=1, t=1 %", 0.01),
                             ("q", (10010, 9990, 9990, 10010), "G=1, t=0.1 %", 0.01),
                             ("r", (10001, 9999, 9999, 10001), "G=1, t=0.01 %", 0.01),
                             ("s", (1001, 9990, 999, 10010), "G=10, t=0.1 %", 0.01),
                             ("u", (10000, 10000, 10000, 10000.5), "ratio mismatch 0.005 %", 0.02)):
        acm = diffamp_out(1, 1, *r)
        ad = diffamp_out(0.5, -0.5, *r)
        out.append(chk(f"CMRR {lab}", {"analysis": "ac", "measure": "ratio", "num": f"o{tag}dm",
                                       "den": f"o{tag}cm", "at": 60, "quantity": "db"},
                       20 * math.log10(abs(ad / acm)), tol, "dB",
                       "exact 20log|Ad/Acm| (op-amp gain cancels); Sedra & Smith approx 20log((1+G)/(4t))"
                       if tag != "u" else "exact; approx (1+G)/eps = 92.04 dB; THAT1240: 0.005 % -> typ 90 dB"))
    return out


def b7():
    R = 10e3
    a = diffamp_out(1, 1, R, R, R + 100, R)
    b = diffamp_out(1, 0, R, R, R + 100, R)
    c = diffamp_out(1, 0, R, R, R + 100, R)
    # bootstrapped receiver: unknowns vp, vn (boot = k (vp+vn)/2)
    k = 0.9999
    g1, g2, ga = 1 / 100, 1 / 0.001, 1 / 20e3
    # g1(1-vp) = ga(vp - k(vp+vn)/2);  g2(1-vn) = ga(vn - k(vp+vn)/2)
    a11, a12, b1_ = g1 + ga - ga * k / 2, -ga * k / 2, g1
    a21, a22, b2_ = -ga * k / 2, g2 + ga - ga * k / 2, g2
    det = a11 * a22 - a12 * a21
    vp = (b1_ * a22 - a12 * b2_) / det
    vn = (a11 * b2_ - a21 * b1_) / det
    return [
        chk("Acm dB correct wiring", ac("v(ow)", 60, "db"), db(a), 0.01, "dB", "2*10k/20.1k - 1 (A = 1e7 exact)"),
        chk("Acm dB mis-wired", ac("v(ox)", 60, "db"), db(b), 0.01, "dB", "2*10k/20.1k: ground noise passes"),
        chk("signal gain dB correct wiring", ac("v(oy)", 60, "db"), db(c), 0.01, "dB", "2*10k/20.1k"),
        chk("Acm dB bootstrapped receiver", ac("v(ok)", 60, "db"), db(vp - vn), 0.05, "dB",
            "2x2 nodal solution; approx -20log(200M/100) = -126.0"),
    ]


# ---------------------------------------------------------------- coupled inductors
def coupled(f, l1, l2, k, rs, rl):
    w = 2 * PI * f
    m = k * math.sqrt(l1 * l2)
    i1 = 1 / (rs + 1j * w * l1 + (w * m) ** 2 / (rl + 1j * w * l2))
    vsec = 1j * w * m * rl * i1 / (rl + 1j * w * l2)
    return vsec, -i1


def xfmr():
    out = []
    for f in (10, 100, 1e3, 1e4):
        v, i = coupled(f, 0.1, 0.4, 0.9999, 10, 1e3)
        b = "coupled-coil mesh equations: I1 = Vs/(Rs + jwL1 + w^2M^2/(RL+jwL2)), V2 = jwM RL I1/(RL+jwL2)"
        out.append(chk(f"|V(sec)| dB at {f:g} Hz", ac("v(sec)", f, "db"), db(v), 0.001, "dB", b))
        out.append(chk(f"phase V(sec) at {f:g} Hz", ac("v(sec)", f, "phase"), deg(v), 0.01, "deg", b))
        out.append(chk(f"|I(Vac)| at {f:g} Hz", ac("i(vac)", f, "mag"), abs(i), 1e-6 * abs(i), "A", b))
    return out


def loose():
    out = []
    for f in (100, 1e3, 1e4, 1e5):
        v, i = coupled(f, 1e-3, 1e-3, 0.2, 10, 100)
        b = "coupled-coil mesh equations, M = 0.2 mH"
        out.append(chk(f"|V(sec)| dB at {f:g} Hz", ac("v(sec)", f, "db"), db(v), 0.001, "dB", b))
        out.append(chk(f"phase V(sec) at {f:g} Hz", ac("v(sec)", f, "phase"), deg(v), 0.01, "deg", b))
        out.append(chk(f"phase V(rev) at {f:g} Hz", ac("v(rev)", f, "phase"), deg(-v), 0.01, "deg",
                       "reversed secondary: V(rev) = -V(sec) (dot convention)"))
        out.append(chk(f"|I(Vac)| at {f:g} Hz", ac("i(vac)", f, "mag"), abs(i), 1e-6 * abs(i), "A", b))
    return out


# ---------------------------------------------------------------- DC sweep
def dclin():
    out = []
    dc = lambda v, at, q="real": {"analysis": "dc", "measure": "value", "vec": v, "at": at, "quantity": q}
    for vin in (-5.0, -2.5, 0.0, 0.5, 5.0):
        ia = vin / 4000
        out += [chk(f"V(a) at Vin={vin:g}", dc("v(a)", vin), 0.75 * vin, 1e-9, "V", "divider 3k/(1k+3k)"),
                chk(f"V(b) at Vin={vin:g}", dc("v(b)", vin), -1.5 * vin, 1e-9, "V", "VCVS -2 * V(a)"),
                chk(f"V(f) at Vin={vin:g}", dc("v(f)", vin), 3 * ia * 2e3, 1e-9, "V", "CCCS 3*i(vam) into 2k, 0 -> f"),
                chk(f"V(h) at Vin={vin:g}", dc("v(h)", vin), 500 * ia, 1e-9, "V", "CCVS 500 ohm * i(vam)"),
                chk(f"V(g) at Vin={vin:g}", dc("v(g)", vin), 1e-3 * 0.75 * vin * 1e3, 1e-9, "V", "VCCS 1 mS * V(a) into 1k"),
                chk(f"I(Vin) at Vin={vin:g}", dc("i(vin)", vin), -ia, 1e-12, "A", "-Vin/4k (SPICE sign)")]
    return out


# ---------------------------------------------------------------- E25 passive models
def e25passive():
    t, tnom = -55.0, 27.0                        # .options temp=-55; TNOM 27 unless the model says
    r1 = 100 * (10e-6 - 1e-6) / (2e-6 - 0.5e-6) * (1 + 2e-3 * (t - tnom))    # RSH (L-2 SHORT)/(W-2 NARROW)
    r2 = 1e3 * (1 + 0.01 * (t - 20) + 1e-4 * (t - 20) ** 2)                  # model TNOM = 20
    tc3 = 1 + 0.02 * (t - tnom) + 1e-4 * (t - tnom) ** 2
    r3, r3ac = 1e3 * tc3 / 2, 2e3 * tc3 / 2                                   # m = 2, ac = 2k
    c1 = (1e-4 * 99e-6 * 49e-6 + 2 * 1e-10 * (99e-6 + 49e-6)) * (1 - 1e-3 * (t - tnom))
    l1 = 1e-3 * (1 + 1e-3 * (t - tnom)) / 2                                  # m = 2
    va = r2 / (r1 + r2)
    op = lambda v: {"analysis": "op", "measure": "value", "vec": v, "quantity": "real"}
    dc = lambda v, at: {"analysis": "dc", "measure": "value", "vec": v, "at": at, "quantity": "real"}

    def vc(f):
        w = 2 * PI * f
        z = 1 / (1j * w * c1 + 1 / (500 + 1j * w * l1))
        return z / (r3ac + z) * 500 / (500 + 1j * w * l1)
    return [
        chk("V(a)", op("v(a)"), va, 1e-9, "V",
            "R2/(R1+R2): R1 = RSH geometry x (1 + TC1 dT), R2 = R (1 + TC1 dT + TC2 dT^2) with TNOM 20"),
        chk("V(b)", op("v(b)"), 500 / (500 + r3), 1e-9, "V",
            "R3 = 1k (1 + 0.02 dT + 1e-4 dT^2) / m=2 into L1 (short) and 500 ohm"),
        chk("V(d)", op("v(d)"), 3 * 1e-3 * va * 1e3, 1e-9, "V", "G1 1 mS x m=3 into 1k"),
        chk("V(f)", op("v(f)"), 3 * 2 * 1e-3 * 1e3, 1e-9, "V", "F1 gain 2 x m=3 of i(Vs) = 1 mA into 1k"),
        chk("V(g)", op("v(g)"), (2e-3 - 0.4e-3) / 3e-3, 1e-9, "V",
            "X1 m=4: 2k/4 and 4 x 0.1 mA; KCL (1 - v)/500 - 0.4 mA = v/1k"),
        chk("V(c) at 1 kHz (dB)", ac("v(c)", 1e3, "db"), db(vc(1e3)), 1e-6, "dB",
            "ac=2k x TC / m through C1 (CJ, CJSW geometry x TC) || (L1 (IND x TC / m) + 500 ohm)"),
        chk("V(c) at 1 MHz (dB)", ac("v(c)", 1e6, "db"), db(vc(1e6)), 1e-6, "dB", "as at 1 kHz"),
        chk("V(f) at R7 = 500", dc("v(f)", 500.0), 3 * 2 * (1 / 500) * 1e3, 1e-9, "V", ".dc R7: i(Vs) = 1/R7"),
        chk("V(f) at R7 = 2k", dc("v(f)", 2000.0), 3 * 2 * (1 / 2000) * 1e3, 1e-9, "V", ".dc R7: i(Vs) = 1/R7"),
    ]


# ---------------------------------------------------------------- E25 transient
def e25tran():
    tr = lambda v, at: {"analysis": "tran", "measure": "value", "vec": v, "at": at}
    sffm = lambda t: math.sin(2 * PI * 5e3 * t + 2 * math.sin(2 * PI * 1e3 * t))
    return [
        chk("V(a) at 0.5 ms", tr("v(a)", 0.5e-3), -50 - 1e4 * 0.5e-3, 1e-6, "V",
            "L di/dt + R i with i(L1) = -1000 t: -50 - 1e4 t"),
        chk("V(a) at 1.5 ms", tr("v(a)", 1.5e-3), -10.0, 1e-6, "V", "ramp over: R i = -10 V"),
        chk("V(s) at 0.3 ms", tr("v(s)", 0.3e-3), sffm(0.3e-3), 3e-3, "V",
            "SFFM: sin(2 pi 5k t + 2 sin(2 pi 1k t)); tolerance: linear interpolation between 1 us points "
            "of a sine of up to 7 kHz, (w h)^2/8 = 2.4e-3"),
        chk("V(q) at 1 ms", tr("v(q)", 1e-3), 2 * math.exp(-1.0), 2e-3, "V",
            ".ic v(out)=2 in the subcircuit: 2 exp(-t/1 ms)"),
    ]


# ---------------------------------------------------------------- O1/O2 (issue 25)
def o1():
    r = 1e3 + 1e-3                      # R1 + R0 (0 ohm: ngspice's minimum, 1 mOhm)
    c = 159.15494309e-9 + 0.5e-6         # C1 + (Ca series Cb); C0 = 0 carries nothing
    H = lambda f: 1 / (1 + 2j * PI * f * r * c)
    out = [chk(f"|v(1b)| dB at {f:g} Hz", ac("v(1b)", f, "db"), db(H(f)), 0.001, "dB",
               "-10log10(1+(2 pi f R C)^2), R = 1k + 1m, C = 159.155n + 0.5u") for f in (100, 1000)]
    out.append(chk("phase of v(1b) at 1 kHz", ac("v(1b)", 1000, "phase"), deg(H(1000)), 0.01, "deg",
                   "-atan(2 pi f R C)"))
    out.append(chk("v(2c)/v(1b) at 1 kHz", {"analysis": "ac", "measure": "ratio", "num": "v(2c)", "den": "v(1b)",
                                             "at": 1000, "quantity": "db"},
                   db(0.5), 0.001, "dB", "equal capacitors Ca, Cb: v(2c) = v(1b)/2 (gmin 1e-12 S is negligible)"))
    return out


def o2():
    r, load, c = 1e3 + 1e-3, 100e3, 1e-6   # R1 + R0 (1 mOhm), the 2 x 50k divider in X1, C1
    vth = load / (load + r)
    tau = c * r * load / (r + load)
    out = []
    for t in (1e-3, 2e-3, 5e-3):
        out.append(chk(f"V(out) at {t*1e3:g} ms", {"analysis": "tran", "measure": "value", "vec": "v(out)", "at": t},
                       vth * (1 - math.exp(-t / tau)), 2e-4, "V",
                       "Thevenin: Vth (1 - exp(-t/tau)), Vth = 100k/(100k + R), tau = C (R || 100k), R = 1k + 1m"))
    out.append(chk("V(x1.mid) at 2 ms", {"analysis": "tran", "measure": "value", "vec": "v(x1.mid)", "at": 2e-3},
                   vth * (1 - math.exp(-2e-3 / tau)) / 2, 2e-4, "V", "half of V(out): the 50k/50k divider"))
    return out
# ---------------------------------------------------------------- headphones
def hp1():
    def ratio(num, den, basis, rg, rt):
        m = {"analysis": "ac", "measure": "ratio", "num": num, "den": den, "at": 1000, "quantity": "db"}
        return chk(basis, m, db(rg / (rt + rg)), 0.01, "dB", "Rg/(Rt+Rg), shared-return nodal solution")
    return [ratio("v(xra)", "v(xla)", "crosstalk 0.33 ohm shared into 32 ohm", 0.33, 32 + 1e-6),
            ratio("v(xrb)", "v(xlb)", "crosstalk 1 m 24 AWG into 47 ohm", 0.0842, 47 + 0.0842)]


# ---------------------------------------------------------------- HP2 (issue 22)
def dynamic_z(f, re, le, fs, qms, qes):
    """HP_DYNAMIC: RE + jwLE in series with RES || CMES || LCES (headphones.lib's formulas)."""
    w = 2 * PI * f
    res = re * qms / qes
    cmes = qes / (2 * PI * fs * re)
    lces = 1 / ((2 * PI * fs) ** 2 * cmes)
    le = max(le, 1e-15)  # the library's 1 fH stand-in for le=0
    return re + 1j * w * le + 1 / (1 / res + 1j * w * cmes + 1 / (1j * w * lces))


def hp2():
    za = lambda f: dynamic_z(f, 32, 0, 100, 2, 1)
    z300 = lambda f: dynamic_z(f, 300, 1e-3, 90, 1.5, 2.25)
    divider = lambda f: z300(f) / (z300(f) + 37.5)
    return [
        chk("|Z| at fs", ac("v(za)", 100, "mag"), abs(za(100)), 1e-6, "ohm",
            "RE + RES = 32 + 32*2/1 = 96 ohm: the motional branch is purely resistive at fs"),
        chk("phase of Z at fs", ac("v(za)", 100, "phase"), deg(za(100)), 1e-6, "deg", "0 at fs (LE = 0)"),
        chk("|Z| at 10 Hz", ac("v(za)", 10, "mag"), abs(za(10)), 1e-6, "ohm",
            "RE + (1/RES + jwCMES + 1/(jwLCES))^-1 at fs/10: tends to RE (LCES shorts the motional branch)"),
        chk("driver level at 100 Hz behind 37.5 ohm", ac("v(dyn)", 100, "db"), db(divider(100)), 1e-6, "dB",
            "20 log10 |Z/(Z + zout)|, Z of HP_DYN300 (re=300 le=1m fs=90 qms=1.5 qes=2.25)"),
        chk("driver level at 1 kHz behind 37.5 ohm", ac("v(dyn)", 1000, "db"), db(divider(1000)), 1e-6, "dB",
            "as at 100 Hz; the difference of the two is the 1/8 rule's deviation, 0.378 dB"),
    ]


# ---------------------------------------------------------------- HP3 (issue 22)
def hp3():
    rl, zout = 32.0, 2.2
    single = rl / (rl + zout)             # 1 V behind zout
    bridged = 2 * rl / (rl + 2 * zout)    # 2 V behind 2 zout
    return [
        chk("single-ended level", ac("v(sa)", 1000, "db"), db(single), 1e-6, "dB", "20 log10(RL/(RL + zout))"),
        chk("bridged level", ac("v(xb)", 1000, "db"), db(bridged), 1e-6, "dB",
            "20 log10(2 RL/(RL + 2 zout)): the load sees 2e behind 2 zout"),
        chk("bridging gain", {"analysis": "ac", "measure": "ratio", "num": "v(xb)", "den": "v(sa)", "at": 1000,
                              "quantity": "db"}, db(bridged / single), 1e-6, "dB",
            "+6.02 dB less what the doubled output impedance costs: 20 log10(2 (RL + zout)/(RL + 2 zout))"),
    ]


# ---------------------------------------------------------------- HP4
def solve_linear(a, b):
    """Gaussian elimination with partial pivoting on a small complex system (a: rows)."""
    n = len(b)
    m = [list(row) + [rhs] for row, rhs in zip(a, b)]
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(m[i][k]))
        m[k], m[p] = m[p], m[k]
        for i in range(k + 1, n):
            f = m[i][k] / m[k][k]
            for j in range(k, n + 1):
                m[i][j] -= f * m[k][j]
    x = [0j] * n
    for k in reversed(range(n)):
        x[k] = (m[k][n] - sum(m[k][j] * x[j] for j in range(k + 1, n))) / m[k][k]
    return x


def hp4():
    w = 2 * PI * 50
    vm, c, rl = 230.0, 6e-12, 32.0
    wire = 3 * 0.0842 + 0.01 + 1j * w * 1.5e-6   # one conductor of the cord, plug contact included
    hot = 0.1 + wire                              # a signal conductor ends in the silent amplifier's zout
    yl = 1 / rl

    def trs(imb):
        # KCL at the driver end: hot h, shared ground g, right hot r; coupling currents in.
        yh, yg = 1j * w * c * (1 + imb / 2), 1j * w * c * (1 - imb / 2)
        a = [[yh + 1 / hot + yl, -yl, 0],
             [-yl, yg + 1 / wire + 2 * yl, -yl],
             [0, -yl, 1 / hot + yl]]
        h, g, r = solve_linear(a, [yh * vm, yg * vm, 0])
        return h - g, r - g

    def balanced(imb):
        yp, yn = 1j * w * c * (1 + imb / 2), 1j * w * c * (1 - imb / 2)
        a = [[yp + 1 / hot + yl, -yl], [-yl, yn + 1 / hot + yl]]
        p, n = solve_linear(a, [yp * vm, yn * vm])
        return p - n

    left_a, right_a = trs(0.2)
    left_b, _ = trs(0.0)
    left_c = balanced(0.2)
    basis = "nodal analysis of the cord at 50 Hz (SOURCE.md)"
    return [
        chk("TRS left, imb 0.2", ac("v(xla)", 50, "db"), db(left_a), 1e-6, "dBV", basis),
        chk("TRS right, imb 0.2", ac("v(xra)", 50, "db"), db(right_a), 1e-6, "dBV",
            basis + ": the shared ground's hum voltage reaches the silent right driver"),
        chk("TRS left, imb 0", ac("v(xlb)", 50, "db"), db(left_b), 1e-6, "dBV",
            basis + ": equal coupling still hums through the hot/ground impedance difference (zout)"),
        chk("balanced, imb 0.2", ac("v(xlc)", 50, "db"), db(left_c), 1e-6, "dBV", basis),
        chk("balanced against TRS, imb 0.2",
            {"analysis": "ac", "measure": "ratio", "num": "v(xlc)", "den": "v(xla)", "at": 50, "quantity": "db"},
            db(left_c / left_a), 1e-6, "dB", basis),
    ]


ALL = {
    "t1_divider_sources_op": t1, "t2_rc_step_tran": t2, "t3_rc_lowpass_ac": t3,
    "t4a_rlc_step_tran": t4a, "t4b_rlc_resonance_ac": t4b, "t5_butterworth3_ac": t5,
    "t7_line_1km_ladder_ac": t7, "b1_ideal_receiver_cmrr_ac": b1,
    "b2_diffamp_source_imbalance_ac": b2, "b3_diffamp_resistor_tolerance_ac": b3,
    "b7_unbalanced_source_ac": b7, "b12_cable_capacitance_ac": b12,
    "xfmr_tight_k09999_ac": xfmr, "coupled_loose_k02_ac": loose, "dc_sweep_linearity": dclin,
    "e25_passive_models_op_ac_dc": e25passive, "e25_cutset_sffm_ic_tran": e25tran,
    "o1_output_cards_ac": o1, "o2_output_cards_tran": o2,
    "hp1_trs_shared_return_crosstalk_ac": hp1, "hp2_dynamic_driver_damping_ac": hp2,
    "hp3_bridged_output_ac": hp3, "hp4_cord_interference_ac": hp4,
}


def case_document(case, checks):
    return {"case": case, "generated_by": "validation/tools/derive_expected.py", "checks": checks}


def differences(case, want):
    """Lines describing how validation/cases/CASE/expected.json differs from `want`."""
    path = os.path.join(CASES, case, "expected.json")
    try:
        with open(path) as fh:
            have = json.load(fh)
    except (OSError, ValueError) as e:
        return [f"{case}: cannot read expected.json: {e}"]
    # Compare what json would read back, so float formatting cannot matter.
    want = json.loads(json.dumps(want))
    if have == want:
        return []
    out = [f"{case}: {key} differs" for key in ("case", "generated_by") if have.get(key) != want[key]]
    have_checks = {c.get("name"): c for c in have.get("checks", [])}
    want_checks = {c["name"]: c for c in want["checks"]}
    for name, c in want_checks.items():
        if name not in have_checks:
            out.append(f"{case}: check '{name}' missing from expected.json")
        elif have_checks[name] != c:
            keys = sorted(k for k in set(c) | set(have_checks[name]) if c.get(k) != have_checks[name].get(k))
            detail = ", ".join(f"{k}: file {have_checks[name].get(k)!r} vs formula {c.get(k)!r}" for k in keys)
            out.append(f"{case}: check '{name}': {detail}")
    out += [f"{case}: check '{name}' in expected.json has no formula" for name in have_checks
            if name not in want_checks]
    if not out:
        out.append(f"{case}: checks are in a different order")
    return out


def main():
    only_print = "--print" in sys.argv
    check = "--check" in sys.argv
    unknown = [a for a in sys.argv[1:] if a not in ("--print", "--check")]
    if unknown:
        sys.exit(f"derive_expected.py: unknown argument {unknown[0]} (use --print or --check)")
    problems = []
    for case, fn in ALL.items():
        checks = fn()
        if check:
            problems += differences(case, case_document(case, checks))
            continue
        for c in checks:
            print(f"{case:34s} {c['name']:45s} {c['expected']:.10g} {c['unit']}")
        if not only_print:
            path = os.path.join(CASES, case, "expected.json")
            with open(path, "w") as fh:
                json.dump(case_document(case, checks), fh, indent=2)
                fh.write("\n")
    if check:
        for p in problems:
            print(p)
        print(f"{len(ALL)} cases recomputed, {len(problems)} difference(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
