#include "solver/output/atomic_file.hpp"

#include "tests/solver/output/temp_directory.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <stdexcept>
#include <vector>

using namespace cablespice::solver;
using cablespice::test::readFile;
using cablespice::test::TempDirectory;
using cablespice::test::writeFile;

TEST_CASE("An atomic file appears with its whole content only on commit", "[output]") {
    TempDirectory dir;
    const auto target = dir / "out.raw";
    {
        AtomicFile file(target);
        file.write("header\n");
        const std::vector<double> values{1.5, -2.0};
        file.writeValues(std::span<const double>(values));
        CHECK_FALSE(std::filesystem::exists(target));
        CHECK(file.temporaryPath().parent_path() == dir.path());
        CHECK(file.temporaryPath().filename().string().rfind("out.raw.tmp.", 0) == 0);
        file.commit();
    }
    const std::string content = readFile(target);
    REQUIRE(content.size() == 7 + 2 * sizeof(double));
    CHECK(content.substr(0, 7) == "header\n");
    double second = 0.0;
    std::memcpy(&second, content.data() + 7 + sizeof(double), sizeof(double));
    CHECK(second == -2.0);
    CHECK(dir.entries() == std::vector<std::string>{"out.raw"});
}

TEST_CASE("An atomic file that is not committed leaves no file behind", "[output]") {
    TempDirectory dir;
    {
        AtomicFile file(dir / "out.csv");
        file.write("partial data");
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("An aborted atomic write leaves an existing target untouched", "[output]") {
    TempDirectory dir;
    const auto target = dir / "out.csv";
    writeFile(target, "previous run\n");
    try {
        AtomicFile file(target);
        file.write("new run, about to fail\n");
        throw std::runtime_error("analysis aborted");
    } catch (const std::runtime_error&) {
    }
    CHECK(readFile(target) == "previous run\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
}

TEST_CASE("An atomic file can be committed under another name in the same directory", "[output]") {
    TempDirectory dir;
    AtomicFile file(dir / "provisional.csv");
    file.write("x\n");
    file.commitAs(dir / "final.csv");
    CHECK(file.committed());
    CHECK(file.target() == dir / "final.csv");
    CHECK(dir.entries() == std::vector<std::string>{"final.csv"});
}

TEST_CASE("An atomic file in a missing directory fails with the path in the message", "[output]") {
    TempDirectory dir;
    CHECK_THROWS_WITH(AtomicFile(dir / "missing" / "out.raw"), Catch::Contains("missing/out.raw"));
}
