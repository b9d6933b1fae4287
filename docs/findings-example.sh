#!/bin/sh
# Reproduces docs/findings-example.md: the 11 KJV prompts x the four bundled checkpoints with PLAYERS players
# (first argument, default 8), solver and reference modes, mean and learned baselines; then `interlens
# findings` on each study file and docs/compare_studies.py between the modes and between the baselines.
# Run from the repository root after building `interlens`; everything goes to runs/ (ignored by
# git). The two baselines run side by side, one libtorch thread each (the build machine has 2 cores); within a
# baseline the solver study runs first so that the reference study reads its v vectors (and the learned
# baseline, trained once per model on the 11 prompts) from the caches under runs/.
set -eu
P=${1:-8}
B=${INTERLENS:-build/app/interlens}
R=runs
mkdir -p "$R"
G="late:gpt2-kjv-late,llama-kjv-late;early:gpt2-kjv-early,llama-kjv-early"
study() { # mode baseline
    out="$R/kjv-n$P-$1-$2"
    [ -f "$out.h5" ] && return 0
    /usr/bin/time -f "%e s wall" "$B" study --prompts resources/prompts/study_kjv.jsonl \
        --model resources/models/gpt2-kjv-early --model resources/models/gpt2-kjv-late \
        --model resources/models/llama-kjv-early --model resources/models/llama-kjv-late \
        --players "$P" --mode "$1" --baseline "$2" --score-all --no-top1-filter --min-u 0 \
        --threads 1 --v-cache "$R/vcache.h5" --out "$out.h5" >"$out.log" 2>&1
}
for base in mean learned; do
    (study solver "$base" && study reference "$base") &
done
wait
for run in solver-mean solver-learned reference-mean reference-learned; do
    "$B" findings "$R/kjv-n$P-$run.h5" --groups "$G" --out "$R/kjv-n$P-$run.json"
    "$B" findings "$R/kjv-n$P-$run.h5" --groups "$G" --out "$R/kjv-n$P-$run.md"
done
# How much the mode moves things (per baseline), and how much the baseline does (per mode).
for base in mean learned; do
    docs/compare_studies.py "$R/kjv-n$P-solver-$base.h5" "$R/kjv-n$P-reference-$base.h5" >"$R/compare-n$P-mode-$base.md"
done
for mode in solver reference; do
    docs/compare_studies.py "$R/kjv-n$P-$mode-mean.h5" "$R/kjv-n$P-$mode-learned.h5" >"$R/compare-n$P-baseline-$mode.md"
done
# The table of docs/findings-example.md: pair x {solver, reference} x {mean, learned}, κ [95 % CI].
python3 - "$R" "$P" <<'PY'
import json, sys
runs, players = sys.argv[1], sys.argv[2]
cols = ["solver-mean", "solver-learned", "reference-mean", "reference-learned"]
found = {c: json.load(open(f"{runs}/kjv-n{players}-{c}.json")) for c in cols}
print("| pair | " + " | ".join(c.replace("-", " / ") for c in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for k, pair in enumerate(found[cols[0]]["pairs"]):
    cells = []
    for c in cols:
        p = found[c]["pairs"][k]
        cells.append(f"{p['kappa']:.3f} [{p['kappa_ci'][0]:.3f}, {p['kappa_ci'][1]:.3f}]")
    print(f"| {pair['a']} / {pair['b']} | " + " | ".join(cells) + " |")
ci = lambda x, k: f"{x[k]:.3f} [{x[k + '_ci'][0]:.3f}, {x[k + '_ci'][1]:.3f}]"
print("\n| run | F1: mean κ [CI] | F2: late − across [CI], p | F3 order shared / non-shared, p "
      "| F3 cancellation shared / non-shared, p |\n|---|---|---|---|---|")
for c in cols:
    f = {x["id"]: x for x in found[c]["findings"]}
    f3 = lambda part: (f"{f['F3'][part]['mean_shared']:.2f} / {f['F3'][part]['mean_non_shared']:.2f}, "
                       f"p = {f['F3'][part]['wilcoxon']['p']:.3f} ({f['F3'][part]['verdict']})")
    print(f"| {c.replace('-', ' / ')} | {ci(f['F1'], 'mean_kappa')} ({f['F1']['verdict']}) "
          f"| {ci(f['F2'], 'difference')}, p = {f['F2']['permutation']['p']:.3f} ({f['F2']['verdict']}) "
          f"| {f3('order')} | {f3('cancellation')} |")
PY
