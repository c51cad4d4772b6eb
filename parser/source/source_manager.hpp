#pragma once
#include "solver/support/source_range.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice {

// Owns every source buffer of a run (LLVM SourceMgr design). File ids start at 1; id 0 means
// "no file". Locations stay cheap (file, offset) handles; line and column are computed only
// when something is printed, from a per-file line-start table built on first use.
class SourceManager {
public:
    struct LineCol {
        std::uint32_t line = 0;    // 1-based
        std::uint32_t column = 0;  // 1-based, counts bytes
    };

    SourceManager();
    ~SourceManager();
    SourceManager(const SourceManager&) = delete;
    SourceManager& operator=(const SourceManager&) = delete;

    // Adds an in-memory buffer; `name` is what diagnostics print.
    std::uint32_t addBuffer(std::string name, std::string text, SourceLoc includedFrom = {});
    // Reads a file (binary-safe). On failure returns nullopt and sets `errorMessage`
    // ("cannot open file 'x.cir': No such file or directory").
    std::optional<std::uint32_t> addFile(const std::filesystem::path& path, SourceLoc includedFrom,
                                         std::string& errorMessage);

    std::size_t fileCount() const { return buffers_.size(); }
    bool isValid(std::uint32_t file) const { return file >= 1 && file <= buffers_.size(); }

    std::string_view text(std::uint32_t file) const;
    const std::string& name(std::uint32_t file) const;
    std::filesystem::path path(std::uint32_t file) const;
    SourceLoc includedFrom(std::uint32_t file) const;

    // Offsets past the end of the buffer are clamped to the end.
    LineCol lineCol(SourceLoc loc) const;
    // The line holding `loc`, without its line terminator ("\n" or "\r\n").
    std::string_view lineText(SourceLoc loc) const;

private:
    struct Buffer;

    const Buffer& buffer(std::uint32_t file) const;
    std::uint32_t lineIndex(const Buffer& buffer, std::uint32_t offset) const;

    // unique_ptr keeps every text() view valid while more buffers are added.
    std::vector<std::unique_ptr<Buffer>> buffers_;
};

} // namespace cablespice
