#!/usr/bin/env bash
# The whole unit-test suite under AddressSanitizer + UndefinedBehaviorSanitizer (the
# top-level option CABLESPICE_SANITIZE), without the slow validation / cross-check tests.
#   bash tests/fuzz/run_sanitized_tests.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cmake -S "$root" -B "$root/build-asan" -DCABLESPICE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build "$root/build-asan" -j2
ctest --test-dir "$root/build-asan" -LE "validation|crosscheck|python" -j2 --output-on-failure
