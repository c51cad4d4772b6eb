#include "parser/grammar/netlist_tokenizer.hpp"

#include "parser/grammar/char_classes.hpp"
#include "parser/grammar/keyword.hpp"
#include "parser/grammar/netlist_grammar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace cablespice {

namespace {

using grammar::RawKind;
using grammar::RawToken;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

ast::TokenKind tokenKind(RawKind kind) {
    switch (kind) {
    case RawKind::Equals: return ast::TokenKind::Equals;
    case RawKind::LParen: return ast::TokenKind::LParen;
    case RawKind::RParen: return ast::TokenKind::RParen;
    case RawKind::Comma: return ast::TokenKind::Comma;
    case RawKind::Expression: return ast::TokenKind::Expression;
    default: return ast::TokenKind::Word;
    }
}

// Tokenizes one buffer; lives for one tokenize() call.
class FileScan {
public:
    FileScan(const SourceManager& sources, DiagnosticSink& sink, std::uint32_t file) : sink_(sink), file_(file) {
        std::string_view text = sources.text(file);
        begin_ = text.data();
        end_ = begin_ + text.size();
        cursor_ = begin_;
    }

    ast::Netlist run(TitleLine titleLine) {
        // At most one card a line: the cards never move while the deck is read.
        netlist_.cards.reserve(static_cast<std::size_t>(std::count(begin_, end_, '\n')) + 1);
        skipByteOrderMark();
        if (titleLine == TitleLine::Present) readTitle();
        while (!stopped_ && startNextCard()) readCard();
        return std::move(netlist_);
    }

private:
    // --- positions and diagnostics ---

    SourceRange rangeOf(const char* first, const char* last) const {
        return SourceRange{SourceLoc{file_, offsetOf(first)}, static_cast<std::uint32_t>(last - first)};
    }
    std::uint32_t offsetOf(const char* p) const { return static_cast<std::uint32_t>(p - begin_); }

    void error(SourceRange range, std::string message) {
        if (errorCount_ > NetlistTokenizer::kMaxErrorsPerFile) return;
        if (errorCount_++ == NetlistTokenizer::kMaxErrorsPerFile) {
            sink_.report(Diagnostic{Severity::Note, range, "too many errors in this file; skipping the rest of it", {}});
            stopped_ = true;
            return;
        }
        sink_.error(range, std::move(message));
    }

    // --- line structure ---

    void skipByteOrderMark() {
        if (std::string_view(begin_, static_cast<std::size_t>(end_ - begin_)).starts_with(kByteOrderMark))
            cursor_ += kByteOrderMark.size();
    }

