#pragma once

namespace cablespice::app {

// True in an AddressSanitizer or ThreadSanitizer build, whose runtime wants the process's heap
// as it is (no huge-page heap settings) and every allocation freed (its leak check).
constexpr bool sanitizedBuild() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

} // namespace cablespice::app
