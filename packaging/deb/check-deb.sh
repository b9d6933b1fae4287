#!/usr/bin/env bash
# Builds the Debian package from an existing build (packaging/dev.sh test runs it after the test suite; no
# rebuild), unpacks it into a throw-away root with dpkg -x and checks it as a user would meet it:
#   - the file name interlens_<version>_amd64.deb and the Depends on Debian 12's packages, and every shared library
#     the binary links (ldd) provided by a package in Depends (or one they pull in: libc6, libstdc++6, ...);
#   - the contents: binary, bundled models, docs, .desktop, metainfo, icon, MIME XML;
#   - the installed binary headless: --version and an explain on the installed bundled models;
#   - desktop-file-validate, appstreamcli validate, and the MIME magic telling a session from a study (gio).
#   check-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$build/deb-check
rm -rf "$work"
mkdir -p "$work"
fail() { echo "check-deb: $*" >&2; exit 1; }

(cd "$build" && cpack --config CPackConfig.cmake -B "$work/out" >/dev/null)
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
deb=$work/out/interlens_${version}_amd64.deb
[ -f "$deb" ] || fail "expected $deb; cpack made: $(ls "$work/out")"
echo "check-deb: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

depends=$(dpkg-deb -f "$deb" Depends)
for p in libtorch1.13 libopenblas0-pthread libqt6widgets6 libqt6svg6 libqt6printsupport6 libqcustomplot2.1-qt6 \
         libhdf5-103-1; do
    echo "$depends" | grep -qw "$p" || fail "Depends lacks $p: $depends"
done
# Every library the binary names (NEEDED) comes from a package in Depends or from a direct dependency of one
# (libtorch1.13 brings glog, gflags and protobuf; libhdf5-103-1 curl, ssl and libaec; every one libc6).
names=$(echo "$depends" | tr ',' '\n' | sed 's/(.*)//; s/ //g')
allowed=" $(echo "$names" | tr '\n' ' ') "
for p in $names; do
    allowed+="$(apt-cache depends --important "$p" 2>/dev/null | awk '/Depends:/ { print $2 }' | tr '\n' ' ') "
done
ldd_out=$(ldd "$build/app/interlens")
missing=()
for lib in $(objdump -p "$build/app/interlens" | awk '/NEEDED/ { print $2 }'); do
    case "$lib" in ld-linux*) continue ;; esac # the dynamic loader itself (libc6)
    path=$(echo "$ldd_out" | awk -v l="$lib" '$1 == l { print $3 }')
    [ -n "$path" ] || fail "$lib: not found by ldd"
    # As ldd names it, else resolved (usr-merge: dpkg knows /lib/x86_64-linux-gnu/libc.so.6 under /lib).
    owner=$( { dpkg -S "$path" || dpkg -S "$(readlink -f "$path")"; } 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$owner" ] || fail "$lib ($path) belongs to no Debian package"
    case "$allowed" in *" $owner "*) ;; *) missing+=("$owner ($lib)") ;; esac
done
[ ${#missing[@]} -eq 0 ] || fail "linked but neither in Depends nor pulled in by it: ${missing[*]}"

root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/interlens usr/share/interlens/models/llama-kjv-late/model.safetensors \
         usr/share/interlens/prompts/demo.jsonl usr/share/doc/interlens/README.md usr/share/doc/interlens/copyright \
         usr/share/doc/interlens/examples/read_session.py \
         usr/share/applications/io.github.interlens.Interlens.desktop \
         usr/share/metainfo/io.github.interlens.Interlens.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/io.github.interlens.Interlens.svg \
         usr/share/mime/packages/io.github.interlens.Interlens.xml; do
    [ -e "$root/$f" ] || fail "the package lacks /$f"
done

export OMP_WAIT_POLICY=PASSIVE HOME=$work/home
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM INTERLENS_RESOURCES
"$root/usr/bin/interlens" --version
"$root/usr/bin/interlens" explain --prompt "And God said, Let there be light: and there was" --players auto:3 \
    --no-cache --quiet --json --out "$work/session.h5" > "$work/explain.json"
grep -q "\"path\":\"$root/usr/share/interlens/models/" "$work/explain.json" || fail "explain did not use the packaged models"
"$root/usr/bin/interlens" study --prompts "$source/tests/data/schema1/study_kjv_prompts.jsonl" --players 3 --quiet \
    --model "$root/usr/share/interlens/models/gpt2-kjv-late" --out "$work/study.h5" > /dev/null 2>&1 \
    || fail "study on the packaged models failed"

desktop-file-validate "$root/usr/share/applications/io.github.interlens.Interlens.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.interlens.Interlens.metainfo.xml"

# The MIME types: the packaged XML compiled into a private database, then GLib's detection by content.
mkdir -p "$work/mime-share/mime/packages"
cp /usr/share/mime/packages/freedesktop.org.xml "$root/usr/share/mime/packages/io.github.interlens.Interlens.xml" \
   "$work/mime-share/mime/packages/"
update-mime-database "$work/mime-share/mime"
if command -v gio >/dev/null; then
    cp "$work/session.h5" "$work/a-session.data"   # no .h5 suffix: content alone must decide
    cp "$work/study.h5" "$work/a-study.data"
    for pair in "a-session.data application/x-interlens-session" "a-study.data application/x-interlens-study"; do
        set -- $pair
        type=$(XDG_DATA_HOME=$work/mime-share XDG_DATA_DIRS=$work/mime-share gio info -a standard::content-type \
               "$work/$1" | sed -n 's/.*standard::content-type: //p')
        [ "$type" = "$2" ] || fail "$1 detected as '$type', expected $2"
    done
fi
echo "check-deb: OK"
