// The gnuplot script for one figure: quoting, inline data, gaps for non-finite values, axes.
#include "apps/cablespice/gnuplot_script.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace cablespice::app;

TEST_CASE("gnuplot script: quoted titles and one datablock and plot item per curve", "[app][plot]") {
    PlotFigure figure{"it's a title", "frequency (Hz)", "dB", true, {}};
    figure.curves.push_back({"vdb(out) dr=10", {10, 100}, {-3, std::numeric_limits<double>::infinity()}});
    figure.curves.push_back({"o'clock", {10}, {1.5}});
    std::string script = gnuplotScript(figure, PlotFormat::Svg);
    CHECK(script.starts_with("set terminal svg"));
    CHECK(script.find("set title 'it''s a title'") != std::string::npos);
    CHECK(script.find("set logscale x") != std::string::npos);
    CHECK(script.find("$d1 << EOD\n10 -3\n100 NaN\nEOD\n") != std::string::npos);  // -inf dB (a zero) is a gap
    CHECK(script.find("$d2 << EOD\n10 1.5\nEOD\n") != std::string::npos);
    CHECK(script.find("$d1 using 1:2 with lines linewidth 1.5 title 'vdb(out) dr=10'") != std::string::npos);
    CHECK(script.find("title 'o''clock'") != std::string::npos);

    figure.logX = false;
    std::string png = gnuplotScript(figure, PlotFormat::Png);
    CHECK(png.find("set terminal pngcairo") != std::string::npos);
    CHECK(png.find("set terminal png size") != std::string::npos);  // fallback without cairo
    CHECK(png.find("logscale") == std::string::npos);
}

TEST_CASE("plot format from the file extension", "[app][plot]") {
    CHECK(plotFormatFor("a/b.svg") == PlotFormat::Svg);
    CHECK(plotFormatFor("b.PNG") == PlotFormat::Png);
    CHECK_FALSE(plotFormatFor("b.pdf").has_value());
    CHECK_FALSE(plotFormatFor("svg").has_value());
}
