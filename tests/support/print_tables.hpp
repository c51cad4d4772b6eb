#pragma once
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cablespice::testing {

// One `.print` table: column name -> values (rows in order).
using PrintTable = std::map<std::string, std::vector<double>>;

inline double dB(double x) { return 20.0 * std::log10(std::abs(x)); }

// One printed number; unlike std::stod, a subnormal value (a wave's front, 1e-320) is a number.
inline double printedNumber(const std::string& word) {
    char* end = nullptr;
    const double value = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0') throw std::invalid_argument("not a number: " + word);
    return value;
}

// Every `.print` table of a run, in order (one per analysis and .step point).
inline std::vector<PrintTable> printTables(const std::string& out) {
    std::vector<PrintTable> tables;
    std::istringstream lines(out);
    std::string line;
    std::vector<std::string> header;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::vector<std::string> words;
        for (std::string w; fields >> w;) words.push_back(w);
        if (!words.empty() && words[0] == "Index") {
            header = words;
            tables.emplace_back();
            continue;
        }
        if (header.empty() || words.size() != header.size() ||
            words[0].find_first_not_of("0123456789") != std::string::npos) {
            header.clear();
            continue;
        }
        for (std::size_t i = 0; i < words.size(); ++i) tables.back()[header[i]].push_back(printedNumber(words[i]));
    }
    return tables;
}

} // namespace cablespice::testing
