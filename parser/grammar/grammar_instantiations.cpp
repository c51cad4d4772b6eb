#include "parser/grammar/netlist_grammar.hpp"
#include "parser/grammar/netlist_grammar_def.hpp"

// The only place the card grammar is compiled (keeps X3 compile time in one unit).
namespace cablespice::grammar {

BOOST_SPIRIT_INSTANTIATE(CardRule, Iterator, Context)

} // namespace cablespice::grammar
