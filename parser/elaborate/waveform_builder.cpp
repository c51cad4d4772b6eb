#include "parser/elaborate/waveform_builder.hpp"

#include "solver/sources/waveform_factory.hpp"

namespace cablespice::elab {

namespace {

// SPICE takes missing PULSE/SIN/EXP fields from the (first) .tran card.
solver::WaveformContext tranContext(const Deck& deck) {
    for (const auto& analysis : deck.analyses)
        if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind))
            return solver::WaveformContext{tran->tstep, tran->tstop};
    return {};
}

solver::PwlOptions pwlOptions(const WaveformRequest& request) {
    solver::PwlOptions options;
    if (auto r = request.named.find("r"); r != request.named.end()) options.repeatFrom = r->second;
    if (auto td = request.named.find("td"); td != request.named.end()) options.delaySeconds = td->second;
    return options;
}

} // namespace

void buildWaveforms(ElabContext& context) {
    auto tran = tranContext(context.deck());
    for (const auto& request : context.waveforms()) {
        auto kind = solver::waveformKindFromName(request.kind);
        if (!kind) {
            context.sink().error(request.origin, request.kind + " waveforms are not supported yet");
            continue;
        }
        if (!request.named.empty() && *kind != solver::WaveformKind::Pwl) {
            context.sink().error(request.origin, "r= and td= apply to PWL waveforms only");
            continue;
        }
        auto result = solver::makeWaveform(*kind, request.arguments, tran, pwlOptions(request));
        if (!result) {
            context.sink().error(request.origin, result.error);
            continue;
        }
        request.target->waveform = result.waveform;
    }
}

} // namespace cablespice::elab
