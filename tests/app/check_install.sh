#!/usr/bin/env bash
# The install tree (issue 20): `cmake --install` puts everything in its FHS place, and the installed binary is
# relocatable: the prefix moved elsewhere still finds its bundled models (never the source tree).
#   check_install.sh BUILD_DIR
set -euo pipefail
build=$1
# Outside the build tree: a binary inside it may fall back to the source tree's resources (resources.h).
work=$(mktemp -d /tmp/interlens-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/first" >/dev/null

fail() { echo "check_install: $*" >&2; exit 1; }
for f in bin/interlens \
         share/interlens/models/gpt2-kjv-late/model.safetensors share/interlens/prompts/demo.jsonl \
         share/interlens/stopwords/english.txt \
         share/doc/interlens/README.md share/doc/interlens/LICENSE share/doc/interlens/CITATION.cff \
         share/doc/interlens/copyright share/doc/interlens/docs/python.md \
         share/doc/interlens/examples/read_session.py share/doc/interlens/resources/screenshots/interlens-main.png \
         share/applications/io.github.interlens.Interlens.desktop \
         share/metainfo/io.github.interlens.Interlens.metainfo.xml \
         share/icons/hicolor/scalable/apps/io.github.interlens.Interlens.svg \
         share/mime/packages/io.github.interlens.Interlens.xml; do
    [ -e "$work/first/$f" ] || fail "missing $f"
done
[ -x "$work/first/bin/interlens" ] || fail "bin/interlens is not executable"

# Relocatable: move the prefix; the build tree's resources are hidden from it by construction (the binary is
# outside the build tree) and INTERLENS_RESOURCES is unset.
mv "$work/first" "$work/moved"
unset INTERLENS_RESOURCES DISPLAY WAYLAND_DISPLAY
export OMP_WAIT_POLICY=PASSIVE HOME="$work/home" QT_QPA_PLATFORM=offscreen
"$work/moved/bin/interlens" --version | grep -q "^interlens " || fail "--version"
"$work/moved/bin/interlens" explain --prompt "And God said, Let there be light: and there was" \
    --players auto:3 --no-cache --quiet --json --out "$work/session.h5" > "$work/explain.json" \
    || fail "explain on the installed bundled models failed"
# Every model came from the moved prefix.
models=$(grep -o '"path":"[^"]*"' "$work/explain.json" | sort -u)
[ "$(echo "$models" | wc -l)" -eq 4 ] || fail "expected the 4 bundled models, got: $models"
echo "$models" | grep -qv "$work/moved/share/interlens/models/" && fail "a model outside the prefix: $models"
# Never the source tree: without its share/interlens/models the moved binary has no bundled models, and says where
# it looked.
rm -rf "$work/moved/share/interlens/models"
if "$work/moved/bin/interlens" explain --prompt "a b c" --quiet 2> "$work/err.txt"; then
    fail "explain found models without share/interlens/models"
fi
grep -q "no bundled models in $work/moved/share/interlens/models" "$work/err.txt" || fail "message: $(cat "$work/err.txt")"
echo "install tree OK: the bundled models found relative to the moved binary, never in the source tree"
