#pragma once

namespace cablespice::solver {

// Temporary files to delete if the process is stopped by a signal (SIGINT, SIGTERM), so an
// interrupted run leaves its outputs whole or absent and no `FILE.tmp.XXXXXX` behind.
// AtomicFile registers its temporary file while it exists. Thread-safe; a fixed table, so the
// signal handler touches no allocator.

// Registers `path` (copied); returns a slot for unregisterTemporary, or -1 when the table is
// full or the path too long (the file is then only removed by normal cleanup).
int registerTemporary(const char* path);
void unregisterTemporary(int slot);

// Unlinks every registered file. Async-signal-safe (unlink only).
void removeRegisteredTemporaries();

// Installs SIGINT and SIGTERM handlers that remove the registered files and then die of the
// same signal (default action), so the exit status still says what stopped the run.
void removeTemporariesOnInterrupt();

} // namespace cablespice::solver
