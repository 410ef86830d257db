#!/usr/bin/env python3
"""Curve tools for the reference-motion scripts (Python 3 standard library only):
natural cubic spline through samples, monotone cubic (Fritsch-Carlson) through key
points, and a CSV writer whose header comment names source, licence and units."""

import bisect
import math


class NaturalCubicSpline:
    """Interpolating cubic spline with zero second derivative at both ends."""

    def __init__(self, xs, ys):
        n = len(xs)
        if n < 3:
            raise ValueError("spline needs at least 3 points")
        self.xs, self.ys = list(xs), list(ys)
        h = [xs[i + 1] - xs[i] for i in range(n - 1)]
        # Tridiagonal system for the second derivatives m[1..n-2] (Thomas algorithm).
        a = [0.0] * n
        b = [1.0] * n
        c = [0.0] * n
        d = [0.0] * n
        for i in range(1, n - 1):
            a[i] = h[i - 1]
            b[i] = 2.0 * (h[i - 1] + h[i])
            c[i] = h[i]
            d[i] = 6.0 * ((ys[i + 1] - ys[i]) / h[i] - (ys[i] - ys[i - 1]) / h[i - 1])
        for i in range(1, n):
            w = a[i] / b[i - 1]
            b[i] -= w * c[i - 1]
            d[i] -= w * d[i - 1]
        m = [0.0] * n
        m[n - 1] = d[n - 1] / b[n - 1]
        for i in range(n - 2, -1, -1):
            m[i] = (d[i] - c[i] * m[i + 1]) / b[i]
        self.m = m

    def _segment(self, x):
        j = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        return j, self.xs[j + 1] - self.xs[j]

    def value(self, x):
        j, h = self._segment(x)
        A = (self.xs[j + 1] - x) / h
        B = (x - self.xs[j]) / h
        return (A * self.ys[j] + B * self.ys[j + 1]
                + ((A ** 3 - A) * self.m[j] + (B ** 3 - B) * self.m[j + 1]) * h * h / 6.0)

    def derivative(self, x):
        j, h = self._segment(x)
        A = (self.xs[j + 1] - x) / h
        B = (x - self.xs[j]) / h
        return ((self.ys[j + 1] - self.ys[j]) / h
                - (3 * A * A - 1) / 6.0 * h * self.m[j]
                + (3 * B * B - 1) / 6.0 * h * self.m[j + 1])


class MonotoneCubic:
    """Piecewise cubic Hermite through key points with Fritsch-Carlson slopes:
    C1, passes through every key point, never overshoots between them."""

    def __init__(self, xs, ys):
        n = len(xs)
        if n < 2:
            raise ValueError("monotone cubic needs at least 2 points")
        self.xs, self.ys = list(xs), list(ys)
        delta = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(n - 1)]
        t = [0.0] * n
        t[0], t[-1] = delta[0], delta[-1]
        for i in range(1, n - 1):
            if delta[i - 1] * delta[i] <= 0.0:
                t[i] = 0.0          # local extremum: flat, so no overshoot
            else:
                h0, h1 = xs[i] - xs[i - 1], xs[i + 1] - xs[i]
                w0, w1 = 2 * h1 + h0, h1 + 2 * h0
                t[i] = (w0 + w1) / (w0 / delta[i - 1] + w1 / delta[i])
        self.t = t

    def _segment(self, x):
        j = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        return j, self.xs[j + 1] - self.xs[j]

    def value(self, x):
        j, h = self._segment(x)
        s = (x - self.xs[j]) / h
        h00 = (1 + 2 * s) * (1 - s) ** 2
        h10 = s * (1 - s) ** 2
        h01 = s * s * (3 - 2 * s)
        h11 = s * s * (s - 1)
        return (h00 * self.ys[j] + h10 * h * self.t[j]
                + h01 * self.ys[j + 1] + h11 * h * self.t[j + 1])

    def derivative(self, x):
        j, h = self._segment(x)
        s = (x - self.xs[j]) / h
        d00 = 6 * s * s - 6 * s
        d10 = 3 * s * s - 4 * s + 1
        d01 = -6 * s * s + 6 * s
        d11 = 3 * s * s - 2 * s
        return (d00 * self.ys[j] / h + d10 * self.t[j]
                + d01 * self.ys[j + 1] / h + d11 * self.t[j + 1])


def write_csv(path, header_comment_lines, columns, rows):
    """CSV with '#' comment lines, one line of column names, then rows.
    Numbers are written with 7 significant digits."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_comment_lines:
            f.write("# " + line + "\n")
        f.write(",".join(columns) + "\n")
        for row in rows:
            f.write(",".join(format_number(v) for v in row) + "\n")


def format_number(v):
    if isinstance(v, str):
        return v
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    if v == 0:
        return "0"
    return "%.7g" % v
