// vectorPart: the parts ngspice's vector functions take (v, vm, vdb, vp, vr, vi), worked by hand.
#include "apps/engine/vector_part.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>

using cablespice::app::vectorPart;
using cablespice::elab::OutputPart;
using Catch::Matchers::WithinRel;

TEST_CASE("vectorPart of a complex value: magnitude, dB, degrees, real and imaginary parts", "[app][vector]") {
    const std::complex<double> z(-3.0, 4.0);  // |z| = 5, arg = 180 - atan(4/3) = 126.8698976 degrees
    CHECK(vectorPart(OutputPart::Value, z, true) == 5.0);
    CHECK(vectorPart(OutputPart::Magnitude, z, true) == 5.0);
    CHECK_THAT(vectorPart(OutputPart::Decibel, z, true), WithinRel(20.0 * std::log10(5.0), 1e-15));
    CHECK_THAT(vectorPart(OutputPart::Phase, z, true), WithinRel(126.86989764584402, 1e-14));
    CHECK(vectorPart(OutputPart::Real, z, true) == -3.0);
    CHECK(vectorPart(OutputPart::Imaginary, z, true) == 4.0);
    CHECK(vectorPart(OutputPart::Decibel, {0.0, 10.0}, true) == 20.0);
}

TEST_CASE("vectorPart of a real value: the value itself, and a phase of 0 or 180 degrees by sign", "[app][vector]") {
    CHECK(vectorPart(OutputPart::Value, -2.0, false) == -2.0);
    CHECK(vectorPart(OutputPart::Magnitude, -2.0, false) == 2.0);
    CHECK(vectorPart(OutputPart::Decibel, -100.0, false) == 40.0);
    CHECK(vectorPart(OutputPart::Phase, -2.0, false) == 180.0);
    CHECK(vectorPart(OutputPart::Phase, 2.0, false) == 0.0);
    CHECK(vectorPart(OutputPart::Phase, -0.0, false) == 0.0);
    CHECK(std::isnan(vectorPart(OutputPart::Phase, std::numeric_limits<double>::quiet_NaN(), false)));
    CHECK(vectorPart(OutputPart::Imaginary, -2.0, false) == 0.0);
}
