#include "solver/output/scratch_file.hpp"

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include <stdlib.h>  // mkstemp (POSIX)
#include <unistd.h>  // ftruncate, unlink, close

namespace cablespice::solver {

namespace {

[[noreturn]] void fail(const std::string& what, int error = errno) {
    throw std::system_error(error, std::generic_category(), what);
}

} // namespace

ScratchFile::ScratchFile(const std::filesystem::path& directory) {
    std::string pattern = (directory.empty() ? std::filesystem::path(".") : directory).string() + "/.cablespice.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) fail("cannot create scratch file in '" + directory.string() + "'");
    unlink(name.data());
    file_ = fdopen(fd, "w+b");
    if (file_) return;
    int error = errno;
    close(fd);
    fail("cannot open scratch file", error);
}

ScratchFile::~ScratchFile() {
    if (file_) std::fclose(file_);
}

void ScratchFile::write(const void* data, std::size_t bytes) {
    if (bytes == 0) return;
    if (std::fwrite(data, 1, bytes, file_) != bytes) fail("cannot write scratch file");
}

void ScratchFile::clear() {
    std::rewind(file_);
    if (ftruncate(fileno(file_), 0) != 0) fail("cannot truncate scratch file");
}

void ScratchFile::rewindForReading() {
    if (std::fflush(file_) != 0) fail("cannot write scratch file");
    std::rewind(file_);
}

void ScratchFile::checkRead() {
    if (std::ferror(file_)) fail("cannot read scratch file");
}

} // namespace cablespice::solver
