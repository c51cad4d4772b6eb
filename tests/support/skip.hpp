#pragma once

#include <catch2/catch.hpp>

// Ends a test that cannot run here because an external input is absent (../shared, ngspice).
// The test then has no assertion, so Catch (--warn NoAssertions) fails it, and ctest's
// SKIP_REGULAR_EXPRESSION on the marker reports it as skipped (tests/CMakeLists.txt): an absent
// input is never counted as a pass.
#define CABLESPICE_SKIP_TEST(why)                        \
    do {                                                 \
        WARN("cablespice-test-skipped: " << why);        \
        return;                                          \
    } while (false)
