#include "parser/elaborate/output_problems.hpp"

namespace cablespice::elab {

void reportOutputProblems(DiagnosticSink& itemSink, ElabContext& context, std::string_view leftOut) {
    for (auto& diagnostic : itemSink.take()) {
        if (diagnostic.severity == Severity::Error && !context.strictOutputs()) {
            diagnostic.severity = Severity::Warning;
            diagnostic.message += "; ";
            diagnostic.message += leftOut;
        }
        context.sink().report(std::move(diagnostic));
    }
}

} // namespace cablespice::elab
