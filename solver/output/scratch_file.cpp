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

ScratchFile::ScratchFile(std::filesystem::path directory) : directory_(std::move(directory)) {}

void ScratchFile::spill() {
    if (!file_) {
        std::string pattern = (directory_.empty() ? std::filesystem::path(".") : directory_).string() + "/.cablespice.XXXXXX";
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        int fd = mkstemp(name.data());
        if (fd < 0) fail("cannot create scratch file in '" + directory_.string() + "'");
        unlink(name.data());
        file_ = fdopen(fd, "w+b");
        if (!file_) {
            int error = errno;
            close(fd);
            fail("cannot open scratch file", error);
        }
    }
    spilled_ = true;
    if (!memory_.empty() && std::fwrite(memory_.data(), 1, memory_.size(), file_) != memory_.size())
        fail("cannot write scratch file");
    memory_.clear();
}

ScratchFile::~ScratchFile() {
    if (file_) std::fclose(file_);
}

void ScratchFile::write(const void* data, std::size_t bytes) {
    if (bytes == 0) return;
    if (!spilled_ && memory_.size() + bytes <= kMemoryLimit) {
        const char* begin = static_cast<const char*>(data);
        memory_.insert(memory_.end(), begin, begin + bytes);
        return;
    }
    if (!spilled_) spill();
    if (std::fwrite(data, 1, bytes, file_) != bytes) fail("cannot write scratch file");
}

void ScratchFile::clear() {
    memory_.clear();
    if (!spilled_) return;
    spilled_ = false;
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
