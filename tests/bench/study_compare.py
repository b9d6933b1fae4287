#!/usr/bin/python3
"""Largest differences between two study files of the same study (a before/after check of the study benchmark).

    tests/bench/study_compare.py A.h5 B.h5

Walks both files and, for every numeric dataset and numeric attribute present in both, takes the largest absolute
difference, reported per name (v, i_and, kappa, ...) over all prompts, models and pairs. Timings (seconds) and
creation times are left out. Names present in only one file are listed. Needs h5py (Debian: python3-h5py).
"""

import sys
from collections import defaultdict

import h5py
import numpy as np

SKIP = {"seconds", "created_utc", "app_version"}


def numeric(value):
    array = np.asarray(value)
    return array.dtype.kind in "fiub", array


def collect(path):
    items = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            ok, array = numeric(value)
            if ok and key not in SKIP:
                items[(name + "@" + key, key)] = array.astype(np.float64)
        if isinstance(obj, h5py.Dataset):
            ok, array = numeric(obj[()])
            if ok:
                items[(name, name.rsplit("/", 1)[-1])] = array.astype(np.float64)

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return items


def main(a_path, b_path):
    a, b = collect(a_path), collect(b_path)
    worst = defaultdict(lambda: (0.0, ""))
    for key in sorted(a.keys() & b.keys()):
        x, y = a[key], b[key]
        if x.shape != y.shape:
            worst[key[1]] = (float("inf"), key[0] + " (shapes differ)")
            continue
        both_nan = np.isnan(x) & np.isnan(y)
        d = np.where(both_nan, 0.0, np.abs(x - y))
        d = float(np.nanmax(d)) if d.size else 0.0
        if np.isnan(d) or d > worst[key[1]][0]:
            worst[key[1]] = (d, key[0])
    for name in sorted(worst):
        d, where = worst[name]
        print(f"{name:32s} max |diff| = {d:.3g}" + (f"  at {where}" if d > 0 else ""))
    only = sorted(k[0] for k in a.keys() ^ b.keys())
    if only:
        print(f"{len(only)} entries in one file only, e.g. {only[:5]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
