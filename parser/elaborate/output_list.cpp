#include "parser/elaborate/output_list.hpp"

#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/output_cards.hpp"
#include "parser/grammar/netlist_tokenizer.hpp"
#include "parser/source/source_manager.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cablespice::elab {

namespace {

// What the list card starts with: the tokenizer reads the items as it reads a .plot card's,
// and no item can be taken for a title, a comment or a continuation line.
constexpr std::string_view kListCard = ".plot ";

std::string quoted(std::string_view text, std::string_view message) { return fmt::format("'{}': {}", text, message); }

// "'ITEM': the first error's message".
std::string quoted(std::string_view text, const DiagnosticSink& sink) {
    const auto& diagnostics = sink.diagnostics();
    auto error = std::find_if(diagnostics.begin(), diagnostics.end(),
                              [](const Diagnostic& d) { return d.severity == Severity::Error; });
    return quoted(text, error->message);
}

// The text of tokens [first, last) as written.
std::string_view spelled(std::string_view buffer, const ast::Card& card, std::size_t first, std::size_t last) {
    const std::uint32_t begin = card.tokens[first].range.begin.offset;
    return buffer.substr(begin, card.tokens[last - 1].range.endOffset() - begin);
}

} // namespace

std::variant<std::vector<OutputVector>, std::string> readOutputList(std::string_view list) {
    std::string text(kListCard);
    text += list;
    std::replace(text.begin(), text.end(), '\n', ' ');  // one card, whatever the shell passed
    SourceManager sources;
    const std::uint32_t file = sources.addBuffer("list", text);
    DiagnosticSink sink;
    ast::Netlist netlist = NetlistTokenizer(sources, sink).tokenize(file, TitleLine::Absent);
    if (sink.hasErrors()) return quoted(list, sink);
    if (netlist.cards.empty()) return quoted(list, "not a list of vectors");
    const ast::Card& card = netlist.cards.front();
    CardReader reader(card, sink);  // at the first item, past the card's keyword
    std::vector<OutputVector> items;
    while (!reader.atEnd()) {
        if (reader.takeIf(ast::TokenKind::Comma)) continue;
        const std::size_t first = reader.position();
        readOutputItem(reader, nullptr, BareNames::Any, items, sink);
        if (sink.hasErrors())
            return quoted(spelled(sources.text(file), card, first, reader.position()), sink);
    }
    if (items.empty()) return std::string("no vector given: write vdb(out), v(a,b), i(v1), db(v(a,b)) or a name such as cmrr");
    return items;
}

} // namespace cablespice::elab
