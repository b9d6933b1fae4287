#!/usr/bin/env bash
# Interlens on a fresh Debian 12 machine:
#   packaging/dev.sh run    install what is missing, build, start the app
#   packaging/dev.sh test   install what is missing, build, run the whole test suite through CTest
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
test_packages=(slurmctld slurmd slurm-client munge coinor-libclp-dev)
# Only for the tests: the package stage and the Python example (issue 20).
test_packages+=(desktop-file-utils appstream shared-mime-info libglib2.0-bin python3-h5py python3-numpy)

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

configure_and_build() {
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
        -DCMAKE_C_COMPILER_LAUNCHER=ccache "$@"
    cmake --build "$dir" -j "$jobs" "${build_targets[@]}"
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
    install_missing "${packages[@]}" "${test_packages[@]}"
    build_targets=()
    configure_and_build "$build_dir" -DINTERLENS_BUILD_TESTS=ON
    # Tests set libtorch's intra-op threads to the core count themselves, so run them one at a time.
    ctest --test-dir "$build_dir" --output-on-failure --timeout 900
    package_stage "$build_dir"
    # The bad-input tests (corrupt and truncated files) once more under AddressSanitizer and UBSan.
    build_targets=(--target test_model_badinput test_tokenize_badinput test_store_badinput)
    configure_and_build "$build_dir-asan" -DINTERLENS_BUILD_TESTS=ON -DINTERLENS_SANITIZE=ON
    ctest --test-dir "$build_dir-asan" -L badinput --output-on-failure --timeout 900
    ;;
*)
    echo "usage: packaging/dev.sh run|test" >&2
    exit 2
    ;;
esac
