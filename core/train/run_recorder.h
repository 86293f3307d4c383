#pragma once
// Turns trainer events into store rows. The first step's metric points are committed at
// once (a run killed in its first second still shows where it began); later ones in
// batches at most one second old, so a fast run does not commit once per step.
// Evaluations, checkpoints, status changes and the end of the run flush at once. A step or eval event may carry a
// "metrics" object of further numbers (a preference run's rewards and accuracy): each
// is stored as a metric of that name.
#include "core/distributed/process_group.h"
#include "core/store/store.h"
#include "core/train/events.h"

#include <chrono>
#include <vector>

namespace lw::train {

class RunRecorder {
public:
    RunRecorder(store::Store& store, int64_t runId, const EventSink& forward,
                std::chrono::milliseconds batchInterval = std::chrono::seconds(1))
        : m_store(store), m_runId(runId), m_forward(forward), m_batchInterval(batchInterval)
    {
    }

    // Records the event and forwards it with "run_id" added.
    void operator()(const nlohmann::json& e);
    void flush();

    // Returns what `train` (a trainer's run) returns, with every event stored. When it
    // throws, the run is marked interrupted (another rank is gone: nothing is wrong
    // with the run, which resumes from its last checkpoint) or failed, and the
    // exception goes on.
    template <typename Train>
    auto recordTraining(Train&& train) -> decltype(train())
    {
        try {
            auto result = train();
            flush();
            return result;
        } catch (const distributed::PeerFailure& e) {
            flush();
            m_store.setRunStatus(m_runId, store::RunStatus::Interrupted, e.what());
            throw;
        } catch (const std::exception& e) {
            flush();
            m_store.setRunStatus(m_runId, store::RunStatus::Failed, e.what());
            throw;
        }
    }

private:
    void removeArtifactAt(const std::string& path);

    store::Store& m_store;
    int64_t m_runId;
    const EventSink& m_forward;
    const std::chrono::milliseconds m_batchInterval;
    std::vector<store::MetricPoint> m_pending;
    int64_t m_lastStep = -1;
    std::chrono::steady_clock::time_point m_lastFlush = std::chrono::steady_clock::now();
};

} // namespace lw::train
