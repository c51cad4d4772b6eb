#include "apps/engine/recorded_unknowns.hpp"

#include "parser/elaborate/vector_locator.hpp"

#include <algorithm>

namespace cablespice::app {

namespace {

class ReadUnknowns {
public:
    explicit ReadUnknowns(const solver::Circuit& circuit) : circuit_(circuit) {}

    void add(const elab::OutputVector& vector) {
        if (vector.first == "*") everything_ = true;
        if (everything_) return;
        if (vector.expression) {
            elab::OutputVector located = vector;
            if (elab::locateExpressionCalls(located, circuit_)) return;
            for (const auto& probe : located.expressionProbes) add(probe);
            return;
        }
        auto probe = elab::locateVector(vector, circuit_);
        if (const auto* found = std::get_if<elab::VectorProbe>(&probe)) add(*found);
    }
    void add(const std::vector<elab::OutputVector>& vectors) {
        for (const auto& vector : vectors) add(vector);
    }
    void add(const std::optional<elab::MeasureExpression>& expression) {
        if (!expression) return;
        for (const auto& call : expression->vectors) add(elab::outputVectorOf(call));
    }
    void add(const std::optional<elab::MeasureEvent>& event) {
        if (!event) return;
        add(event->lhs);
        add(event->rhs);
    }

    std::optional<std::vector<solver::Unknown>> sorted() && {
        if (everything_) return std::nullopt;
        std::sort(unknowns_.begin(), unknowns_.end());
        unknowns_.erase(std::unique(unknowns_.begin(), unknowns_.end()), unknowns_.end());
        return std::move(unknowns_);
    }

private:
    void add(const elab::VectorProbe& probe) {
        for (auto u : elab::unknownsRead(probe)) unknowns_.push_back(u);
    }

    const solver::Circuit& circuit_;
    std::vector<solver::Unknown> unknowns_{solver::kGround};
    bool everything_ = false;
};

} // namespace

std::optional<std::vector<solver::Unknown>> recordedUnknowns(const elab::Deck& deck,
                                                              std::span<const elab::OutputVector> alsoRead) {
    if (deck.saves.empty() || !deck.circuit) return std::nullopt;
    ReadUnknowns read(*deck.circuit);
    read.add(deck.saves);
    for (const auto& request : deck.prints) read.add(request.items);
    for (const auto& request : deck.plots) read.add(request.items);
    for (const auto& four : deck.fourier) read.add(four.vectors);
    for (const auto& wave : deck.waves) read.add(wave.vectors);
    for (const auto& measure : deck.measures) {
        read.add(measure.target);
        read.add(measure.when);
        read.add(measure.trig);
        read.add(measure.targ);
        read.add(measure.pass);
    }
    for (const auto& vector : alsoRead) read.add(vector);
    return std::move(read).sorted();
}

} // namespace cablespice::app
