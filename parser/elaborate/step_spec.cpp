#include "parser/elaborate/step_spec.hpp"

#include <fmt/format.h>

namespace cablespice::elab {

std::string StepPoint::label() const {
    std::string text;
    for (const auto& [spec, value] : values) {
        if (!text.empty()) text += ' ';
        text += fmt::format("{}={:.6g}", spec->name, value);
    }
    return text;
}

std::vector<StepPoint> stepPoints(const std::vector<StepSpec>& steps) {
    std::vector<StepPoint> points{StepPoint{}};
    for (const auto& step : steps) {
        std::vector<StepPoint> expanded;
        expanded.reserve(points.size() * step.values.size());
        for (const auto& point : points)
            for (double value : step.values) {
                StepPoint next = point;
                next.values.emplace_back(&step, value);
                expanded.push_back(std::move(next));
            }
        points = std::move(expanded);
    }
    return points;
}

} // namespace cablespice::elab
