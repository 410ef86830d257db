#!/usr/bin/env python3
"""Reader for OpenSim .mot/.sto tables (Python 3 standard library only).

Format: a text header that ends with a line `endheader`, then one line of
column names, then rows of numbers (tab or space separated). The header may
state `inDegrees=yes|no`; older files state units only in comments, so the
caller may override the angle unit with `in_degrees=`.
"""

import bisect
import math


class OpenSimTable:
    """Columns of an OpenSim table: `time` [n] s and `columns[name]` [n]."""

    def __init__(self, path, header_lines, names, rows, in_degrees):
        self.path = path
        self.header_lines = header_lines  # text lines before `endheader`
        self.names = names                # column names, first is time
        self.in_degrees = in_degrees      # True, False or None (not stated)
        self.columns = {name: [row[k] for row in rows]
                        for k, name in enumerate(names)}
        self.time = self.columns[names[0]]

    def column(self, name):
        if name not in self.columns:
            raise KeyError("%s: no column '%s' (has %d columns: %s ...)"
                           % (self.path, name, len(self.names),
                              ", ".join(self.names[:8])))
        return self.columns[name]

    def angle_rad(self, name):
        """Column converted to radians according to `inDegrees`."""
        if self.in_degrees is None:
            raise ValueError("%s: header does not state inDegrees; "
                             "pass in_degrees= to read_table" % self.path)
        values = self.column(name)
        return [math.radians(v) for v in values] if self.in_degrees else list(values)

    def interp(self, name, t):
        """Linear interpolation of a column at time t (s), clamped at the ends."""
        return interp_linear(self.time, self.column(name), t)


def read_table(path, in_degrees=None):
    """Read an OpenSim .mot/.sto file. Raises ValueError on a malformed file."""
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    end = None
    for k, line in enumerate(lines):
        if line.strip().lower() == "endheader":
            end = k
            break
    if end is None:
        raise ValueError("%s: no 'endheader' line" % path)
    header = lines[:end]
    stated = None
    for line in header:
        key = line.strip().replace(" ", "").lower()
        if key.startswith("indegrees="):
            stated = key.split("=", 1)[1].startswith("y")
    if in_degrees is None:
        in_degrees = stated
    k = end + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k >= len(lines):
        raise ValueError("%s: no column names after 'endheader'" % path)
    names = lines[k].split()
    rows = []
    for number, line in enumerate(lines[k + 1:], start=k + 2):
        if not line.strip():
            continue
        fields = line.split()
        if len(fields) != len(names):
            raise ValueError("%s:%d: %d values, expected %d"
                             % (path, number, len(fields), len(names)))
        rows.append([float(x) for x in fields])
    if not rows:
        raise ValueError("%s: no data rows" % path)
    return OpenSimTable(path, header, names, rows, in_degrees)


def interp_linear(xs, ys, x):
    """Piecewise-linear interpolation of ys(xs) at x; xs ascending."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    j = bisect.bisect_right(xs, x)
    x0, x1 = xs[j - 1], xs[j]
    w = (x - x0) / (x1 - x0)
    return ys[j - 1] * (1.0 - w) + ys[j] * w


def crossing_time(times, values, threshold, t_from, rising):
    """First time >= t_from where `values` crosses `threshold` upward (rising)
    or downward, linearly interpolated between samples; None if never."""
    for j in range(1, len(times)):
        if times[j] < t_from:
            continue
        a, b = values[j - 1], values[j]
        crossed = (a < threshold <= b) if rising else (a >= threshold > b)
        if crossed:
            return times[j - 1] + (threshold - a) / (b - a) * (times[j] - times[j - 1])
    return None


if __name__ == "__main__":
    import sys
    for p in sys.argv[1:]:
        t = read_table(p)
        print("%s: %d rows, %d columns, t = %.4f..%.4f s, inDegrees=%s"
              % (p, len(t.time), len(t.names), t.time[0], t.time[-1], t.in_degrees))
