#!/usr/bin/env bash
# Study throughput (issue 8): prompts per hour at n = 10 on this machine, one process vs 2 shards run side by
# side (each with half the cores) and merged. Prints the markdown section for BENCHMARKS.md.
#
#   tests/bench/study_bench.sh [BUILD_DIR] [PROMPTS.jsonl]
#
# The one-process run fills a fresh v cache; the same study is then run once more on the warm cache, which skips
# the masked forward passes: its time is the extraction (single and pairwise joint) plus overheads, and the
# difference is the scoring (issue 14's per-prompt breakdown). SHARDS=0 skips the sharded run. The study's log
# gives the phases of each run (model loading, first pass = scoring + single extractions, joint pass, writing).
# BASELINE=/path/to/an/older/interlens runs the same one-process study with that binary first (before/after
# in one run).
# Models: the bundled models (resources/models/*) and stories260K (../shared/fixtures/models/stories260K) when
# present. Every prompt is scored (--score-all), so the figure is the cost of the full pipeline per prompt.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
prompts=${2:-$root/resources/prompts/study_stories.jsonl}
bin=${INTERLENS:-$build/app/interlens}
[ -x "$bin" ] || { echo "no $bin (build the interlens target)" >&2; exit 2; }
models=()
for m in "$root"/resources/models/*/; do [ -f "$m/config.json" ] && models+=(--model "${m%/}"); done
fixtures=${INTERLENS_FIXTURES:-$root/../shared/fixtures}
[ -f "$fixtures/models/stories260K/config.json" ] && models+=(--model "$fixtures/models/stories260K")
[ ${#models[@]} -gt 0 ] || { echo "no models found" >&2; exit 2; }
cores=$(nproc)
half=$(( cores > 1 ? cores / 2 : 1 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=$(grep -c . "$prompts")
args=(--prompts "$prompts" "${models[@]}" --players 10 --score-all --min-u 0)

# phases LOG: "load / first pass / joint pass / write" seconds from a study log.
phases() {
    local load first joint write
    load=$(sed -n 's/.*loaded in \([0-9.]*\) s.*/\1/p' "$1" | tail -1)
    first=$(sed -n 's/.*first pass .* in \([0-9.]*\) s.*/\1/p' "$1" | tail -1)
    joint=$(sed -n 's/.*joint pass: .* in \([0-9.]*\) s.*/\1/p' "$1" | tail -1)
    write=$(sed -n 's/.*aggregates and file in \([0-9.]*\) s.*/\1/p' "$1" | tail -1)
    echo "${load:-?} | ${first:-?} | ${joint:-?} | ${write:-?}"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
before=""
if [ -n "${BASELINE:-}" ]; then
    tb=$(date +%s.%N)
    "$BASELINE" study "${args[@]}" --threads "$cores" --out "$work/before.h5" 2>"$work/before.log"
    before=$(echo "$(date +%s.%N) - $tb" | bc -l)
fi
t0=$(date +%s.%N)
"$bin" study "${args[@]}" --threads "$cores" --v-cache "$work/v.h5" --out "$work/single.h5" 2>"$work/single.log"
t1=$(date +%s.%N)
single=$(echo "$t1 - $t0" | bc -l)
"$bin" study "${args[@]}" --threads "$cores" --v-cache "$work/v.h5" --out "$work/warm.h5" 2>"$work/warm.log"
tw=$(date +%s.%N)
warm=$(echo "$tw - $t1" | bc -l)
t1=$(date +%s.%N)
[ "${SHARDS:-1}" = 0 ] || {
"$bin" study "${args[@]}" --threads "$half" --shard 0/2 --out "$work/s0.h5" 2>"$work/s0.log" &
p0=$!
"$bin" study "${args[@]}" --threads "$half" --shard 1/2 --out "$work/s1.h5" 2>"$work/s1.log" &
p1=$!
wait $p0 $p1
"$bin" merge "$work/s0.h5" "$work/s1.h5" --out "$work/merged.h5" 2>"$work/merge.log"
}
t2=$(date +%s.%N)

sharded=$(echo "$t2 - $t1" | bc -l)
names=$(for ((i = 1; i < ${#models[@]}; i += 2)); do basename "${models[$i]}"; done | paste -sd, -)
echo "<!-- section: study -->"
echo "## Dataset studies: prompts per hour"
echo
echo "Machine: $(nproc)-core $(. /etc/os-release; echo "$PRETTY_NAME"), no GPU; load average at start $load."
echo "Command: \`tests/bench/study_bench.sh $build $(realpath --relative-to="$root" "$prompts")\`. Models: $names;"
echo "$count prompts, n = 10 (1024 masks per prompt and model), every prompt scored (--score-all), solver mode,"
echo "pairwise joint extraction for every pair; time includes loading the models and writing the study file."
echo
echo "| run | wall s | prompts/hour | load s | first pass s | joint pass s | write s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row() { printf "| %s | %.1f | %.0f | %s |\n" "$1" "$2" "$(echo "$count * 3600 / $2" | bc -l)" "$3"; }
[ -z "$before" ] || row "before ($BASELINE), 1 process, $cores threads" "$before" "$(phases "$work/before.log")"
row "1 process, $cores threads" "$single" "$(phases "$work/single.log")"
[ "${SHARDS:-1}" = 0 ] || row "2 shards side by side, $half thread(s) each, + merge" "$sharded" "- | - | - | -"
row "1 process, warm v cache (no scoring)" "$warm" "$(phases "$work/warm.log")"
echo
printf "Per prompt: %.2f s in all, of which %.2f s extraction and overheads (warm cache) and %.2f s scoring.\n" \
    "$(echo "$single / $count" | bc -l)" "$(echo "$warm / $count" | bc -l)" "$(echo "($single - $warm) / $count" | bc -l)"
echo
echo "<!-- end: study -->"
