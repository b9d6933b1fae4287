#!/usr/bin/env bash
# Fails when a tracked C++ file does not follow the repository's .clang-format (Debian 12's clang-format 14).
# Fix with: git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
echo "format check: $(git ls-files '*.cpp' '*.h' | wc -l) files follow .clang-format"
