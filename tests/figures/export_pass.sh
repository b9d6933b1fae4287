#!/bin/bash
# The figure export pass (issue 17): every view of a session and a study at both journal widths (89 and
# 183 mm; the height keeps the view's proportions, as the export dialog's presets do), as PNG at 96 and
# 300 DPI and as PDF (rendered with pdftoppm at 150 DPI), plus each view at its smallest accepted size. Then
# look at every PNG: nothing clipped, overlapping or unreadable.
#
#   tests/figures/export_pass.sh SESSION.h5 STUDY.h5 OUT_DIR [INTERLENS]
#
# SESSION.h5: e.g. `interlens explain` on the four bundled models; STUDY.h5: a cheap study (a few prompts x
# 3-5 models at n = 6 runs in minutes). Failures and refused sizes are listed in OUT_DIR/errors.log.
set -u
SESSION=${1:?session file}
STUDY=${2:?study file}
OUT=${3:?output folder}
EXE=${4:-build/app/interlens}
mkdir -p "$OUT"
: > "$OUT/errors.log"
figure() { QT_QPA_PLATFORM=offscreen nice -n 19 "$EXE" figure "$@" 2>>"$OUT/errors.log"; }
for view in prompt order kappa table sparsity fig3 fig4 fig5; do
  src=$SESSION
  case $view in fig*) src=$STUDY ;; esac
  # The view's own journal size gives its proportions.
  size=$(figure "$src" --view "$view" --out "$OUT/$view-default.png" --dpi 96 |
         python3 -c 'import json,sys; print("%gx%g" % tuple(json.load(sys.stdin)["size_mm"]))') ||
    { echo "FAIL $view default" >> "$OUT/errors.log"; continue; }
  for w in 89 183; do
    h=$(python3 -c "w, h = map(float, '$size'.split('x')); print(round(h * $w / w, 1))")
    b=$OUT/$view-$w
    for dpi in 96 300; do
      figure "$src" --view "$view" --out "$b-$dpi.png" --dpi $dpi --size "${w}x${h}mm" > /dev/null ||
        echo "FAIL $view $w mm $dpi DPI" >> "$OUT/errors.log"
    done
    figure "$src" --view "$view" --out "$b.pdf" --size "${w}x${h}mm" > /dev/null &&
      pdftoppm -png -r 150 -singlefile "$b.pdf" "$b-pdf150" ||
      echo "FAIL $view $w mm PDF" >> "$OUT/errors.log"
  done
  # The smallest size the export accepts, named by the refusal of a 10-mm-wide one.
  smallest=$(QT_QPA_PLATFORM=offscreen "$EXE" figure "$src" --view "$view" --out "$OUT/x.png" --size 10x10mm \
               2>&1 >/dev/null | grep -o 'is [0-9.]* × [0-9.]* mm' | tr -d ' ' | sed 's/^is//; s/×/x/')
  if [ -n "$smallest" ]; then
    figure "$src" --view "$view" --out "$OUT/$view-smallest-300.png" --dpi 300 --size "$smallest" > /dev/null ||
      echo "FAIL $view smallest $smallest" >> "$OUT/errors.log"
  fi
done
ls "$OUT"/*.png | wc -l
grep FAIL "$OUT/errors.log" || echo "all exports written"
