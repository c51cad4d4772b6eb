#include "apps/cablespice/gnuplot_script.hpp"

#include "parser/elaborate/text_util.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace cablespice::app {

namespace {

// gnuplot single-quoted strings take everything literally except '' (one quote).
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        if (c != '\n' && c != '\r') out += c;
    }
    return out + "'";
}

// noenhanced: node names like o_ideal must not turn into subscripts. A gnuplot built without
// cairo has no pngcairo; the libgd png terminal then draws the same figure.
const char* terminalLine(PlotFormat format) {
    return format == PlotFormat::Svg ? "set terminal svg size 900,560 dynamic noenhanced font 'sans,12' background 'white'\n"
                                     : "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
                                       "  set terminal pngcairo size 900,560 noenhanced font 'sans,10'\n"
                                       "} else {\n"
                                       "  set terminal png size 900,560 noenhanced\n"
                                       "}\n";
}

void appendData(std::string& script, std::size_t index, const PlotCurve& curve) {
    auto out = std::back_inserter(script);
    fmt::format_to(out, "$d{} << EOD\n", index);
    for (std::size_t p = 0; p < curve.x.size() && p < curve.y.size(); ++p) {
        // Non-finite values (dB of an exact zero) become gaps in the line.
        if (std::isfinite(curve.y[p])) fmt::format_to(out, "{:.17g} {:.17g}\n", curve.x[p], curve.y[p]);
        else fmt::format_to(out, "{:.17g} NaN\n", curve.x[p]);
    }
    script += "EOD\n";
}

} // namespace

std::optional<PlotFormat> plotFormatFor(const std::filesystem::path& path) {
    std::string extension = elab::toLower(path.extension().string());
    if (extension == ".svg") return PlotFormat::Svg;
    if (extension == ".png") return PlotFormat::Png;
    return std::nullopt;
}

std::string gnuplotScript(const PlotFigure& figure, PlotFormat format) {
    std::string script = terminalLine(format);
    auto out = std::back_inserter(script);
    fmt::format_to(out, "set title {}\nset xlabel {}\nset ylabel {}\n", quoted(figure.title), quoted(figure.xLabel),
                   quoted(figure.yLabel));
    // x spans exactly the analysis; y keeps a margin so flat curves do not sit on the border.
    script += "set grid\nset key outside right top\nset datafile missing NaN\n"
              "set autoscale xfix\nset offsets graph 0, 0, 0.05, 0.05\n";
    if (figure.logX) script += "set logscale x\nset format x '%g'\n";
    for (std::size_t i = 0; i < figure.curves.size(); ++i) appendData(script, i + 1, figure.curves[i]);
    script += "plot ";
    for (std::size_t i = 0; i < figure.curves.size(); ++i)
        fmt::format_to(out, "{}$d{} using 1:2 with lines linewidth 1.5 title {}", i == 0 ? "" : ", \\\n     ", i + 1,
                       quoted(figure.curves[i].title));
    script += "\n";
    return script;
}

} // namespace cablespice::app
