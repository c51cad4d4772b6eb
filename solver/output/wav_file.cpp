#include "solver/output/wav_file.hpp"

#include "solver/output/atomic_file.hpp"
#include "solver/output/sndfile_library.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace cablespice::solver {

namespace {

// A growable in-memory file for libsndfile's virtual I/O, so that nothing reaches the disk
// until the whole WAV is encoded.
struct MemoryFile {
    std::vector<unsigned char> bytes;
    sf_count_t position = 0;
};

MemoryFile& memory(void* user) { return *static_cast<MemoryFile*>(user); }

sf_count_t memoryLength(void* user) { return static_cast<sf_count_t>(memory(user).bytes.size()); }

sf_count_t memorySeek(sf_count_t offset, int whence, void* user) {
    auto& file = memory(user);
    sf_count_t base = whence == SEEK_CUR ? file.position : whence == SEEK_END ? memoryLength(user) : 0;
    file.position = std::max<sf_count_t>(0, base + offset);
    return file.position;
}

sf_count_t memoryRead(void* destination, sf_count_t count, void* user) {
    auto& file = memory(user);
    sf_count_t available = std::max<sf_count_t>(0, memoryLength(user) - file.position);
    sf_count_t n = std::min(count, available);
    if (n > 0) std::memcpy(destination, file.bytes.data() + file.position, static_cast<std::size_t>(n));
    file.position += n;
    return n;
}

sf_count_t memoryWrite(const void* source, sf_count_t count, void* user) {
    auto& file = memory(user);
    auto end = static_cast<std::size_t>(file.position + count);
    if (end > file.bytes.size()) file.bytes.resize(end);
    std::memcpy(file.bytes.data() + file.position, source, static_cast<std::size_t>(count));
    file.position += count;
    return count;
}

sf_count_t memoryTell(void* user) { return memory(user).position; }

int pcmFormat(int bits) {
    switch (bits) {
    case 8: return SF_FORMAT_PCM_U8;  // 8-bit WAV is unsigned
    case 16: return SF_FORMAT_PCM_16;
    case 24: return SF_FORMAT_PCM_24;
    case 32: return SF_FORMAT_PCM_32;
    default: return 0;
    }
}

} // namespace

bool isWavBitDepth(int bits) { return pcmFormat(bits) != 0; }

void writeWav(const std::filesystem::path& path, int bits, const WavData& data) {
    if (!isWavBitDepth(bits)) throw std::runtime_error(path.string() + ": unsupported WAV bit depth " + std::to_string(bits));
    SF_INFO info{};
    info.samplerate = data.sampleRate;
    info.channels = data.channels;
    info.format = SF_FORMAT_WAV | pcmFormat(bits);
    SF_VIRTUAL_IO io{memoryLength, memorySeek, memoryRead, memoryWrite, memoryTell};
    MemoryFile buffer;
    const SndfileLibrary& sf = sndfile();
    SNDFILE* file = sf.openVirtual(&io, SFM_WRITE, &info, &buffer);
    if (!file) throw std::runtime_error(path.string() + ": cannot encode WAV: " + sf.strerror(nullptr));
    sf.command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    auto frames = static_cast<sf_count_t>(data.frames());
    sf_count_t written = sf.writefDouble(file, data.samples.data(), frames);
    std::string error = written == frames ? "" : sf.strerror(file);
    sf.close(file);
    if (!error.empty()) throw std::runtime_error(path.string() + ": cannot encode WAV: " + error);
    AtomicFile out(path);
    out.write(buffer.bytes.data(), buffer.bytes.size());
    out.commit();
}

WavData readWav(const std::filesystem::path& path) {
    SF_INFO info{};
    const SndfileLibrary& sf = sndfile();
    SNDFILE* file = sf.open(path.c_str(), SFM_READ, &info);
    if (!file) throw std::runtime_error(path.string() + ": cannot read sound file: " + sf.strerror(nullptr));
    WavData data;
    data.sampleRate = info.samplerate;
    data.channels = info.channels;
    data.samples.resize(static_cast<std::size_t>(info.frames) * static_cast<std::size_t>(info.channels));
    sf_count_t read = sf.readfDouble(file, data.samples.data(), info.frames);
    sf.close(file);
    if (read != info.frames) throw std::runtime_error(path.string() + ": sound file ends early");
    return data;
}

} // namespace cablespice::solver
