#!/usr/bin/env bash
# Interlens on a fresh Debian 12 machine:
#   packaging/dev.sh run    install what is missing, build, start the app
#   packaging/dev.sh test   install what is missing, build, run the whole test suite through CTest, the .deb
#                           check and two reliability stages (the bad-input tests under ASan+UBSan, fuzz smoke)
#   packaging/dev.sh sanitize   only the reliability stages, in full (ASan+UBSan suite, TSan threads, fuzz smoke)
# Idempotent; works as root or through sudo. BUILD_DIR (default build) and JOBS (default: core count) may be set.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

# Debian packages the build, the tests and the app need. libopenblas0-pthread matters: without it libtorch falls
# back to the reference BLAS and runs about 20 times slower.
packages=(
    build-essential cmake ninja-build pkg-config ccache
    qt6-base-dev qt6-svg-dev libqcustomplot-dev libgl-dev
    libtorch-dev libopenblas0-pthread
    libeigen3-dev libhdf5-dev nlohmann-json3-dev libpcre2-dev zlib1g-dev
    xvfb xauth
)
# Only for the tests: a one-node Slurm cluster for the study job-array test (tests/study/test_study_slurm.cpp).
test_packages=(slurmctld slurmd slurm-client munge coinor-libclp-dev clang-format)
# Only for the tests: the package stage and the Python example (issue 20).
test_packages+=(desktop-file-utils appstream shared-mime-info libglib2.0-bin python3-h5py python3-numpy)
# Only for the reliability stages: libFuzzer (clang and its runtime) and python3 for the fuzzers' seed corpora.
reliability_packages=(clang libclang-rt-14-dev python3)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ccache keeps rebuilds (a second checkout, the sanitizer builds, CI on a developer's machine) short. Paths are
# hashed relative to the checkout, so any clone of the same sources shares the cache.
export CCACHE_BASEDIR="$here"

# The Debian package from the build just tested (no rebuild): cpack, dpkg -x into a throw-away root, and the
# installed binary run headless; packaging/deb/check-deb.sh says what it checks.
package_stage() {
    bash packaging/deb/check-deb.sh "$1"
}

configure() {
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
        -DCMAKE_C_COMPILER_LAUNCHER=ccache "${@:2}"
}

configure_and_build() {
    configure "$@"
    cmake --build "$1" -j "$jobs" "${build_targets[@]}"
}

# ---- Reliability stages of `test` (docs/reliability.md); each prints how long it took. ----

# The sanitizer trees are built without core/model's and core/train's precompiled <ATen/ATen.h>: GCC's .gch
# (363 MB) is not reproducible (CI's clone and a worktree of the same commit built different bytes) and ccache
# hashes it, so every object using it missed the cache in every fresh clone. Without it the sanitizer objects are
# shared between clones and runs.
no_pch=(-DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON)

# build_tests DIR CTEST_SELECTION...: builds in DIR only the executables of the tests the selection runs (test
# name = target name), so a sanitizer tree compiles nothing the stage does not run.
build_tests() {
    local tests
    tests=$(ctest --test-dir "$1" -N "${@:2}" | awk '/Test +#/ { print $3 }')
    # shellcheck disable=SC2086 # one target per test name
    cmake --build "$1" -j "$jobs" --target $tests
}

stage_timer() { # stage_timer NAME COMMAND...: runs the command and prints the stage's wall time
    local name=$1 start=$SECONDS
    shift
    echo "==== stage: $name"
    "$@"
    echo "==== stage: $name took $((SECONDS - start)) s"
}

# The whole suite under AddressSanitizer + UBSan (UB is fatal), except the labels in $1. Always skipped
# (asan_skip): `fixtures` (the real models of ../shared/fixtures: several times slower under ASan, and the parsers
# they exercise are covered by the bad-input tests and the fuzzers), `slurm` (starts daemons; nothing of ours runs
# differently there), `install` and `python` (cmake --install and h5py: packaging). `test` (CI) also skips `ui`
# and `cli` (asan_skip_ci): the GUI tests and the tests that run the binary need the GUI library and the app built
# once more with ASan, about 85 more objects; `sanitize` runs them. Only the executables of the tests that run are
# built: a clean clone compiles each of their objects once more, with ASan.
asan_skip='fixtures|slurm|install|python'
asan_skip_ci="$asan_skip|ui|cli"
asan_suite() {
    local skip=$1 only=()
    # ASAN_LABEL narrows the stage to one label (.ci/run: badinput, see there).
    [ -z "${ASAN_LABEL:-}" ] || only=(-L "$ASAN_LABEL")
    configure "$build_dir-asan" -DINTERLENS_BUILD_TESTS=ON -DINTERLENS_SANITIZE=ON "${no_pch[@]}"
    build_tests "$build_dir-asan" "${only[@]}" -LE "$skip"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$build_dir-asan" "${only[@]}" -LE "$skip" --output-on-failure --timeout 900
}

# The threaded tests (label threads: the GUI worker, explain's pairs side by side, the model pool, study shards)
# under ThreadSanitizer. Debian's Qt and GLib are not built with TSan: tests/tsan.supp drops the false reports of
# their thread hand-over, and says what that hides.
tsan_threads() {
    configure "$build_dir-tsan" -DINTERLENS_BUILD_TESTS=ON -DINTERLENS_TSAN=ON "${no_pch[@]}"
    build_tests "$build_dir-tsan" -L threads
    TSAN_OPTIONS="suppressions=$here/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1" \
        ctest --test-dir "$build_dir-tsan" -L threads --output-on-failure --timeout 900
}

# Every libFuzzer target for a short fixed time (FUZZ_SECONDS, default 15) after replaying the inputs that once
# crashed (tests/fuzz/regressions); the long run is in docs/reliability.md.
fuzz_smoke() {
    build_targets=(--target interlens_fuzzers)
    CC=clang CXX=clang++ configure_and_build "$build_dir-fuzz" -DINTERLENS_BUILD_TESTS=OFF -DINTERLENS_FUZZ=ON \
        -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON # clang 14 fails on libtorch 1.13 headers in a PCH
    SEEDS_BUILD_DIR="$build_dir" tests/fuzz/run.sh "$build_dir-fuzz" "${FUZZ_SECONDS:-15}"
}

# The three stages, after the ordinary suite, skipping the ASan labels in $1; README "Tests and fixtures" gives
# each one's time on 2 cores. RELIABILITY_STAGES (default "asan tsan fuzz") runs only some of them.
reliability_stages() {
    local stages=" ${RELIABILITY_STAGES:-asan tsan fuzz} "
    if [[ $stages == *" asan "* ]]; then stage_timer "ASan+UBSan suite" asan_suite "$1"; fi
    if [[ $stages == *" tsan "* ]]; then stage_timer "TSan threads" tsan_threads; fi
    if [[ $stages == *" fuzz "* ]]; then stage_timer "fuzz smoke" fuzz_smoke; fi
}

cmd=${1:-}
case "$cmd" in
run)
    install_missing "${packages[@]}"
    build_targets=(--target interlens)
    configure_and_build "$build_dir" -DINTERLENS_BUILD_TESTS=OFF
    shift
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ $# -eq 0 ]; then
        echo "No display found: starting the app under Xvfb (set DISPLAY to use your own)."
        exec xvfb-run -a "$build_dir/app/interlens" "$@"
    fi
    exec "$build_dir/app/interlens" "$@"
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}" "${reliability_packages[@]}"
    packaging/check-format.sh
    python3 packaging/check-layers.py # docs/architecture.md: only core/model and core/train include libtorch
    build_targets=()
    configure_and_build "$build_dir" -DINTERLENS_BUILD_TESTS=ON -DINTERLENS_WERROR=ON
    # Tests set libtorch's intra-op threads to the core count themselves, so run them one at a time.
    ctest --test-dir "$build_dir" --output-on-failure --timeout 900
    package_stage "$build_dir"
    # CI runs the stages measured end to end so far: the bad-input tests under ASan+UBSan and the fuzz smoke run.
    # The whole suite under ASan and the threaded tests under TSan are `dev.sh sanitize` (README, Tests): their
    # objects cost 15-105 CPU-seconds each under the sanitizers (measured, docs/reliability.md), so from a cold
    # cache the ASan suite (~250 objects) and the TSan build (~190) would each take CI far past its ~40 minutes.
    RELIABILITY_STAGES=${RELIABILITY_STAGES:-asan fuzz}
    ASAN_LABEL=${ASAN_LABEL-badinput}
    reliability_stages "$asan_skip_ci"
    ;;
sanitize)
    # Only the reliability stages of `test` (docs/reliability.md), without the ordinary suite.
    install_missing "${packages[@]}" "${test_packages[@]}" "${reliability_packages[@]}"
    build_targets=(--target fuzz_seeds) # the HDF5 seeds of the fuzzers come from the ordinary build
    configure_and_build "$build_dir" -DINTERLENS_BUILD_TESTS=ON
    reliability_stages "$asan_skip"
    ;;
*)
    echo "usage: packaging/dev.sh run|test|sanitize" >&2
    exit 2
    ;;
esac
