#include "parser/elaborate/block_elaborator.hpp"

#include "parser/elaborate/control_cards.hpp"
#include "parser/elaborate/device_factory.hpp"
#include "parser/elaborate/literal_cards.hpp"
#include "parser/elaborate/model_cards.hpp"
#include "parser/elaborate/param_cards.hpp"
#include "parser/elaborate/subckt_instance.hpp"
#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

namespace {

// Definitions read before any element, so elements may refer to them from anywhere in the block.
bool isParamCard(const std::string& keyword) { return keyword == ".param" || keyword == ".func" || keyword == ".model"; }

// Inside a subcircuit only definitions and initial conditions (of the instance's nodes) make
// sense; analyses and outputs belong to the top.
bool allowedInSubckt(const std::string& keyword) {
    return keyword == ".model" || keyword == ".ic" || keyword == ".nodeset" || isParamCard(keyword);
}

// A .model's random functions draw per model and instance (".model:x1.rmod"), not from
// whichever owner happens to be current.
void readModelDrawing(CardReader& reader, ElabContext& context) {
    const ast::Token* name = reader.peek();
    std::string path = ".model:" + context.frame().path + "." + (name ? toLower(name->text) : std::string());
    RandomDraws::Owner owner(context.evaluationStack()->draws, path);
    readModel(reader, context);
}

// A point on a reused circuit keeps the devices of the top-level cards known invariant.
bool keptAsBuilt(const ast::Card& card, const ElabContext& context) {
    const InvariantCards* invariant = context.invariantCards();
    return invariant && context.skipsLiteralElements() && context.frame().path.empty() && invariant->contains(card);
}

// buildElement; a top-level card read without any lookup or diagnostic is learnt as invariant
// (InvariantCards), by a worker's first full elaboration already, so its later points keep it.
void buildElementLearning(const ast::Card& card, ElabContext& context) {
    InvariantCards* invariant = context.invariantCards();
    if (!invariant || !context.frame().path.empty() || !mayKeepInvariantElement(card)) return buildElement(card, context);
    const EvaluationStack& stack = *context.evaluationStack();
    const std::size_t lookups = stack.lookups;
    const std::size_t reported = context.sink().size();
    buildElement(card, context);
    if (stack.lookups == lookups && context.sink().size() == reported) invariant->add(card);
}

} // namespace

void defineBlockParams(const SubcktDefinition& block, ElabContext& context) {
    for (const char* wanted : {".param", ".func"})
        for (const auto* card : block.body) {
            if (!equalsIgnoreCase(card->tokens.front().text, wanted)) continue;
            CardReader reader = context.reader(*card);
            if (wanted == std::string_view(".param")) readParam(reader, context);
            else readFunction(reader, context);
        }
}

void defineBlockModels(const SubcktDefinition& block, ElabContext& context) {
    for (const auto* card : block.body) {
        if (!equalsIgnoreCase(card->tokens.front().text, ".model")) continue;
        CardReader reader = context.reader(*card);
        readModelDrawing(reader, context);
    }
}

void elaborateBlockCards(const SubcktDefinition& block, ElabContext& context) {
    for (const auto* card : block.body) {
        const ast::Token& head = card->tokens.front();
        if (!head.text.starts_with('.')) {
            const bool instance = !head.text.empty() && (head.text[0] == 'x' || head.text[0] == 'X');
            if (!instance && context.skipsLiteralElements() && isLiteralValueCard(*card)) continue;  // kept as built
            if (!instance && keptAsBuilt(*card, context)) continue;
            // An element's (or instance's) values draw from its own stream, per instance.
            RandomDraws::Owner owner(context.evaluationStack()->draws, context.elementName(head));
            if (instance) expandInstance(*card, context);
            else buildElementLearning(*card, context);
            continue;
        }
        std::string keyword = toLower(head.text);
        if (isParamCard(keyword)) continue;
        if (!context.frame().path.empty() && !allowedInSubckt(keyword)) {
            context.sink().error(head.range, keyword + " is not allowed inside a subcircuit definition");
            continue;
        }
        handleControlCard(*card, context);
    }
}

void elaborateBlock(const SubcktDefinition& block, ElabContext& context) {
    defineBlockParams(block, context);
    defineBlockModels(block, context);
    elaborateBlockCards(block, context);
}

} // namespace cablespice::elab
