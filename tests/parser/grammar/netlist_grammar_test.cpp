#include "parser/grammar/netlist_grammar.hpp"
#include "parser/grammar/netlist_tokenizer.hpp"

#include "tests/parser/support/parse_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace cablespice;
using cablespice::test::TokenizeFixture;
using Texts = std::vector<std::string>;

TEST_CASE("the first line is the title and the following lines are cards", "[parser][grammar]") {
    TokenizeFixture f("My amplifier test\nR1 in out 10k\nC1 out 0 1u\n.end\n");
    CHECK(f.netlist.title == "My amplifier test");
    CHECK(f.at(f.netlist.titleRange) == "1:1");
    CHECK(f.netlist.titleRange.length == 17);
    REQUIRE(f.netlist.cards.size() == 2);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "in", "out", "10k"});
    CHECK(test::tokenTexts(f.netlist.cards[1]) == Texts{"C1", "out", "0", "1u"});
    CHECK(f.netlist.hasEnd);
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("the title may be empty and looks like a card without being one", "[parser][grammar]") {
    TokenizeFixture f("\nR1 a b 1\n");
    CHECK(f.netlist.title.empty());
    CHECK(f.netlist.cards.size() == 1);
    TokenizeFixture g("R1 a b 1\nR2 a b 2\n");
    CHECK(g.netlist.title == "R1 a b 1");
    REQUIRE(g.netlist.cards.size() == 1);
    CHECK(g.netlist.cards[0].tokens[0].text == "R2");
}

TEST_CASE("an included file has no title line", "[parser][grammar]") {
    TokenizeFixture f("R1 a b 1\n", TitleLine::Absent);
    CHECK(f.netlist.title.empty());
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(f.at(f.netlist.cards[0].tokens[0]) == "1:1");
}

TEST_CASE("an empty buffer gives an empty netlist without diagnostics", "[parser][grammar]") {
    TokenizeFixture f("");
    CHECK(f.netlist.title.empty());
    CHECK(f.netlist.cards.empty());
    CHECK_FALSE(f.netlist.hasEnd);
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("comment lines, blank lines and inline comments are skipped", "[parser][grammar]") {
    TokenizeFixture f("t\n"
                      "* full line comment with ( and {\n"
                      "   * indented comment\n"
                      "\n"
                      "   \t\n"
                      "R1 a b 1k ; trailing comment {\n"
                      "R2 a b 2k $ ngspice comment (\n"
                      "R3 a$b c 3k$\n"
                      "; only a comment\n"
                      "$ only a comment\n"
                      "R4 a*b c 4k;tight\n");
    REQUIRE(f.netlist.cards.size() == 4);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "a", "b", "1k"});
    CHECK(test::tokenTexts(f.netlist.cards[1]) == Texts{"R2", "a", "b", "2k"});
    CHECK(test::tokenTexts(f.netlist.cards[2]) == Texts{"R3", "a$b", "c", "3k"});
    CHECK(test::tokenTexts(f.netlist.cards[3]) == Texts{"R4", "a*b", "c", "4k"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("punctuation becomes its own tokens", "[parser][grammar]") {
    TokenizeFixture f("t\nV1 in 0 SIN(0 1 1k) ac=1\n.model D1 D(is=1e-14, n=1)\n");
    REQUIRE(f.netlist.cards.size() == 2);
    const ast::Card& v = f.netlist.cards[0];
    CHECK(test::tokenTexts(v) == Texts{"V1", "in", "0", "SIN", "(", "0", "1", "1k", ")", "ac", "=", "1"});
    CHECK(v.tokens[4].kind == ast::TokenKind::LParen);
    CHECK(v.tokens[8].kind == ast::TokenKind::RParen);
    CHECK(v.tokens[10].kind == ast::TokenKind::Equals);
    const ast::Card& m = f.netlist.cards[1];
    CHECK(test::tokenTexts(m) == Texts{".model", "D1", "D", "(", "is", "=", "1e-14", ",", "n", "=", "1", ")"});
    CHECK(m.tokens[7].kind == ast::TokenKind::Comma);
    CHECK(m.tokens[0].kind == ast::TokenKind::Word);
}

TEST_CASE("continuation lines join the previous card and keep exact positions", "[parser][grammar]") {
    TokenizeFixture f("t\n"
                      "V1 in 0\n"
                      "* comment between\n"
                      "\n"
                      "  + PULSE(0 1\n"
                      "+ 1n)   ; done\n"
                      "R1 in 0 1k\n");
    REQUIRE(f.netlist.cards.size() == 2);
    const ast::Card& v = f.netlist.cards[0];
    CHECK(test::tokenTexts(v) == Texts{"V1", "in", "0", "PULSE", "(", "0", "1", "1n", ")"});
    CHECK(f.at(v.tokens[0]) == "2:1");
    CHECK(f.at(v.tokens[2]) == "2:7");
    CHECK(f.at(v.tokens[3]) == "5:5");
    CHECK(f.at(v.tokens[4]) == "5:10");
    CHECK(f.at(v.tokens[6]) == "5:13");
    CHECK(f.at(v.tokens[7]) == "6:3");
    CHECK(f.at(v.tokens[8]) == "6:5");
    CHECK(test::spelling(f.sources, v.range).starts_with("V1 in 0\n"));
    CHECK(test::spelling(f.sources, v.range).ends_with("+ 1n)"));
    CHECK(f.at(f.netlist.cards[1].tokens[0]) == "7:1");
}

TEST_CASE("every token range spells the token as written", "[parser][grammar]") {
    TokenizeFixture f("t\nXamp in out  preamp gain = {2*g}  'x+1' \"a b\"\n");
    REQUIRE(f.netlist.cards.size() == 1);
    for (const ast::Token& token : f.netlist.cards[0].tokens) {
        std::string spelled = test::spelling(f.sources, token.range);
        if (token.kind == ast::TokenKind::Expression) CHECK(spelled.substr(1, spelled.size() - 2) == token.text);
        else CHECK(spelled == token.text);
    }
    const ast::Card& card = f.netlist.cards[0];
    CHECK(card.tokens.back().text == "\"a b\"");
    CHECK(test::spelling(f.sources, card.range) == "Xamp in out  preamp gain = {2*g}  'x+1' \"a b\"");
}

TEST_CASE("CRLF line endings do not leak into tokens or the title", "[parser][grammar]") {
    TokenizeFixture f("title\r\nR1 a b 1k\r\n+ tc=1\r\n.end\r\n");
    CHECK(f.netlist.title == "title");
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "a", "b", "1k", "tc", "=", "1"});
    CHECK(f.at(f.netlist.cards[0].tokens[4]) == "3:3");
    CHECK(f.netlist.hasEnd);
}

