#include "solver/output/scratch_file.hpp"
#include "tests/solver/output/temp_directory.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <system_error>

using cablespice::solver::ScratchFile;

namespace {

std::string contents(ScratchFile& scratch) {
    std::string text;
    scratch.copyTo([&](const char* bytes, std::size_t count) { text.append(bytes, count); });
    return text;
}

// Distinct bytes so that a reordering or a lost chunk shows.
std::string pattern(std::size_t size, char salt) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 131 + static_cast<std::size_t>(salt)) % 251);
    return text;
}

} // namespace

TEST_CASE("Scratch data below the memory limit stays in memory and reads back in order", "[output][scratch]") {
    cablespice::test::TempDirectory dir;
    ScratchFile scratch(dir.path());
    scratch.write("abc", 3);
    scratch.write("defg", 4);
    CHECK_FALSE(scratch.spilled());
    CHECK(contents(scratch) == "abcdefg");
    scratch.clear();
    scratch.write("xy", 2);
    CHECK(contents(scratch) == "xy");
}

TEST_CASE("Scratch data past the memory limit spills to a file, keeps its order, and clears back to memory", "[output][scratch]") {
    cablespice::test::TempDirectory dir;
    ScratchFile scratch(dir.path());
    const std::string first = pattern(ScratchFile::kMemoryLimit - 10, 'a');
    const std::string second = pattern(100, 'b');  // crosses the limit: the memory part moves to the file first
    const std::string third = pattern(70000, 'c');  // more than one copy buffer
    scratch.write(first.data(), first.size());
    CHECK_FALSE(scratch.spilled());
    scratch.write(second.data(), second.size());
    CHECK(scratch.spilled());
    scratch.write(third.data(), third.size());
    CHECK(contents(scratch) == first + second + third);

    scratch.clear();
    CHECK_FALSE(scratch.spilled());
    scratch.write("after", 5);
    CHECK(contents(scratch) == "after");
    const std::string big = pattern(ScratchFile::kMemoryLimit + 1, 'd');  // spills into the reused, truncated file
    scratch.write(big.data(), big.size());
    CHECK(scratch.spilled());
    CHECK(contents(scratch) == "after" + big);
}

TEST_CASE("A scratch file that must spill into a missing directory throws", "[output][scratch]") {
    ScratchFile scratch("/nonexistent-cablespice-dir");
    const std::string big = pattern(ScratchFile::kMemoryLimit + 1, 'e');
    CHECK_THROWS_AS(scratch.write(big.data(), big.size()), std::system_error);
}
