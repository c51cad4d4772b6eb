#pragma once
#include <cstddef>
#include <cstdio>
#include <filesystem>

namespace cablespice::solver {

// An anonymous read/write temporary file (created in `directory`, unlinked at once), for data
// that must be buffered before its header can be written. Move-only RAII over FILE*.
class ScratchFile {
public:
    explicit ScratchFile(const std::filesystem::path& directory);
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    void write(const void* data, std::size_t bytes);
    // Empties the file for reuse.
    void clear();
    // Rewinds and hands the whole content to sink(const char*, std::size_t) in chunks.
    template <class Sink>
    void copyTo(Sink&& sink) {
        rewindForReading();
        char buffer[1 << 16];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, file_)) > 0) sink(buffer, got);
        checkRead();
    }
    std::FILE* stream() { return file_; }

private:
    void rewindForReading();
    void checkRead();

    std::FILE* file_ = nullptr;
};

} // namespace cablespice::solver
