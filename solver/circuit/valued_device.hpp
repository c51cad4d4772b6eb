#pragma once

namespace cablespice::solver {

struct SourceValue;

// What an element's primary value is: a `.dc` sweep takes Voltage and Current (independent
// sources) and Resistance, as ngspice does; the rest are Other.
enum class ValueKind { Other, Voltage, Current, Resistance };

// Elements with one primary value that `.step NAME` and `.dc NAME` set (R, C, L, K, V, I, E, F,
// G, H), so that the elaborator and the analyses set values without knowing device types.
class ValuedDevice {
public:
    virtual ~ValuedDevice() = default;
    virtual double primaryValue() const = 0;
    // A value in the constant matrices (R, C, L, K, E, F, G, H) takes effect after the circuit's
    // reloadConstant(); a source's is read at each load.
    virtual void setPrimaryValue(double value) = 0;
    virtual ValueKind valueKind() const { return ValueKind::Other; }
    // An independent source's value (a source sweep's scale is its DC value); null otherwise.
    virtual const SourceValue* sourceValue() const { return nullptr; }
};

} // namespace cablespice::solver
