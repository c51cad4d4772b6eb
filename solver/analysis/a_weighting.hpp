#pragma once

namespace cablespice::solver {

// The A-weighting curve of IEC 61672-1:2013 (Annex E): the pole frequencies f1 = 20.60 Hz,
// f2 = 107.7 Hz, f3 = 737.9 Hz, f4 = 12194 Hz and the normalization A1000 = -2.000 dB, so
// that the weighting is 0 dB at 1 kHz. Frequencies in Hz, f > 0.
double aWeightingDecibels(double frequency);
// The same as a power ratio, 10^(A/10): what a noise power density is multiplied by.
double aWeightingPowerGain(double frequency);

} // namespace cablespice::solver
