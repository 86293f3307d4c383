#pragma once
// Requests that reach a running trainer from outside (a signal handler, a control
// thread reading the GUI's commands): pause, resume, cancel. Thread-safe.
#include <atomic>
#include <condition_variable>
#include <mutex>

namespace lw::train {

class TrainControl {
public:
    void requestCancel();
    void requestPause();
    void requestResume();
    bool cancelRequested() const { return m_cancel.load(); }
    bool pauseRequested() const { return m_pause.load(); }
    // Blocks while paused; returns when resumed or cancelled.
    void waitWhilePaused();

private:
    std::atomic<bool> m_cancel{false}, m_pause{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace lw::train
