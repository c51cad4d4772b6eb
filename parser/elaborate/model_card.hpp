#pragma once
#include "solver/support/source_range.hpp"

#include <map>
#include <string>
#include <vector>

namespace cablespice::elab {

// A .model card: NAME TYPE (param=value ...). A parameter may hold a list of numbers
// (CPL's R=, L=, G=, C= matrices are given as upper triangles) or, for the few keyword
// parameters a model type declares (cable's TYPE=PAIR|COAX), one word.
struct ModelParam {
    std::vector<double> values;
    SourceRange origin;  // the parameter name
    std::string word;    // lower-case keyword value; empty for numeric parameters
    SourceRange valueRange;  // the value (keyword parameters)
};

struct ModelCard {
    std::string name;  // lower-case
    std::string type;  // lower-case, e.g. "cpl", "cable"
    std::map<std::string, ModelParam> params;  // lower-case names
    SourceRange origin;  // the whole card
    SourceRange typeRange;
};

} // namespace cablespice::elab
