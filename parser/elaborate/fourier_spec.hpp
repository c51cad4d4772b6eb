#pragma once
#include "parser/elaborate/output_request.hpp"
#include "solver/support/source_range.hpp"

#include <vector>

namespace cablespice::elab {

// .four FREQ [NHARM] OV1 [OV2 ...]: the Fourier table of each vector over the last period of
// the transient. NHARM counts the rows as ngspice's nfreqs does: DC and harmonics 1..NHARM-1.
struct FourierSpec {
    double fundamental = 0.0;
    int harmonics = 10;
    std::vector<OutputVector> vectors;  // v(n), v(a,b), i(vname); resolved after finalize
    SourceRange origin;
};

} // namespace cablespice::elab
