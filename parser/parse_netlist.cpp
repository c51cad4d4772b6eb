#include "parser/parse_netlist.hpp"

#include "parser/grammar/keyword.hpp"
#include "parser/grammar/netlist_tokenizer.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace cablespice {

namespace {

namespace fs = std::filesystem;
using grammar::equalsIgnoringCase;
using grammar::isKeyword;

// A file being read, for cycle detection. A library section is identified by file and
// section, so a library may include another section of itself.
struct OpenFile {
    std::uint32_t file = 0;
    fs::path key;          // canonical path
    std::string section;   // empty for .include and the top-level file
};

fs::path canonicalKey(const fs::path& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    if (!ec) return canonical;
    fs::path absolute = fs::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal();
}

// The file name as written: "a.cir", "\"my dir/a.cir\"" or the expression token 'a.cir'.
std::string pathText(const ast::Token& token) {
    const std::string& text = token.text;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
    return text;
}

bool isIncludeDirective(const ast::Card& card) {
    return isKeyword(card.tokens.front(), ".include") || isKeyword(card.tokens.front(), ".inc");
}

bool isLibraryDirective(const ast::Card& card) { return isKeyword(card.tokens.front(), ".lib"); }

// `.lib NAME` opens a section definition; `.lib FILE NAME` references one.
bool isSectionStart(const ast::Card& card) { return isLibraryDirective(card) && card.tokens.size() == 2; }

bool isSectionStart(const ast::Card& card, std::string_view section) {
    return isSectionStart(card) && equalsIgnoringCase(pathText(card.tokens[1]), section);
}

bool isSectionEnd(const ast::Card& card) { return isKeyword(card.tokens.front(), ".endl"); }

// Index of the `.endl` closing the section opened at `start`, or cards.size() if none.
std::size_t sectionEnd(const std::vector<ast::Card>& cards, std::size_t start) {
    for (std::size_t i = start + 1; i < cards.size(); ++i)
        if (isSectionEnd(cards[i])) return i;
    return cards.size();
}

SourceRange endOfFile(std::uint32_t file, std::string_view text) {
    std::size_t offset = text.size();
    if (offset > 0 && text.back() == '\n') --offset;
    return SourceRange{SourceLoc{file, static_cast<std::uint32_t>(offset)}, 0};
}

class IncludeExpander {
public:
    IncludeExpander(SourceManager& sources, DiagnosticSink& sink)
        : sources_(sources), sink_(sink), tokenizer_(sources, sink) {}

    ast::Netlist parseTop(std::uint32_t file) {
        ast::Netlist netlist = tokenizer_.tokenize(file, TitleLine::Present);
        if (!netlist.hasEnd) sink_.warning(endOfFile(file, sources_.text(file)), "missing .end");
        netlist.cards = expandFile(OpenFile{file, canonicalKey(sources_.path(file)), {}}, std::move(netlist.cards));
        netlist.folders[file] = sources_.path(file).parent_path();
        for (const auto& card : netlist.cards)
            if (!netlist.folders.count(card.range.begin.file))
                netlist.folders[card.range.begin.file] = sources_.path(card.range.begin.file).parent_path();
        return netlist;
    }

private:
    std::vector<ast::Card> expandFile(OpenFile open, std::vector<ast::Card> cards) {
        stack_.push_back(std::move(open));
        std::vector<ast::Card> out;
        out.reserve(cards.size());  // at least; includes add more
        for (std::size_t i = 0; i < cards.size(); ++i) {
            ast::Card& card = cards[i];
            if (isIncludeDirective(card)) includeFile(card, out);
            else if (isSectionStart(card)) i = skipSection(cards, i);
            else if (isLibraryDirective(card)) includeSection(card, out);
            else out.push_back(std::move(card));
        }
        stack_.pop_back();
        return out;
    }

    std::size_t skipSection(const std::vector<ast::Card>& cards, std::size_t start) {
        std::size_t end = sectionEnd(cards, start);
        if (end == cards.size()) reportMissingEndl(cards[start]);
        return end;
    }

    void includeFile(const ast::Card& card, std::vector<ast::Card>& out) {
        if (card.tokens.size() != 2) {
            sink_.error(card.range, "expected one file name after '" + card.tokens.front().text + "'");
            return;
        }
        std::optional<OpenFile> open = openReferenced(card, card.tokens[1], {});
        if (!open) return;
        ast::Netlist included = tokenizer_.tokenize(open->file, TitleLine::Absent);
        splice(out, expandFile(std::move(*open), std::move(included.cards)));
    }

