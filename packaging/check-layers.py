#!/usr/bin/env python3
"""The layer rule of docs/architecture.md: only core/model and core/train reach libtorch's headers.

Follows the project's own #include "..." lines transitively from every .h and .cpp under core/, ui/ and app/ and
fails when a file outside core/model and core/train reaches <ATen/...>, <torch/...> or <c10/...>, except the
.cpp files listed in ALLOWED (tensor code kept in a .cpp of core/explain). Run from anywhere:
    packaging/check-layers.py [--list]
--list also prints how many translation units per area parse libtorch (tests included).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE_DIRS = [os.path.join(ROOT, d) for d in ("core", "ui", "app", "tests", "tests/common")]
ALLOWED = {"core/explain/explain_run.cpp", "core/explain/learned_baseline.cpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
LIBTORCH = re.compile(r"(ATen|torch|c10)/")

memo = {}


def resolve(name, including):
    for d in [os.path.dirname(including)] + INCLUDE_DIRS:
        path = os.path.normpath(os.path.join(d, name))
        if os.path.isfile(path):
            return path
    return None


def reaches_libtorch(path):
    if path in memo:
        return memo[path]
    memo[path] = False  # include cycles end here
    with open(path, errors="replace") as f:
        names = INCLUDE.findall(f.read())
    hit = False
    for name in names:
        target = resolve(name, path)
        if LIBTORCH.match(name) or (target and target.startswith(ROOT) and reaches_libtorch(target)):
            hit = True
            break
    memo[path] = hit
    return hit


def sources(top):
    for folder, _, files in os.walk(os.path.join(ROOT, top)):
        for name in sorted(files):
            if name.endswith((".h", ".cpp")):
                yield os.path.join(folder, name)


def main():
    bad = []
    for top in ("core", "ui", "app"):
        for path in sources(top):
            rel = os.path.relpath(path, ROOT)
            if rel.startswith(("core/model/", "core/train/")) or rel in ALLOWED:
                continue
            if reaches_libtorch(path):
                bad.append(rel)
    if "--list" in sys.argv:
        counts = {}
        for top in ("core", "ui", "app", "tests"):
            for path in sources(top):
                if path.endswith(".cpp"):
                    rel = os.path.relpath(path, ROOT)
                    area = "/".join(rel.split("/")[:2]) if rel.startswith("core/") else rel.split("/")[0]
                    total, torch = counts.get(area, (0, 0))
                    counts[area] = (total + 1, torch + reaches_libtorch(path))
        for area, (total, torch) in sorted(counts.items()):
            print(f"{area:20s} {torch:3d} of {total:3d} .cpp files parse libtorch headers")
    for rel in bad:
        print(f"{rel}: reaches a libtorch header outside core/model and core/train (docs/architecture.md)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
