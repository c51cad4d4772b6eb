#include "solver/output/sndfile_library.hpp"

#include <dlfcn.h>

#include <stdexcept>
#include <string>
#include <variant>

namespace cablespice::solver {

namespace {

// libsndfile's ABI has been version 1 since 2002 (Debian libsndfile1).
constexpr const char* kLibraryName = "libsndfile.so.1";

std::string dlerrorText() {
    const char* text = dlerror();
    return text ? text : "unknown error";
}

template <class Function>
void bind(void* handle, const char* symbol, Function& function) {
    void* address = dlsym(handle, symbol);
    if (!address) throw std::runtime_error(std::string("libsndfile: ") + dlerrorText());
    function = reinterpret_cast<Function>(address);
}

SndfileLibrary open() {
    // Never closed: the process keeps it, as it would a linked library.
    void* handle = dlopen(kLibraryName, RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error("cannot load libsndfile (Debian package libsndfile1): " + dlerrorText());
    SndfileLibrary library{};
    bind(handle, "sf_open", library.open);
    bind(handle, "sf_open_virtual", library.openVirtual);
    bind(handle, "sf_strerror", library.strerror);
    bind(handle, "sf_command", library.command);
    bind(handle, "sf_writef_double", library.writefDouble);
    bind(handle, "sf_readf_double", library.readfDouble);
    bind(handle, "sf_close", library.close);
    return library;
}

// The library, or why it could not be opened (every later use reports the same reason).
std::variant<SndfileLibrary, std::string> openOnce() {
    try {
        return open();
    } catch (const std::runtime_error& error) {
        return std::string(error.what());
    }
}

} // namespace

const SndfileLibrary& sndfile() {
    static const std::variant<SndfileLibrary, std::string> library = openOnce();
    if (const auto* reason = std::get_if<std::string>(&library)) throw std::runtime_error(*reason);
    return std::get<SndfileLibrary>(library);
}

} // namespace cablespice::solver
