#pragma once
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string_view>

namespace cablespice::solver {

// A file that appears whole or not at all. Writes go to `<target>.tmp.XXXXXX` in the target's
// directory (so the final rename stays on one file system and is atomic); commit() flushes,
// fsyncs and renames it over the target. Destroying an uncommitted AtomicFile removes the
// temporary file and leaves any existing target untouched.
//
// Errors (cannot create, write or rename) throw std::system_error naming the path: output is
// the program's boundary, and the CLI reports them. Writes are buffered (stdio) and binary-safe.
class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t bytes);
    void write(std::string_view text) { write(text.data(), text.size()); }
    template <class T>
    void writeValues(std::span<const T> values) {
        write(values.data(), values.size_bytes());
    }

    // Renames over the target given at construction / over `target` (same directory expected).
    void commit();
    void commitAs(const std::filesystem::path& target);

    bool committed() const { return file_ == nullptr && committed_; }
    const std::filesystem::path& target() const { return target_; }
    const std::filesystem::path& temporaryPath() const { return temporary_; }
    std::FILE* stream() { return file_; }

private:
    void closeStream();

    std::filesystem::path target_;
    std::filesystem::path temporary_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
    int cleanupSlot_ = -1;  // interrupt_cleanup.hpp: removed if a signal stops the process
};

} // namespace cablespice::solver
