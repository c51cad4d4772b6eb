#pragma once
#include <string>
#include <vector>

namespace cablespice::grammar {

// What the token grammar recognises, including the malformed pieces that the tokenizer
// turns into diagnostics (so a bad byte never stops the scan).
enum class RawKind {
    Word,
    Equals,
    LParen,
    RParen,
    Comma,
    Expression,              // {...} or '...'
    UnterminatedExpression,  // '{' or '\'' without its closing delimiter in the card
    StrayBrace,              // '}' with no '{'
    InvalidBytes,            // a run of control bytes or bytes >= 0x80
};

struct ByteSpan {
    const char* first = nullptr;
    const char* last = nullptr;
};

// A token as pointers into the original buffer.
struct RawToken {
    RawKind kind = RawKind::Word;
    const char* first = nullptr;  // for UnterminatedExpression: the opening delimiter only
    const char* last = nullptr;
    std::string expressionText;        // inside of an expression, continuations joined by a space
    std::vector<ByteSpan> invalidRuns;  // invalid bytes found inside an expression
};

} // namespace cablespice::grammar