    void includeSection(const ast::Card& card, std::vector<ast::Card>& out) {
        if (card.tokens.size() != 3) {
            sink_.error(card.range, "expected a file name and a section name after '" + card.tokens.front().text + "'");
            return;
        }
        const ast::Token& sectionToken = card.tokens[2];
        std::string section = pathText(sectionToken);
        std::optional<OpenFile> open = openReferenced(card, card.tokens[1], section);
        if (!open) return;
        std::vector<ast::Card> cards = tokenizer_.tokenize(open->file, TitleLine::Absent).cards;
        auto start = std::find_if(cards.begin(), cards.end(), [&](const ast::Card& c) { return isSectionStart(c, section); });
        if (start == cards.end()) {
            sink_.error(sectionToken.range,
                        "library section '" + section + "' not found in '" + sources_.name(open->file) + "'");
            return;
        }
        auto startIndex = static_cast<std::size_t>(start - cards.begin());
        std::size_t end = sectionEnd(cards, startIndex);
        if (end == cards.size()) reportMissingEndl(*start);
        std::vector<ast::Card> body(std::make_move_iterator(start + 1),
                                    std::make_move_iterator(cards.begin() + static_cast<std::ptrdiff_t>(end)));
        splice(out, expandFile(std::move(*open), std::move(body)));
    }

    // Resolves the path of a directive relative to the current file, refuses cycles and
    // loads the file. Errors point at the path token.
    std::optional<OpenFile> openReferenced(const ast::Card& directive, const ast::Token& pathToken,
                                           const std::string& section) {
        std::string written = pathText(pathToken);
        if (written.empty()) {
            sink_.error(pathToken.range, "empty file name");
            return std::nullopt;
        }
        fs::path resolved = sources_.path(stack_.back().file).parent_path() / fs::path(written);
        fs::path key = canonicalKey(resolved);
        if (auto cycle = findCycle(key, section)) {
            sink_.error(pathToken.range, "include cycle: " + describeCycle(*cycle, resolved, section));
            return std::nullopt;
        }
        std::string message;
        std::optional<std::uint32_t> file = sources_.addFile(resolved, directive.range.begin, message);
        if (!file) {
            sink_.error(pathToken.range, message);
            return std::nullopt;
        }
        return OpenFile{*file, std::move(key), section};
    }

    std::optional<std::size_t> findCycle(const fs::path& key, const std::string& section) const {
        for (std::size_t i = 0; i < stack_.size(); ++i)
            if (stack_[i].key == key && equalsIgnoringCase(stack_[i].section, section)) return i;
        return std::nullopt;
    }

    // "a.cir -> b.cir -> a.cir"; library sections show as "models.lib(tt)".
    std::string describeCycle(std::size_t from, const fs::path& resolved, const std::string& section) const {
        std::string chain;
        for (std::size_t i = from; i < stack_.size(); ++i)
            chain += describeFile(sources_.name(stack_[i].file), stack_[i].section) + " -> ";
        return chain + describeFile(resolved.string(), section);
    }

    static std::string describeFile(const std::string& name, const std::string& section) {
        return section.empty() ? name : name + "(" + section + ")";
    }

    void reportMissingEndl(const ast::Card& sectionStart) {
        sink_.error(sectionStart.range, "missing .endl for library section '" + pathText(sectionStart.tokens[1]) + "'");
    }

    static void splice(std::vector<ast::Card>& out, std::vector<ast::Card> cards) {
        out.insert(out.end(), std::make_move_iterator(cards.begin()), std::make_move_iterator(cards.end()));
    }

    SourceManager& sources_;
    DiagnosticSink& sink_;
    NetlistTokenizer tokenizer_;
    std::vector<OpenFile> stack_;
};

} // namespace

ast::Netlist parseNetlist(SourceManager& sources, std::uint32_t file, DiagnosticSink& sink) {
    return IncludeExpander(sources, sink).parseTop(file);
}

ast::Netlist parseNetlistText(SourceManager& sources, std::string name, std::string text, DiagnosticSink& sink) {
    std::uint32_t file = sources.addBuffer(std::move(name), std::move(text));
    return parseNetlist(sources, file, sink);
}

} // namespace cablespice
