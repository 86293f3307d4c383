#include "core/train/run_recorder.h"

namespace lw::train {

void RunRecorder::operator()(const nlohmann::json& e)
{
    const std::string type = e.value("event", "");
    nlohmann::json event = e;
    event["run_id"] = m_runId;
    auto addExtraMetrics = [&](int64_t step, double t) {
        if (auto it = e.find("metrics"); it != e.end() && it->is_object())
            for (const auto& [name, value] : it->items())
                if (value.is_number())
                    m_pending.push_back({step, name, value.get<double>(), t});
    };
    if (type == "step") {
        const int64_t step = e["step"].get<int64_t>();
        const double t = e["time"].get<double>();
        for (const char* name : {"loss", "lr", "grad_norm", "tokens_per_s"})
            m_pending.push_back({step, name, e[name].get<double>(), t});
        addExtraMetrics(step, t);
        const bool firstStep = m_lastStep < 0;
        m_lastStep = step;
        if (firstStep || std::chrono::steady_clock::now() - m_lastFlush > m_batchInterval)
            flush();
    } else if (type == "eval") {
        const int64_t step = e["step"].get<int64_t>();
        const double t = e["time"].get<double>();
        m_pending.push_back({step, "val_loss", e["val_loss"].get<double>(), t});
        addExtraMetrics(step, t);
        flush();
    } else if (type == "sample") {
        m_store.addSample(m_runId, e["step"].get<int64_t>(), e["text"].get<std::string>(), e["time"].get<double>());
    } else if (type == "checkpoint") {
        flush();
        for (const auto& removed : e["removed"])
            removeArtifactAt(removed.get<std::string>());
        const std::string kind = e["kind"] == "best" ? store::kArtifactBest : store::kArtifactCheckpoint;
        if (kind == store::kArtifactBest)
            for (const auto& a : m_store.artifacts(m_runId, store::kArtifactBest))
                m_store.removeArtifact(a.id); // best.ckpt is rewritten in place
        store::Artifact a;
        a.runId = m_runId;
        a.kind = kind;
        a.path = m_store.storablePath(e["path"].get<std::string>());
        a.step = e["step"].get<int64_t>();
        a.sizeBytes = e["bytes"].get<int64_t>();
        a.sha256 = e["sha256"].get<std::string>();
        m_store.addArtifact(a);
    } else if (type == "status") {
        flush();
        const std::string status = e["status"].get<std::string>();
        if (status == "paused")
            m_store.setRunStatus(m_runId, store::RunStatus::Paused);
        else if (status == "running")
            m_store.setRunStatus(m_runId, store::RunStatus::Running);
    } else if (type == "finished") {
        flush();
    }
    if (m_forward)
        m_forward(event);
}

void RunRecorder::flush()
{
    if (!m_pending.empty()) {
        m_store.appendMetrics(m_runId, m_pending);
        m_pending.clear();
    } else if (m_lastStep >= 0) {
        m_store.heartbeat(m_runId, m_lastStep);
    }
    m_lastFlush = std::chrono::steady_clock::now();
}

void RunRecorder::removeArtifactAt(const std::string& path)
{
    const std::string stored = m_store.storablePath(path);
    for (const auto& a : m_store.artifacts(m_runId))
        if (a.path == stored)
            m_store.removeArtifact(a.id);
}

} // namespace lw::train
