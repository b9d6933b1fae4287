#!/bin/sh
# Reproduces resources/models (issue 6): the four bundled models, trained by `interlens train` on the King James
# Bible text of Debian's bible-kjv-text package (public domain), and the corpus slices in resources/corpus.
#
# Usage (from the repository root):  packaging/train-bundled-models.sh [INTERLENS]
#   INTERLENS: the `interlens` executable (default build/app/interlens).
# Runs the two trainings one after the other (set PARALLEL=1 to run them at once). Each uses one intra-op thread:
# the weights are bit-identical for a seed and a thread count. About 15-40 minutes on a shared 2-core machine.
set -eu
INTERLENS=${1:-build/app/interlens}
WORK=${WORK:-build-train-work}
MODELS=resources/models
CORPUS=resources/corpus

# The `bible` reader (package bible-kjv) prints the text stored in bible-kjv-text; install both when missing.
if ! command -v bible >/dev/null 2>&1; then
    apt-get install -y bible-kjv bible-kjv-text
fi
mkdir -p "$WORK" "$MODELS" "$CORPUS"
# One verse per line, the "Ge1:1 " reference removed (31,102 verses).
bible -f gen1:1-rev22:21 | sed -e 's/^[^ ]* //' > "$WORK/kjv.txt"
# Held-out: every 100th verse (shipped, 311 verses); training: all the others.
awk 'NR % 100 == 0' "$WORK/kjv.txt" > "$CORPUS/kjv_heldout.txt"
awk 'NR % 100 != 0' "$WORK/kjv.txt" > "$WORK/kjv_train.txt"
# A small training slice for the tests: the first 1000 training verses.
head -n 1000 "$WORK/kjv_train.txt" > "$CORPUS/kjv_train_slice.txt"

NOTE="King James Version (1611) from Debian bible-kjv-text 4.38; public domain (expired copyright, see /usr/share/doc/bible-kjv-text/copyright)"

# train ARCH TOKENIZER
train() {
    rm -rf "$WORK/$1-kjv" "$MODELS/$1-kjv-early" "$MODELS/$1-kjv-late"
    "$INTERLENS" train --corpus "$WORK/kjv_train.txt" \
        --heldout "$CORPUS/kjv_heldout.txt" --threads 1 --context 128 --seed 1234 --save-dtype float16 \
        --vocab 4096 --hidden 128 --layers 4 --heads 4 --steps 700 --batch 16 --lr 0.003 --min-lr 0.0003 \
        --warmup 50 --log-every 20 --eval-every 200 --checkpoint-every 100 \
        --arch "$1" --tokenizer "$2" --work-dir "$WORK/$1-kjv" \
        --snapshot 60:"$MODELS/$1-kjv-early" \
        --out "$MODELS/$1-kjv-late" --corpus-note "$NOTE"
}

if [ "${PARALLEL:-0}" = 1 ]; then
    train gpt2 bytelevel > "$WORK/gpt2.json" 2> "$WORK/gpt2.log" &
    train llama sentencepiece > "$WORK/llama.json" 2> "$WORK/llama.log" &
    wait
else
    train gpt2 bytelevel
    train llama sentencepiece
fi
echo "done: $MODELS (update $MODELS/README.md from each folder's training.json)"
