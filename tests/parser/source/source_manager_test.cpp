#include "parser/source/source_manager.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using cablespice::SourceLoc;
using cablespice::SourceManager;

namespace {
std::string lineCol(const SourceManager& sources, std::uint32_t file, std::uint32_t offset) {
    SourceManager::LineCol position = sources.lineCol(SourceLoc{file, offset});
    return std::to_string(position.line) + ":" + std::to_string(position.column);
}

std::filesystem::path writeTempFile(const std::string& name, const std::string& bytes) {
    auto dir = std::filesystem::temp_directory_path() / "cablespice_source_manager_test";
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}
} // namespace

TEST_CASE("buffers get consecutive file ids starting at one", "[parser][source]") {
    SourceManager sources;
    CHECK(sources.addBuffer("a.cir", "x") == 1);
    CHECK(sources.addBuffer("b.cir", "y") == 2);
    CHECK(sources.fileCount() == 2);
    CHECK(sources.isValid(1));
    CHECK_FALSE(sources.isValid(0));
    CHECK_FALSE(sources.isValid(3));
    CHECK(sources.name(2) == "b.cir");
    CHECK(sources.text(1) == "x");
    CHECK(sources.path(1) == std::filesystem::path("a.cir"));
}

TEST_CASE("text views stay valid while more buffers are added", "[parser][source]") {
    SourceManager sources;
    std::uint32_t first = sources.addBuffer("a.cir", "short");
    std::string_view view = sources.text(first);
    for (int i = 0; i < 100; ++i) sources.addBuffer("more.cir", "text " + std::to_string(i));
    CHECK(view == "short");
    CHECK(view.data() == sources.text(first).data());
}

TEST_CASE("the include location of a buffer is kept", "[parser][source]") {
    SourceManager sources;
    std::uint32_t top = sources.addBuffer("top.cir", "title\n.include a.cir\n");
    std::uint32_t child = sources.addBuffer("a.cir", "R1 a b 1\n", SourceLoc{top, 6});
    CHECK(sources.includedFrom(top).file == 0);
    CHECK(sources.includedFrom(child).file == top);
    CHECK(sources.includedFrom(child).offset == 6);
}

TEST_CASE("line and column are 1-based and count bytes", "[parser][source]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "ab\ncde\n\nf\tg");
    CHECK(lineCol(sources, file, 0) == "1:1");
    CHECK(lineCol(sources, file, 1) == "1:2");
    CHECK(lineCol(sources, file, 2) == "1:3");  // the newline itself
    CHECK(lineCol(sources, file, 3) == "2:1");
    CHECK(lineCol(sources, file, 5) == "2:3");
    CHECK(lineCol(sources, file, 7) == "3:1");
    CHECK(lineCol(sources, file, 8) == "4:1");
    CHECK(lineCol(sources, file, 10) == "4:3");  // after the tab: bytes, not display columns
    CHECK(lineCol(sources, file, 11) == "4:4");  // end of buffer
    CHECK(lineCol(sources, file, 999) == "4:4");  // clamped
}

TEST_CASE("line text excludes the line terminator, LF or CRLF", "[parser][source]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "first\r\nsecond\nthird");
    CHECK(sources.lineText(SourceLoc{file, 0}) == "first");
    CHECK(sources.lineText(SourceLoc{file, 3}) == "first");
    CHECK(sources.lineText(SourceLoc{file, 7}) == "second");
    CHECK(sources.lineText(SourceLoc{file, 16}) == "third");
    CHECK(sources.lineText(SourceLoc{file, 19}) == "third");
}

TEST_CASE("an empty buffer has one empty line", "[parser][source]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("empty.cir", "");
    CHECK(lineCol(sources, file, 0) == "1:1");
    CHECK(sources.lineText(SourceLoc{file, 0}).empty());
}

TEST_CASE("a buffer ending in a newline has an empty last line", "[parser][source]") {
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("t.cir", "a\n");
    CHECK(lineCol(sources, file, 2) == "2:1");
    CHECK(sources.lineText(SourceLoc{file, 2}).empty());
}

TEST_CASE("line lookup on many lines finds every line start", "[parser][source]") {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += "line " + std::to_string(i) + "\n";
    SourceManager sources;
    std::uint32_t file = sources.addBuffer("big.cir", text);
    std::uint32_t offset = 0;
    for (int i = 0; i < 10000; ++i) {
        std::string expected = "line " + std::to_string(i);
        REQUIRE(sources.lineCol(SourceLoc{file, offset}).line == static_cast<std::uint32_t>(i + 1));
        REQUIRE(sources.lineText(SourceLoc{file, offset + 2}) == expected);
        offset += static_cast<std::uint32_t>(expected.size() + 1);
    }
}

TEST_CASE("a file is read byte for byte, NUL and CR included", "[parser][source]") {
    std::string bytes("a\0b\r\n\xff\n", 7);
    auto path = writeTempFile("binary.cir", bytes);
    SourceManager sources;
    std::string error;
    auto file = sources.addFile(path, SourceLoc{}, error);
    REQUIRE(file.has_value());
    CHECK(error.empty());
    CHECK(sources.text(*file) == bytes);
    CHECK(sources.name(*file) == path.string());
    CHECK(sources.path(*file) == path);
}

TEST_CASE("a file is read whole at any size, and so is one whose size is not known beforehand", "[parser][source]") {
    // Larger than one read chunk (64 KiB), with a pattern that shows any lost or repeated piece.
    std::string bytes;
    for (int i = 0; bytes.size() < 300000; ++i) bytes += std::to_string(i) + (i % 7 == 0 ? "\n" : " ");
    auto path = writeTempFile("large.cir", bytes);
    SourceManager sources;
    std::string error;
    auto file = sources.addFile(path, SourceLoc{}, error);
    REQUIRE(file.has_value());
    CHECK(sources.text(*file) == bytes);
    // A /proc file (Linux) reports size 0 and still has content: it is read to its end.
    REQUIRE(std::filesystem::file_size("/proc/self/status") == 0);
    auto proc = sources.addFile("/proc/self/status", SourceLoc{}, error);
    REQUIRE(proc.has_value());
    CHECK(sources.text(*proc).find("Name:") == 0);
    CHECK(sources.text(*proc).back() == '\n');
}

TEST_CASE("a missing file yields a message naming the file and the reason", "[parser][source]") {
    SourceManager sources;
    std::string error;
    auto file = sources.addFile("does/not/exist.cir", SourceLoc{}, error);
    CHECK_FALSE(file.has_value());
    CHECK(error == "cannot open file 'does/not/exist.cir': No such file or directory");
    CHECK(sources.fileCount() == 0);
}

TEST_CASE("a directory cannot be added as a file", "[parser][source]") {
    SourceManager sources;
    std::string error;
    auto file = sources.addFile(std::filesystem::temp_directory_path(), SourceLoc{}, error);
    CHECK_FALSE(file.has_value());
    CHECK(error.find("Is a directory") != std::string::npos);
}
