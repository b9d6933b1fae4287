#!/usr/bin/env bash
# Queues a study on a Slurm cluster: an array of N shards, then the merge with --dependency=afterok.
#
#   packaging/slurm/submit-study.sh -n 8 -p prompts.jsonl -m "models/a models/b" -o runs/s1 \
#       [-a "--players 10 --seed 1"] [-- further sbatch options for both jobs, e.g. --partition=gpu]
#
# Prints the two job ids ("ARRAY_ID MERGE_ID"). The result is OUT_DIR/study.h5; shard logs go to OUT_DIR/logs/.
# INTERLENS (default: interlens on PATH) names the binary the jobs run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=4 prompts="" models="" out="" study_args=""
while getopts "n:p:m:o:a:" opt; do
    case $opt in
        n) shards=$OPTARG ;; p) prompts=$OPTARG ;; m) models=$OPTARG ;; o) out=$OPTARG ;; a) study_args=$OPTARG ;;
        *) echo "usage: $0 -n N -p PROMPTS.jsonl -m \"DIR...\" -o OUT_DIR [-a STUDY_ARGS] [-- sbatch options]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$prompts" ] && [ -n "$models" ] && [ -n "$out" ] || { echo "$0: -p, -m and -o are required" >&2; exit 2; }
mkdir -p "$out/logs"
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
abs_models=""
for m in $models; do abs_models+="$(abs "$m") "; done
interlens=${INTERLENS:-$(command -v interlens || echo interlens)}
export PROMPTS="$(abs "$prompts")" MODELS="$abs_models" OUT_DIR="$(abs "$out")" INTERLENS="$(abs "$interlens")" \
    STUDY_ARGS="$study_args"
array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$OUT_DIR/logs/study-%A_%a.out" --export=ALL "$@" \
    "$here/study-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$OUT_DIR/logs/merge-%j.out" --export=ALL "$@" "$here/study-merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