TEST_CASE("braced and quoted expressions are single tokens holding the inside", "[parser][grammar]") {
    TokenizeFixture f("t\n.param a={ 2 * {b} } c='x*(y+1)'\n");
    REQUIRE(f.netlist.cards.size() == 1);
    const ast::Card& card = f.netlist.cards[0];
    CHECK(test::tokenTexts(card) == Texts{".param", "a", "=", " 2 * {b} ", "c", "=", "x*(y+1)"});
    CHECK(card.tokens[3].kind == ast::TokenKind::Expression);
    CHECK(card.tokens[6].kind == ast::TokenKind::Expression);
    CHECK(f.at(card.tokens[3]) == "2:10");
    CHECK(test::spelling(f.sources, card.tokens[3].range) == "{ 2 * {b} }");
    CHECK(test::spelling(f.sources, card.tokens[6].range) == "'x*(y+1)'");
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("an expression may continue on a '+' line and its text joins with a space", "[parser][grammar]") {
    TokenizeFixture f("t\nB1 out 0 v={a +\n* comment\n+ b}\n");
    REQUIRE(f.netlist.cards.size() == 1);
    const ast::Token& expr = f.netlist.cards[0].tokens.back();
    CHECK(expr.kind == ast::TokenKind::Expression);
    CHECK(expr.text == "a +  b");
    CHECK(f.at(expr) == "2:12");
    CHECK(test::spelling(f.sources, expr.range) == "{a +\n* comment\n+ b}");
}

TEST_CASE("delimiters inside expressions are not punctuation or comments", "[parser][grammar]") {
    TokenizeFixture f("t\nE1 a b {f(x, y=1) ; 2} '$ 3'\n");
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"E1", "a", "b", "f(x, y=1) ; 2", "$ 3"});
}

TEST_CASE("an unterminated brace is reported at the opening brace", "[parser][grammar]") {
    TokenizeFixture f("t\nR1 a b {1 + {2}\nR2 a b 1\n");
    CHECK(f.messages() == Texts{"2:8: unterminated expression, missing '}'"});
    REQUIRE(f.netlist.cards.size() == 2);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "a", "b"});
    CHECK(test::tokenTexts(f.netlist.cards[1]) == Texts{"R2", "a", "b", "1"});
}

TEST_CASE("an unterminated quote is reported at the opening quote", "[parser][grammar]") {
    TokenizeFixture f("t\n.param x='1+2\n");
    CHECK(f.messages() == Texts{"2:10: unterminated expression, missing '''"});
}

TEST_CASE("unbalanced parentheses are reported where they are", "[parser][grammar]") {
    TokenizeFixture f("t\nV1 a 0 SIN(0 1\n+ 1k\nV2 a 0 1)\nV3 a 0 ((1)\n.model m D is=1}\n");
    CHECK(f.messages() == Texts{"2:11: unmatched '('", "4:9: unmatched ')'", "5:8: unmatched '('", "6:16: unmatched '}'"});
    CHECK(f.netlist.cards.size() == 4);
}

TEST_CASE("a continuation line without a card before it is an error at the plus", "[parser][grammar]") {
    TokenizeFixture f("t\n  + a b\n+ c\nR1 a b 1\n");
    CHECK(f.messages() == Texts{"2:3: continuation line '+' without a card to continue"});
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(f.netlist.cards[0].tokens[0].text == "R1");
}

