#include "apps/cablespice/temporary_file.hpp"

#include <cerrno>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <unistd.h>

namespace cablespice::app {

TemporaryFile::TemporaryFile(std::string_view stem) {
    std::string pattern = (std::filesystem::temp_directory_path() / (std::string(stem) + ".XXXXXX")).string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create a temporary file " + pattern);
    ::close(fd);
    path_ = pattern;
}

TemporaryFile::~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

void TemporaryFile::write(std::string_view text) {
    std::ofstream stream(path_, std::ios::binary | std::ios::trunc);
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!stream.flush()) throw std::system_error(EIO, std::generic_category(), "cannot write " + path_.string());
}

std::string TemporaryFile::read() const {
    std::ifstream stream(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

} // namespace cablespice::app
