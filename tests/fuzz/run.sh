#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (built with -DINTERLENS_FUZZ=ON) for a fixed time each.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]      (default: every target)
# SEEDS_BUILD_DIR (default: build) is the ordinary test build that holds tests/cli/fuzz_seeds.
# Seed corpora are made at run time in a temporary folder, never in the repository: the fixtures'
# config.json, safetensors headers (first 16 KB), small valid tokenizers cut from the fixture tokenizers,
# games from the interaction goldens, the shipped prompt files, the committed schema-1 HDF5 files and sessions
# and studies written by fuzz_seeds (when built), plus the hand-made seeds in tests/fuzz/seeds/. Every input
# once found to crash is kept in tests/fuzz/regressions/TARGET/ and replayed first. Prints one line per target (executions, time, corpus);
# exits non-zero on any crash, leak, sanitizer report or timeout, leaving the input in $INTERLENS_FUZZ_ARTIFACTS
# (default: the temporary folder, which is then kept).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_safetensors fuzz_config fuzz_tokenizer fuzz_session fuzz_study fuzz_prompts fuzz_game)
fixtures=${INTERLENS_FIXTURES:-$root/../shared/fixtures}
work=$(mktemp -d "${TMPDIR:-/tmp}/interlens-fuzz.XXXXXX")
artifacts=${INTERLENS_FUZZ_ARTIFACTS:-$work/artifacts}
mkdir -p "$artifacts"
export TMPDIR=$work # the targets' scratch files
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE QT_QPA_PLATFORM=offscreen

seeds() { # seeds TARGET DIR
    local target=$1 dir=$2
    mkdir -p "$dir"
    case $target in
    fuzz_safetensors)
        for f in "$fixtures"/models*/*/model*.safetensors "$root"/resources/models/*/model.safetensors; do
            [ -f "$f" ] && head -c 16384 "$f" >"$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
        done ;;
    fuzz_config)
        for f in "$fixtures"/models*/*/config.json "$root"/resources/models/*/config.json; do
            [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")").json"
        done
        cp "$here"/seeds/config/* "$dir"/ ;;
    fuzz_tokenizer)
        # Each fixture tokenizer cut down to its first 300 tokens (and the merges among them), keeping its
        # normalizer, pre-tokenizer, post-processor, decoder and added tokens: small, valid, and of every kind.
        python3 - "$fixtures/tokenizers" "$root/resources/models" "$dir" <<'PY'
import glob, gzip, json, os, sys
src, bundled, out = sys.argv[1:4]
paths = glob.glob(src + "/*/tokenizer.json*") + glob.glob(bundled + "/*/tokenizer.json")
for path in paths:
    raw = open(path, "rb").read()
    tok = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    model = tok.get("model", {})
    vocab = model.get("vocab")
    if isinstance(vocab, dict):
        keep = dict(sorted(vocab.items(), key=lambda kv: kv[1])[:300])
        model["vocab"] = {k: i for i, k in enumerate(keep)}
        merges = []
        for m in model.get("merges", []):
            a, b = m.split(" ", 1) if isinstance(m, str) else m
            if a in keep and b in keep and a + b in keep:
                merges.append(m)
        model["merges"] = merges
    tok["added_tokens"] = [dict(t, id=300 + i) for i, t in enumerate(tok.get("added_tokens", [])[:8])]
    name = os.path.basename(os.path.dirname(path))
    json.dump(tok, open(os.path.join(out, name + ".json"), "w"))
PY
        ;;
    fuzz_session | fuzz_study)
        # The committed schema-1 files, and schema-2 files written by the current writers when the ordinary build
        # holds fuzz_seeds.
        cp "$root"/tests/data/schema1/"${target#fuzz_}"_*.h5 "$dir"/
        local writer="${SEEDS_BUILD_DIR:-$root/build}/tests/cli/fuzz_seeds"
        if [ -x "$writer" ]; then
            [ -d "$work/hdf5-seeds" ] || "$writer" "$work/hdf5-seeds"
            cp "$work/hdf5-seeds/${target#fuzz_}"/*.h5 "$dir"/
        else
            echo "$target: $writer not built: seeded with tests/data/schema1 only" >&2
        fi ;;
    fuzz_prompts)
        cp "$root"/resources/prompts/*.jsonl "$here"/seeds/prompts/* "$dir"/ ;;
    fuzz_game)
        python3 - "$fixtures/interactions" "$dir" <<'PY'
import glob, json, os, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(path))
    if d.get("n", 99) > 6:
        continue
    if "v" in d:
        game = {"n": d["n"], "v": d["v"]}
    elif "v1" in d and "v2" in d:
        game = {"n": d["n"], "models": {"a": d["v1"], "b": d["v2"]}}
    else:
        continue
    json.dump(game, open(os.path.join(sys.argv[2], os.path.basename(path)), "w"))
PY
        cp "$here"/seeds/game/* "$dir"/ ;;
    esac
}

max_len() {
    case $1 in
    fuzz_session | fuzz_study) echo 131072 ;;
    fuzz_tokenizer) echo 65536 ;;
    fuzz_safetensors) echo 16384 ;;
    *) echo 8192 ;;
    esac
}

status=0
printf '%-18s %12s %8s %10s %8s\n' target executions seconds exec/s corpus
for target in "${targets[@]}"; do
    binary=$build/tests/fuzz/$target
    corpus=$work/corpus/$target
    seeds "$target" "$work/seeds/$target"
    mkdir -p "$corpus"
    regressions=$here/regressions/$target
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        if ! "$binary" -close_fd_mask=3 "$regressions"/* >"$work/$target.regressions.log" 2>&1; then
            echo "$target: a kept regression input fails again (log: $work/$target.regressions.log)"
            status=1
            continue
        fi
    fi
    log=$work/$target.log
    start=$(date +%s.%N)
    if ! "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len="$(max_len "$target")" \
        -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
        "$corpus" "$work/seeds/$target" >"$log" 2>&1; then
        echo "$target: FINDING (log: $log, input: $(ls "$artifacts"/$target-* 2>/dev/null | head -1))"
        grep -m5 -E "ERROR|runtime error|Assertion|SUMMARY" "$log" || true
        status=1
    fi
    end=$(date +%s.%N)
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    awk -v t="$target" -v r="$runs" -v s="$start" -v e="$end" -v c="$(ls "$corpus" | wc -l)" \
        'BEGIN { printf "%-18s %12d %8.0f %10.0f %8d\n", t, r, e - s, r / (e - s), c }'
done
if [ $status -eq 0 ] && [ -z "${INTERLENS_FUZZ_KEEP:-}" ]; then
    rm -rf "$work"
else
    echo "fuzz work folder kept: $work"
fi
exit $status
