#pragma once
// `llmwb serve --model demo` listens at once: this finds, trains, resumes or waits for
// the project's demo model (ensureDemoCheckpoint, demo_model.h) on a thread of its own
// while the server answers 503 with the training's progress, then loads the checkpoint
// and hands it to the server. A training that fails or is cancelled leaves the server
// answering 503 with what happened and how to go on (the next start resumes it).
//
//   ApiServer server("demo", options);
//   server.start();
//   DemoModelLoader loader(server, projectDir, loadOptions, callbacks);   // starts
//   ... loader.cancel() and server.stop() on SIGTERM, then loader.stop() ...
#include "core/serve/api_server.h"
#include "core/serve/served_model.h"
#include "core/train/demo_run.h"
#include "core/train/events.h"
#include "core/train/train_control.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lw::serve {

struct DemoLoaderCallbacks {
    std::function<void(const std::string&)> message; // short lines ("training the demo model once ...")
    train::EventSink trainingEvents;                  // the run's own events (docs/events.md)
    // Loaded: the server answers with it now. `runner`: Generator::runnerDescription().
    std::function<void(const ServedModel&, const std::string& runner)> ready;
    std::function<void(const std::string&)> failed;   // the server answers 503 with this now
};

class DemoModelLoader {
public:
    // Starts at once. `server` must outlive the loader; callbacks run on its thread.
    DemoModelLoader(ApiServer& server, std::string projectDir, ModelLoadOptions load, int threads,
                    DemoLoaderCallbacks callbacks);
    ~DemoModelLoader(); // cancels and joins
    DemoModelLoader(const DemoModelLoader&) = delete;
    DemoModelLoader& operator=(const DemoModelLoader&) = delete;

    // Stops the training at its next step (it keeps a checkpoint to resume from).
    void cancel() { m_control.requestCancel(); }
    // cancel(), then waits until the thread has ended.
    void stop();
    // After stop(): true when cancel() ended the training before the model was served.
    bool cancelled() const { return m_cancelled; }

private:
    void run();
    void onTrainingEvent(const nlohmann::json& event);
    void onWaiting(const train::DemoRunState& state);
    void publish();
    // How to go on after a failure, from what the store says of the demo run now.
    std::string howToGoOn() const;

    ApiServer& m_server;
    const std::string m_projectDir;
    const ModelLoadOptions m_load;
    const int m_threads;
    const DemoLoaderCallbacks m_callbacks;
    train::TrainControl m_control;
    std::atomic<bool> m_cancelled{false};
    ModelProgress m_progress; // loader thread only
    // Waiting for another process: its first step seen, to estimate the time left.
    std::chrono::steady_clock::time_point m_waitStart;
    int64_t m_waitStartStep = -1;
    std::thread m_thread;
};

} // namespace lw::serve
