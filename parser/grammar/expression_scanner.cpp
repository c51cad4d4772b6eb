#include "parser/grammar/expression_scanner.hpp"

#include "parser/grammar/char_classes.hpp"
#include "parser/grammar/skipper.hpp"

#include <cstddef>
#include <utility>

namespace cablespice::grammar {

namespace {

class ExpressionScan {
public:
    ExpressionScan(const char* first, const char* last)
        : open_(first), cursor_(first + 1), last_(last), close_(*first == '{' ? '}' : '\'') {}

    RawToken run(const char*& first) {
        const char* pieceBegin = cursor_;
        while (cursor_ != last_) {
            char c = *cursor_;
            if (c == '\n') {
                appendPiece(pieceBegin, cursor_);
                if (!skipContinuation()) break;
                token_.expressionText.push_back(' ');
                pieceBegin = cursor_;
                continue;
            }
            if (isInvalidByte(static_cast<unsigned char>(c))) noteInvalid();
            ++cursor_;
            if (closes(c)) {
                appendPiece(pieceBegin, cursor_ - 1);
                return finish(first, RawKind::Expression, cursor_);
            }
        }
        if (cursor_ == last_) appendPiece(pieceBegin, cursor_);
        return finish(first, RawKind::UnterminatedExpression, open_ + 1);
    }

private:
    bool closes(char c) {
        if (close_ == '}' && c == '{') ++depth_;
        return c == close_ && --depth_ == 0;
    }

    bool skipContinuation() {
        const char* next = continuationEnd(cursor_, last_);
        if (!next) return false;
        cursor_ = next;
        return true;
    }

    void noteInvalid() {
        auto& runs = token_.invalidRuns;
        if (!runs.empty() && runs.back().last == cursor_) {
            runs.back().last = cursor_ + 1;
            return;
        }
        runs.push_back(ByteSpan{cursor_, cursor_ + 1});
    }

    void appendPiece(const char* begin, const char* end) {
        if (end != begin && end[-1] == '\r' && (end == last_ || *end == '\n')) --end;
        token_.expressionText.append(begin, end);
    }

    RawToken finish(const char*& first, RawKind kind, const char* tokenEnd) {
        token_.kind = kind;
        token_.first = open_;
        token_.last = tokenEnd;
        first = cursor_;
        return std::move(token_);
    }

    const char* open_;
    const char* cursor_;
    const char* last_;
    char close_;
    std::size_t depth_ = 1;
    RawToken token_;
};

} // namespace

RawToken scanExpression(const char*& first, const char* last) { return ExpressionScan(first, last).run(first); }

} // namespace cablespice::grammar