    const char* endOfLine(const char* p) const {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end_ - p));
        return newline ? static_cast<const char*>(newline) : end_;
    }

    void skipLine() {
        const char* eol = endOfLine(cursor_);
        cursor_ = eol == end_ ? end_ : eol + 1;
    }

    void skipBlanks() {
        while (cursor_ != end_ && grammar::isBlank(static_cast<unsigned char>(*cursor_))) ++cursor_;
    }

    bool startsComment(const char* p) const { return *p == '*' || *p == ';' || grammar::startsDollarComment(p, end_); }

    void readTitle() {
        const char* eol = endOfLine(cursor_);
        const char* titleEnd = eol != cursor_ && eol[-1] == '\r' ? eol - 1 : eol;
        netlist_.title.assign(cursor_, titleEnd);
        netlist_.titleRange = rangeOf(cursor_, titleEnd);
        cursor_ = eol == end_ ? end_ : eol + 1;
    }

    // Moves to the first byte of the next card, past blank and comment lines. A '+' line
    // here has no card to continue: it is reported and its tokens are dropped.
    bool startNextCard() {
        while (!stopped_) {
            skipBlanks();
            if (cursor_ == end_) return false;
            if (*cursor_ == '\n' || startsComment(cursor_)) {
                skipLine();
                continue;
            }
            if (*cursor_ != '+') return true;
            error(rangeOf(cursor_, cursor_ + 1), "continuation line '+' without a card to continue");
            ++cursor_;
            if (cursor_ != end_ && *cursor_ != '\n') parseRawCard();
        }
        return false;
    }

    // --- cards ---

    // The card's raw tokens, in a buffer reused from card to card.
    std::vector<RawToken>& parseRawCard() {
        std::vector<RawToken>& raw = raw_;
        raw.clear();
        const char* start = cursor_;
        bool parsed = boost::spirit::x3::phrase_parse(cursor_, end_, grammar::card, grammar::skipper, raw);
        if (parsed && cursor_ != start && (cursor_ == end_ || *cursor_ == '\n')) return raw;
        // Unreachable by construction of the grammar; kept so no input can loop forever.
        error(rangeOf(cursor_, cursor_ == end_ ? cursor_ : cursor_ + 1), "unexpected character");
        skipLine();
        return raw;
    }

    void readCard() {
        ast::Card card = buildCard(parseRawCard());
        if (stopped_ || card.tokens.empty()) return;
        const ast::Token& first = card.tokens.front();
        if (grammar::isKeyword(first, ".end")) {
            netlist_.hasEnd = true;
            stopped_ = true;
            return;
        }
        if (grammar::isKeyword(first, ".control")) {
            skipControlBlock(card);
            return;
        }
        netlist_.cards.push_back(std::move(card));
    }

    ast::Card buildCard(std::vector<RawToken>& raw) {
        ast::Card card;
        card.tokens.reserve(raw.size());
        std::vector<SourceRange> openParens;
        for (RawToken& token : raw) {
            reportInvalidRuns(token);
            if (isMalformed(token)) continue;
            SourceRange range = rangeOf(token.first, token.last);
            if (token.kind == RawKind::LParen) openParens.push_back(range);
            if (token.kind == RawKind::RParen && !closeParen(openParens)) error(range, "unmatched ')'");
            card.tokens.push_back(makeToken(std::move(token)));
        }
        for (SourceRange open : openParens) error(open, "unmatched '('");
        if (!card.tokens.empty()) card.range = cover(card.tokens.front().range, card.tokens.back().range);
        return card;
    }

    static bool closeParen(std::vector<SourceRange>& openParens) {
        if (openParens.empty()) return false;
        openParens.pop_back();
        return true;
    }

    ast::Token makeToken(RawToken&& token) const {
        ast::Token out;
        out.kind = tokenKind(token.kind);
        out.range = rangeOf(token.first, token.last);
        if (token.kind == RawKind::Expression) out.text = std::move(token.expressionText);
        else out.text.assign(token.first, token.last);
        return out;
    }

    // Reports a malformed token; returns true if it must not reach the card.
    bool isMalformed(const RawToken& token) {
        SourceRange range = rangeOf(token.first, token.last);
        switch (token.kind) {
        case RawKind::InvalidBytes: error(range, invalidCharacterMessage(*token.first)); return true;
        case RawKind::StrayBrace: error(range, "unmatched '}'"); return true;
        case RawKind::UnterminatedExpression: error(range, unterminatedMessage(*token.first)); return true;
        default: return false;
        }
    }

    void reportInvalidRuns(const RawToken& token) {
        for (const grammar::ByteSpan& run : token.invalidRuns)
            error(rangeOf(run.first, run.last), invalidCharacterMessage(*run.first));
    }

    static std::string invalidCharacterMessage(char byte) {
        return fmt::format("invalid character 0x{:02X}", static_cast<unsigned char>(byte));
    }

    static std::string unterminatedMessage(char open) {
        return open == '{' ? "unterminated expression, missing '}'" : "unterminated expression, missing '''";
    }

    // --- .control blocks ---

    // ngspice's interactive commands (run, plot, print, let, ...): cablespice runs the deck's
    // own analyses and output cards instead, so the block is skipped and its commands named.
    void skipControlBlock(const ast::Card& control) {
        std::vector<std::string> commands;
        while (cursor_ != end_) {
            skipLine();
            skipBlanks();
            if (startsEndc(cursor_)) {
                skipLine();
                warnControlIgnored(control, commands, "");
                return;
            }
            addCommand(commands);
        }
        warnControlIgnored(control, commands, "; it has no .endc, so the rest of the file is ignored");
    }

    // The first word of the line at the cursor, once per distinct command (comments skipped).
    void addCommand(std::vector<std::string>& commands) const {
        const char* last = cursor_;
        while (last != end_ && *last != '\n' && !grammar::isBlank(static_cast<unsigned char>(*last))) ++last;
        if (last == cursor_ || startsComment(cursor_)) return;
        std::string command(cursor_, last);
        for (char& c : command) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::find(commands.begin(), commands.end(), command) == commands.end()) commands.push_back(std::move(command));
    }

    void warnControlIgnored(const ast::Card& control, const std::vector<std::string>& commands, std::string_view tail) {
        std::string message = ".control block ignored (cablespice runs the netlist's analyses and output cards)";
        if (!commands.empty()) {
            message += "; it would have run:";
            for (std::size_t i = 0; i < commands.size(); ++i) message += (i ? ", " : " ") + commands[i];
        }
        sink_.warning(control.tokens.front().range, message + std::string(tail));
    }

    bool startsEndc(const char* p) const {
        std::string_view rest(p, static_cast<std::size_t>(end_ - p));
        if (rest.size() < 5 || !grammar::equalsIgnoringCase(rest.substr(0, 5), ".endc")) return false;
        if (rest.size() == 5) return true;
        unsigned char next = static_cast<unsigned char>(rest[5]);
        return next == '\n' || next == ';' || grammar::isBlank(next);
    }

    DiagnosticSink& sink_;
    std::uint32_t file_;
    const char* begin_ = nullptr;
    const char* end_ = nullptr;
    const char* cursor_ = nullptr;
    std::size_t errorCount_ = 0;
    bool stopped_ = false;
    ast::Netlist netlist_;
    std::vector<RawToken> raw_;
};

} // namespace

NetlistTokenizer::NetlistTokenizer(const SourceManager& sources, DiagnosticSink& sink)
    : sources_(sources), sink_(sink) {}

ast::Netlist NetlistTokenizer::tokenize(std::uint32_t file, TitleLine titleLine) {
    return FileScan(sources_, sink_, file).run(titleLine);
}

} // namespace cablespice
