"""Shared helpers of the benchmark scripts (standard library only)."""

import datetime
import os
import platform


def machine_line():
    """CPU model, core count, load average and time: the context every timing needs."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (0, 0, 0)
    return "%s, %d cores, load avg %.2f/%.2f/%.2f, %s" % (
        cpu, os.cpu_count() or 0, load[0], load[1], load[2],
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
