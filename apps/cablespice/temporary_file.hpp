#pragma once
#include <filesystem>
#include <string_view>

namespace cablespice::app {

// A uniquely named file in the system temporary directory, removed when destroyed (for
// handing scripts to a child process and collecting its messages).
// Errors (cannot create or write) throw std::system_error.
class TemporaryFile {
public:
    explicit TemporaryFile(std::string_view stem);
    ~TemporaryFile();
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Replaces the file's contents.
    void write(std::string_view text);
    std::string read() const;

private:
    std::filesystem::path path_;
};

} // namespace cablespice::app
