#include "solver/output/atomic_file.hpp"

#include "solver/output/interrupt_cleanup.hpp"

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include <stdlib.h>    // mkstemp (POSIX)
#include <sys/stat.h>  // fchmod, umask
#include <unistd.h>    // fsync, close, unlink

namespace cablespice::solver {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int error = errno) {
    throw std::system_error(error, std::generic_category(), what + " '" + path.string() + "'");
}

std::FILE* openTemporary(const std::filesystem::path& target, std::filesystem::path& temporary) {
    std::string pattern = target.string() + ".tmp.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) fail("cannot create temporary file for", target);
    temporary = name.data();
    // mkstemp creates 0600; give the result the mode a plain fopen would (0666 & ~umask).
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    std::FILE* file = fdopen(fd, "wb");
    if (file) return file;
    int error = errno;
    close(fd);
    unlink(temporary.c_str());
    fail("cannot open temporary file for", target, error);
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    file_ = openTemporary(target_, temporary_);
    cleanupSlot_ = registerTemporary(temporary_.c_str());
}

AtomicFile::~AtomicFile() {
    unregisterTemporary(cleanupSlot_);
    if (committed_) return;
    if (file_) std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::write(const void* data, std::size_t bytes) {
    if (!file_) fail("write after commit to", target_, EBADF);
    if (bytes == 0) return;
    if (std::fwrite(data, 1, bytes, file_) != bytes) fail("cannot write", temporary_);
}

void AtomicFile::closeStream() {
    std::FILE* file = file_;
    file_ = nullptr;
    bool ok = std::fflush(file) == 0 && fsync(fileno(file)) == 0;
    int error = errno;
    ok = std::fclose(file) == 0 && ok;
    if (!ok) fail("cannot write", temporary_, error);
}

void AtomicFile::commit() { commitAs(target_); }

void AtomicFile::commitAs(const std::filesystem::path& target) {
    if (!file_) fail("commit twice of", target, EBADF);
    closeStream();
    std::error_code error;
    std::filesystem::rename(temporary_, target, error);
    if (error) throw std::system_error(error, "cannot rename '" + temporary_.string() + "' to '" + target.string() + "'");
    unregisterTemporary(cleanupSlot_);
    cleanupSlot_ = -1;
    target_ = target;
    committed_ = true;
}

} // namespace cablespice::solver
