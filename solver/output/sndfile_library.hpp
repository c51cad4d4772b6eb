#pragma once
#include <sndfile.h>

namespace cablespice::solver {

// libsndfile's entry points, from the library opened on first use (dlopen) instead of linked:
// linked, it and the seven codec libraries it needs were loaded by every run, ~0.5 ms and
// 1.3 MB of memory, while only .wave and wavefile= use them.
struct SndfileLibrary {
    decltype(&::sf_open) open;
    decltype(&::sf_open_virtual) openVirtual;
    decltype(&::sf_strerror) strerror;
    decltype(&::sf_command) command;
    decltype(&::sf_writef_double) writefDouble;
    decltype(&::sf_readf_double) readfDouble;
    decltype(&::sf_close) close;
};

// Opens the library once per process; throws std::runtime_error (what dlopen or dlsym said)
// when it is not installed or lacks an entry point.
const SndfileLibrary& sndfile();

} // namespace cablespice::solver