TEST_CASE("invalid bytes are reported with their code and scanning goes on", "[parser][grammar]") {
    std::string text = "t\nR1 a b 10\xC2\xB5\n";
    text += std::string("R2 a\0b 1\n", 9);
    text += "R3 \x01 b {x\x7F}\n";
    TokenizeFixture f(text);
    CHECK(f.messages() == Texts{"2:10: invalid character 0xC2", "3:5: invalid character 0x00",
                                "4:4: invalid character 0x01", "4:10: invalid character 0x7F"});
    REQUIRE(f.netlist.cards.size() == 3);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "a", "b", "10"});
    CHECK(test::tokenTexts(f.netlist.cards[1]) == Texts{"R2", "a", "b", "1"});
    CHECK(test::tokenTexts(f.netlist.cards[2]) == Texts{"R3", "b", "x\x7F"});
    CHECK(f.sink.diagnostics()[0].range.length == 2);
}

TEST_CASE("non-ASCII bytes in comments and the title are fine", "[parser][grammar]") {
    TokenizeFixture f("Tïtle µ\n* commentaire: 10 µF\nC1 a b 10u ; 10 µF\n");
    CHECK(f.sink.diagnostics().empty());
    CHECK(f.netlist.title == "Tïtle µ");
    CHECK(f.netlist.cards.size() == 1);
}

TEST_CASE("tab and form feed separate tokens like spaces", "[parser][grammar]") {
    TokenizeFixture f("t\nR1\ta\fb\t 1k\n");
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(test::tokenTexts(f.netlist.cards[0]) == Texts{"R1", "a", "b", "1k"});
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE("a UTF-8 byte order mark at the start is ignored", "[parser][grammar]") {
    TokenizeFixture f("\xEF\xBB\xBFR1 a b 1\n", TitleLine::Absent);
    CHECK(f.sink.diagnostics().empty());
    REQUIRE(f.netlist.cards.size() == 1);
    CHECK(f.at(f.netlist.cards[0].tokens[0]) == "1:4");
}

TEST_CASE(".end in any case ends the file and the rest is ignored", "[parser][grammar]") {
    TokenizeFixture f("t\nR1 a b 1\n.END\nthis is \x01 not parsed (\n");
    CHECK(f.netlist.hasEnd);
    CHECK(f.netlist.cards.size() == 1);
    CHECK(f.sink.diagnostics().empty());
}

TEST_CASE(".ends, .endc and .endl do not end the file", "[parser][grammar]") {
    TokenizeFixture f("t\n.subckt s a\n.ends\n.endl\n.endc\n.endx\n.end_\nR1 a b 1\n");
    CHECK_FALSE(f.netlist.hasEnd);
    CHECK(f.netlist.cards.size() == 7);
}

TEST_CASE(".control blocks are skipped with a warning naming their commands", "[parser][grammar]") {
    TokenizeFixture f("t\n.control\nrun\nplot v(out) {\n* note\nPLOT v(in)\n  .ENDC\nR1 a b 1\n.control\n.endc\nR2 a b 1\n");
    REQUIRE(f.netlist.cards.size() == 2);
    CHECK(f.netlist.cards[0].tokens[0].text == "R1");
    CHECK(f.netlist.cards[1].tokens[0].text == "R2");
    CHECK(f.messages() == Texts{"2:1: .control block ignored (cablespice runs the netlist's analyses and output cards); "
                                "it would have run: run, plot",
                                "9:1: .control block ignored (cablespice runs the netlist's analyses and output cards)"});
    CHECK(f.sink.diagnostics()[0].severity == Severity::Warning);
    CHECK_FALSE(f.sink.hasErrors());
}

TEST_CASE("a .control block without .endc swallows the rest with a warning", "[parser][grammar]") {
    TokenizeFixture f("t\n.control\nrun\nR1 a b 1\n");
    CHECK(f.netlist.cards.empty());
    CHECK(f.messages() == Texts{"2:1: .control block ignored (cablespice runs the netlist's analyses and output cards); "
                                "it would have run: run, r1; it has no .endc, so the rest of the file is ignored"});
}

TEST_CASE("errors stop after the per-file cap with a closing note", "[parser][grammar]") {
    std::string text = "t\n";
    for (int i = 0; i < 200; ++i) text += "R1 a b \x01\n";
    TokenizeFixture f(text);
    const auto& diagnostics = f.sink.diagnostics();
    REQUIRE(diagnostics.size() == NetlistTokenizer::kMaxErrorsPerFile + 1);
    CHECK(f.sink.errorCount() == NetlistTokenizer::kMaxErrorsPerFile);
    CHECK(diagnostics.back().severity == Severity::Note);
    CHECK(diagnostics.back().message.find("too many errors") != std::string::npos);
}

TEST_CASE("the card grammar stops at a line end that is not continued", "[parser][grammar]") {
    const std::string text = "R1 a b 1k ; c\n+ tc=1\nR2 c d 2\n";
    const char* first = text.data();
    const char* last = first + text.size();
    std::vector<grammar::RawToken> tokens;
    REQUIRE(boost::spirit::x3::phrase_parse(first, last, grammar::card, grammar::skipper, tokens));
    CHECK(tokens.size() == 7);
    CHECK(std::string(first, last) == "\nR2 c d 2\n");
}
