#include "apps/cablespice/gnuplot_process.hpp"

#include "apps/cablespice/plot_figure.hpp"
#include "apps/cablespice/temporary_file.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cablespice::app {

namespace {

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    ~FileDescriptor() { reset(); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

// posix_spawn file actions, destroyed with the object.
class SpawnActions {
public:
    SpawnActions() { ::posix_spawn_file_actions_init(&actions_); }
    ~SpawnActions() { ::posix_spawn_file_actions_destroy(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

std::string readAll(int fd) {
    std::string data;
    std::array<char, 65536> buffer{};
    for (;;) {
        ssize_t count = ::read(fd, buffer.data(), buffer.size());
        if (count > 0) data.append(buffer.data(), static_cast<std::size_t>(count));
        else if (count == 0 || errno != EINTR) break;
    }
    return data;
}

int waitFor(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw PlotError(fmt::format("cannot wait for gnuplot: {}", std::strerror(errno)));
    return status;
}

// The last few lines of gnuplot's messages, which name the problem.
std::string tail(const std::string& messages) {
    std::string text = messages;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    constexpr std::size_t kLimit = 600;
    return text.size() > kLimit ? "..." + text.substr(text.size() - kLimit) : text;
}

pid_t spawn(const std::filesystem::path& gnuplot, const TemporaryFile& script, const TemporaryFile& messages, int stdoutFd) {
    SpawnActions actions;
    ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(actions.get(), stdoutFd, 1);
    ::posix_spawn_file_actions_addopen(actions.get(), 2, messages.path().c_str(), O_WRONLY | O_TRUNC, 0);
    std::string program = gnuplot.string(), scriptPath = script.path().string();
    std::array<char*, 3> argv = {program.data(), scriptPath.data(), nullptr};
    pid_t pid = 0;
    int error = ::posix_spawn(&pid, program.c_str(), actions.get(), nullptr, argv.data(), environ);
    if (error != 0) throw PlotError(fmt::format("cannot run {}: {}", program, std::strerror(error)));
    return pid;
}

} // namespace

std::optional<std::filesystem::path> findGnuplot(std::string_view searchPath) {
    std::size_t start = 0;
    while (start <= searchPath.size()) {
        std::size_t end = searchPath.find(':', start);
        if (end == std::string_view::npos) end = searchPath.size();
        std::string_view directory = searchPath.substr(start, end - start);
        // An empty PATH entry means the current directory (POSIX).
        auto candidate = std::filesystem::path(directory.empty() ? "." : std::string(directory)) / "gnuplot";
        std::error_code error;
        if (std::filesystem::is_regular_file(candidate, error) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> findGnuplotOnPath() {
    const char* path = std::getenv("PATH");
    return findGnuplot(path ? path : "/usr/local/bin:/usr/bin:/bin");
}

GnuplotOutput runGnuplot(const std::filesystem::path& gnuplot, std::string_view script) {
    TemporaryFile scriptFile("cablespice-plot"), messagesFile("cablespice-gnuplot-messages");
    scriptFile.write(script);
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw PlotError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    FileDescriptor readEnd(fds[0]), writeEnd(fds[1]);
    pid_t pid = spawn(gnuplot, scriptFile, messagesFile, writeEnd.get());
    writeEnd.reset();  // the child holds the only write end: EOF when it exits
    GnuplotOutput output{readAll(readEnd.get()), {}};
    int status = waitFor(pid);
    output.messages = messagesFile.read();
    if (WIFSIGNALED(status))
        throw PlotError(fmt::format("gnuplot was killed by signal {}: {}", WTERMSIG(status), tail(output.messages)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw PlotError(fmt::format("gnuplot failed (exit status {}): {}", WEXITSTATUS(status), tail(output.messages)));
    if (output.image.empty()) throw PlotError(fmt::format("gnuplot wrote no image: {}", tail(output.messages)));
    return output;
}

} // namespace cablespice::app
