#!/usr/bin/env bash
# The whole unit-test suite under AddressSanitizer + UndefinedBehaviorSanitizer (the
# top-level option CABLESPICE_SANITIZE), without the slow validation / cross-check tests.
#   bash tests/fuzz/run_sanitized_tests.sh
set -euo pipefail
cmake -S /work/main -B /work/main/build-asan -DCABLESPICE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build /work/main/build-asan -j2
ctest --test-dir /work/main/build-asan -LE "validation|crosscheck" -j2
