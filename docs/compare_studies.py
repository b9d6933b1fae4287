#!/usr/bin/python3
"""How much two studies of the same prompts, players and models differ when run otherwise (mode, baseline).

    docs/compare_studies.py A.h5 B.h5 [--bootstrap 2000] [--seed 0]

Doc script of docs/findings-example.md (python3-h5py). It reads the study files (README "Study files") and, over
the prompts both keep (status done; the example studies keep every prompt), prints Markdown:
  per pair:  κ in A and B from the joint extraction (method.md §6.6: the mean of the two directed ratios
             Σ_x Σ_shared |I| / Σ_x Σ_{S≠∅} |I|), Δκ = κ_B − κ_A with a paired percentile bootstrap CI over
             prompts (both files resampled with the same prompts), and the per-prompt Jaccard overlap of the
             shared sets;
  per model: the per-prompt Jaccard overlap of the salient sets of the single-model extraction ((type, S),
             S ≠ ∅), and the order profiles (share of salient interactions at |S| = 1..n, pooled over prompts)
             with their total-variation distance and mean orders.
Salient: the study's rule, which must be "utility" (|I| > c · mean_x |u(x)| per model, strict, c from the
file's aggregate options). The κ it prints equals `interlens findings` on the same file (checked in the doc).
"""
import argparse
import json
import sys

import h5py
import numpy as np


