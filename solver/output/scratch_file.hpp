#pragma once
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace cablespice::solver {

// Data that must be buffered before its header can be written. Small contents stay in memory
// (a .step run writes a thousand small plots; a temporary file per plot cost syscalls on the
// serial path); past kMemoryLimit they spill to an anonymous read/write temporary file created in
// `directory` and unlinked at once. Move-only RAII over FILE*.
class ScratchFile {
public:
    static constexpr std::size_t kMemoryLimit = std::size_t{4} << 20;

    explicit ScratchFile(std::filesystem::path directory);
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    void write(const void* data, std::size_t bytes);
    // Empties the buffer for reuse.
    void clear();
    // Hands the whole content, in order, to sink(const char*, std::size_t) in chunks.
    template <class Sink>
    void copyTo(Sink&& sink) {
        if (!spilled_) {
            if (!memory_.empty()) sink(memory_.data(), memory_.size());
            return;
        }
        rewindForReading();
        char buffer[1 << 16];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, file_)) > 0) sink(buffer, got);
        checkRead();
    }
    bool spilled() const { return spilled_; }

private:
    void spill();
    void rewindForReading();
    void checkRead();

    std::filesystem::path directory_;
    std::vector<char> memory_;
    std::FILE* file_ = nullptr;  // created at the first spill, reused after clear()
    bool spilled_ = false;       // the content is in file_, not in memory_
};

} // namespace cablespice::solver
