#pragma once
#include <atomic>
#include <thread>

namespace cablespice::solver {

// Two-way fork-join for the parallel parts of a solve: run(task) calls task(0) on the calling
// thread and task(1) on one helper thread, and returns when both have finished. The helper
// lives as long as this object. Between tasks it spins for a short while (the next fork is
// usually microseconds away inside one solve) and then sleeps on a futex, so an idle
// simulator does not keep the second core busy. Tasks must not throw.
class ForkJoinPair {
public:
    ForkJoinPair();
    ~ForkJoinPair();
    ForkJoinPair(const ForkJoinPair&) = delete;
    ForkJoinPair& operator=(const ForkJoinPair&) = delete;

    template <class Task>
    void run(Task& task) {
        runErased(&task, [](void* erased, int part) { (*static_cast<Task*>(erased))(part); });
    }

private:
    using Call = void (*)(void*, int);
    void runErased(void* task, Call call);
    void helperLoop();

    void* task_ = nullptr;
    Call call_ = nullptr;
    std::atomic<unsigned> posted_{0};    // generation of the last posted task
    std::atomic<unsigned> finished_{0};  // generation the helper last finished
    bool stopping_ = false;              // written before the final post
    std::thread helper_;
};

} // namespace cablespice::solver
