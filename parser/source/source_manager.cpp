#include "parser/source/source_manager.hpp"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>

namespace cablespice {

struct SourceManager::Buffer {
    std::string name;
    std::filesystem::path path;
    std::string text;
    SourceLoc includedFrom;
    // Offsets of the first byte of every line; built lazily by lineIndex().
    mutable std::vector<std::uint32_t> lineStarts;
};

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

std::string openError(const std::filesystem::path& path, const std::string& reason) {
    return "cannot open file '" + path.string() + "': " + reason;
}

// Reads the whole stream; returns false with errno set on a read error. `expectedSize` (the
// file's size when opened) sizes the string once: grown chunk by chunk, a 5.6 MB netlist was
// copied 7 times and kept in an 8.4 MB string. A file that turns out longer is still read to
// its end.
bool readAll(std::FILE* file, std::uintmax_t expectedSize, std::string& out) {
    out.resize(static_cast<std::size_t>(expectedSize));
    const std::size_t filled = std::fread(out.data(), 1, out.size(), file);
    out.resize(filled);
    if (filled < static_cast<std::size_t>(expectedSize)) return std::ferror(file) == 0;
    char chunk[1 << 16];
    for (;;) {
        std::size_t n = std::fread(chunk, 1, sizeof chunk, file);
        out.append(chunk, n);
        if (n < sizeof chunk) return std::ferror(file) == 0;
    }
}

std::vector<std::uint32_t> buildLineStarts(std::string_view text) {
    std::vector<std::uint32_t> starts{0};
    const char* begin = text.data();
    const char* end = begin + text.size();
    for (const char* p = begin; p != end;) {
        const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (!hit) break;
        p = static_cast<const char*>(hit) + 1;
        starts.push_back(static_cast<std::uint32_t>(p - begin));
    }
    return starts;
}

} // namespace

SourceManager::SourceManager() = default;
SourceManager::~SourceManager() = default;

std::uint32_t SourceManager::addBuffer(std::string name, std::string text, SourceLoc includedFrom) {
    assert(text.size() <= std::numeric_limits<std::uint32_t>::max() && "buffer offsets are 32-bit");
    auto buffer = std::make_unique<Buffer>();
    buffer->path = std::filesystem::path(name);
    buffer->name = std::move(name);
    buffer->text = std::move(text);
    buffer->includedFrom = includedFrom;
    buffers_.push_back(std::move(buffer));
    return static_cast<std::uint32_t>(buffers_.size());
}

std::optional<std::uint32_t> SourceManager::addFile(const std::filesystem::path& path, SourceLoc includedFrom,
                                                    std::string& errorMessage) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        errorMessage = openError(path, std::strerror(EISDIR));
        return std::nullopt;
    }
    errno = 0;
    FileHandle file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        errorMessage = openError(path, std::strerror(errno != 0 ? errno : ENOENT));
        return std::nullopt;
    }
    // Not known for pipes and some special files: then 0, and the file is read in chunks.
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    const std::uintmax_t expectedSize = ec ? 0 : size;
    if (expectedSize > std::numeric_limits<std::uint32_t>::max()) {
        errorMessage = openError(path, "file is larger than 4 GiB");
        return std::nullopt;
    }
    std::string text;
    if (!readAll(file.get(), expectedSize, text)) {
        errorMessage = openError(path, std::strerror(errno != 0 ? errno : EIO));
        return std::nullopt;
    }
    if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
        errorMessage = openError(path, "file is larger than 4 GiB");
        return std::nullopt;
    }
    std::uint32_t id = addBuffer(path.string(), std::move(text), includedFrom);
    buffers_.back()->path = path;
    return id;
}

const SourceManager::Buffer& SourceManager::buffer(std::uint32_t file) const {
    assert(isValid(file) && "file id does not name a buffer of this SourceManager");
    return *buffers_[file - 1];
}

std::string_view SourceManager::text(std::uint32_t file) const { return buffer(file).text; }

const std::string& SourceManager::name(std::uint32_t file) const { return buffer(file).name; }

std::filesystem::path SourceManager::path(std::uint32_t file) const { return buffer(file).path; }

SourceLoc SourceManager::includedFrom(std::uint32_t file) const { return buffer(file).includedFrom; }

std::uint32_t SourceManager::lineIndex(const Buffer& buffer, std::uint32_t offset) const {
    if (buffer.lineStarts.empty()) buffer.lineStarts = buildLineStarts(buffer.text);
    const auto& starts = buffer.lineStarts;
    auto after = std::upper_bound(starts.begin(), starts.end(), offset);
    return static_cast<std::uint32_t>(after - starts.begin() - 1);
}

SourceManager::LineCol SourceManager::lineCol(SourceLoc loc) const {
    const Buffer& buf = buffer(loc.file);
    std::uint32_t offset = std::min<std::uint32_t>(loc.offset, static_cast<std::uint32_t>(buf.text.size()));
    std::uint32_t index = lineIndex(buf, offset);
    return LineCol{index + 1, offset - buf.lineStarts[index] + 1};
}

std::string_view SourceManager::lineText(SourceLoc loc) const {
    const Buffer& buf = buffer(loc.file);
    std::uint32_t offset = std::min<std::uint32_t>(loc.offset, static_cast<std::uint32_t>(buf.text.size()));
    std::uint32_t index = lineIndex(buf, offset);
    std::uint32_t start = buf.lineStarts[index];
    std::string_view rest = std::string_view(buf.text).substr(start);
    std::string_view line = rest.substr(0, rest.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

} // namespace cablespice