def text(value):
    """An HDF5 string attribute as str: schema 1 files store fixed-length strings (bytes), schema 2 variable-length
    ones (str)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def load(path):
    h = h5py.File(path, "r")
    agg = json.loads(h["study"].attrs["aggregate_options"])
    salient = agg["shared"]["salient"]
    if salient["rule"] != "utility" or salient["inclusive"] or agg["shared"]["require_same_sign"]:
        sys.exit(f"{path}: only the default salient rule (utility, strict, any sign) is supported here")
    prompts = {}
    for key in h["prompts"]:
        g = h["prompts"][key]
        if text(g.attrs["status"]) != "done":
            continue
        models = {m: tuple(g["models"][m][d][()] for d in ("I_and", "I_or", "v")) for m in g["models"]}
        pairs = {p: tuple(g["pairs"][p][d][()] for d in ("I_and_a", "I_or_a", "I_and_b", "I_or_b"))
                 for p in g["pairs"]}
        words = [text(w) for w in g.attrs["player_words"]]
        prompts[int(g.attrs["index"])] = (words, models, pairs)
    run = json.loads(h["study"].attrs["run_options"])
    return {"path": path, "run": f"{run['mode']} / {run['baseline']}", "c": salient["coefficient"],
            "prompts": prompts, "sha": text(h["study"].attrs["prompts_sha256"])}


def salient_keys(i_and, i_or, threshold):
    return {(t, m) for t, values in ((0, i_and), (1, i_or)) for m in range(1, len(values))
            if abs(values[m]) > threshold}


def jaccard(x, y):
    union = len(x | y)
    return 1.0 if union == 0 else len(x & y) / union


def threshold(study, model, index):
    """c · mean |u| of the model over the compared prompts."""
    u = [study["prompts"][x][1][model][2][-1] - study["prompts"][x][1][model][2][0] for x in index]
    return study["c"] * np.mean(np.abs(u))


def pair_terms(study, pair, index):
    """Per prompt: the shared set and num/den of both directed ratios."""
    a, b = pair.split("__")
    ta, tb = threshold(study, a, index), threshold(study, b, index)
    shared, terms = [], []
    for x in index:
        i_and_a, i_or_a, i_and_b, i_or_b = study["prompts"][x][2][pair]
        s = salient_keys(i_and_a, i_or_a, ta) & salient_keys(i_and_b, i_or_b, tb)
        va, vb = (i_and_a, i_or_a), (i_and_b, i_or_b)
        num_a = sum(abs(va[t][m]) for t, m in s)
        num_b = sum(abs(vb[t][m]) for t, m in s)
        den_a = np.abs(i_and_a[1:]).sum() + np.abs(i_or_a[1:]).sum()
        den_b = np.abs(i_and_b[1:]).sum() + np.abs(i_or_b[1:]).sum()
        shared.append(s)
        terms.append((num_a, den_a, num_b, den_b))
    return shared, np.array(terms)


def kappa(terms, weights):
    t = weights @ terms
    return 0.5 * ((t[0] / t[1] if t[1] else 0.0) + (t[2] / t[3] if t[3] else 0.0))


def order_profile(sets, n):
    orders = [bin(mask).count("1") for s in sets for (_, mask) in s]
    counts = np.bincount(orders, minlength=n + 1)[1:].astype(float)
    total = counts.sum()
    share = counts / total if total else counts
    return share, (np.dot(np.arange(1, n + 1), share) if total else float("nan"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--bootstrap", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    A, B = load(args.a), load(args.b)
    if A["sha"] != B["sha"]:
        sys.exit(f"{args.a} and {args.b} come from different prompt files")
    index = sorted(set(A["prompts"]) & set(B["prompts"]))
    if not index:
        sys.exit(f"{args.a} and {args.b} have no prompt in common")
    for x in index:
        if A["prompts"][x][0] != B["prompts"][x][0]:
            sys.exit(f"{args.a} and {args.b} use different players on prompt {x}")
    models = sorted(A["prompts"][index[0]][1])
    n = len(A["prompts"][index[0]][0])
    rng = np.random.default_rng(args.seed)
    draws = [np.bincount(rng.integers(0, len(index), len(index)), minlength=len(index)).astype(float)
             for _ in range(args.bootstrap)]
    ones = np.ones(len(index))

    print(f"A = {A['run']} ({args.a}), B = {B['run']} ({args.b}); {len(index)} prompts\n")
    print("| pair | κ A | κ B | Δκ = B − A [95 % paired CI] | shared-set Jaccard mean [min] |")
    print("|---|---|---|---|---|")
    deltas = []
    for pair in sorted(A["prompts"][index[0]][2]):
        shared_a, terms_a = pair_terms(A, pair, index)
        shared_b, terms_b = pair_terms(B, pair, index)
        ka, kb = kappa(terms_a, ones), kappa(terms_b, ones)
        reps = [kappa(terms_b, w) - kappa(terms_a, w) for w in draws]
        lo, hi = np.percentile(reps, [2.5, 97.5])
        j = [jaccard(x, y) for x, y in zip(shared_a, shared_b)]
        deltas.append(kb - ka)
        print(f"| {pair.replace('__', ' / ')} | {ka:.3f} | {kb:.3f} | {kb - ka:+.3f} [{lo:+.3f}, {hi:+.3f}] "
              f"| {np.mean(j):.2f} [{min(j):.2f}] |")

    print("\n| model | salient-set Jaccard mean [min] | salient per prompt A / B | mean order A / B "
          f"| order profile A (% at order 1..{n}) | order profile B | TV distance |")
    print("|---|---|---|---|---|---|---|")
    jaccards, distances = [], []
    for m in models:
        sets = []
        for study in (A, B):
            t = threshold(study, m, index)
            sets.append([salient_keys(*study["prompts"][x][1][m][:2], t) for x in index])
        j = [jaccard(x, y) for x, y in zip(*sets)]
        (pa, oa), (pb, ob) = order_profile(sets[0], n), order_profile(sets[1], n)
        tv = 0.5 * np.abs(pa - pb).sum()
        jaccards.append(np.mean(j))
        distances.append(tv)
        count = [np.mean([len(s) for s in ss]) for ss in sets]
        print(f"| {m} | {np.mean(j):.2f} [{min(j):.2f}] | {count[0]:.1f} / {count[1]:.1f} | {oa:.2f} / {ob:.2f} "
              f"| {' '.join(f'{100 * s:.0f}' for s in pa)} | {' '.join(f'{100 * s:.0f}' for s in pb)} | {tv:.3f} |")
    print(f"\nMean |Δκ| {np.mean(np.abs(deltas)):.3f}, largest {np.max(np.abs(deltas)):.3f}; mean salient-set "
          f"Jaccard {np.mean(jaccards):.2f}; mean order-profile TV distance {np.mean(distances):.2f}.")


if __name__ == "__main__":
    main()
