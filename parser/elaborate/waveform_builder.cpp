#include "parser/elaborate/waveform_builder.hpp"

#include "solver/sources/counter_random.hpp"
#include "solver/sources/scaled_waveform.hpp"
#include "solver/sources/waveform_factory.hpp"

#include <algorithm>

namespace cablespice::elab {

namespace {

// SPICE takes missing PULSE/SIN/EXP fields from the (first) .tran card.
solver::WaveformContext tranContext(const Deck& deck) {
    for (const auto& analysis : deck.analyses)
        if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind))
            return solver::WaveformContext{tran->tstep, tran->tstop};
    return {};
}

// How far any transient run goes: the random sources precompute their draws up to there.
double longestTranStop(const Deck& deck) {
    double stop = 0.0;
    for (const auto& analysis : deck.analyses)
        if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) stop = std::max(stop, tran->tstop);
    return stop;
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
    const double horizon = longestTranStop(context.deck());
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
        // The DC value the random sources add to, before an instance's m= scales the whole waveform.
        solver::RandomSourceOptions random{context.deck().options.seed, solver::CounterRandom::streamOf(request.element),
                                           request.target->dc / request.scale, horizon};
        auto result = solver::makeWaveform(*kind, request.arguments, tran, pwlOptions(request), random);
        if (!result) {
            context.sink().error(request.origin, result.error);
            continue;
        }
        request.target->waveform = request.scale == 1.0 ? result.waveform
                                                        : std::make_shared<solver::ScaledWaveform>(result.waveform, request.scale);
    }
}

} // namespace cablespice::elab
