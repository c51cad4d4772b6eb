#include "parser/elaborate/waveform_builder.hpp"

namespace cablespice::elab {

void buildWaveforms(ElabContext& context) {
    for (const auto& request : context.waveforms())
        context.sink().warning(request.origin, request.kind + " waveforms are not supported yet; the source keeps its DC value");
}

} // namespace cablespice::elab
