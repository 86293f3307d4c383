#pragma once
// Runs hf_reference.py (Debian's python3 with python3-torch): tiny random Hugging Face
// folders written by independent code, and logits from an independent forward pass.
// Jobs are batched: starting Python with torch costs seconds.
#include "test_paths.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::test {

class HfReferenceBatch {
public:
    // Returns the job's index in the results.
    size_t make(const nlohmann::json& spec, const QString& folder)
    {
        return add({{"make", spec}, {"out", folder.toStdString()}});
    }
    size_t logits(const QString& folder, const std::vector<std::vector<int64_t>>& ids)
    {
        return add({{"logits", folder.toStdString()}, {"ids", ids}});
    }
    size_t tensors(const QString& folder) { return add({{"tensors", folder.toStdString()}}); }
    size_t greedy(const QString& folder, const std::vector<int64_t>& ids, int steps)
    {
        return add({{"greedy", folder.toStdString()}, {"ids", ids}, {"steps", steps}});
    }

    // Runs every job; false (with a warning) when the script fails.
    bool run(nlohmann::json& results)
    {
        QTemporaryDir dir;
        const QString jobsPath = dir.filePath("jobs.json");
        std::ofstream(jobsPath.toStdString()) << m_jobs.dump();
        QProcess python;
        const QString script = QString::fromStdString(std::string(sourceDir()) + "/tests/core/hf/hf_reference.py");
        python.start("/usr/bin/python3", {script, "batch", jobsPath});
        if (!python.waitForFinished(600000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
            qWarning("hf_reference.py failed: %s", python.readAllStandardError().constData());
            return false;
        }
        results = nlohmann::json::parse(python.readAllStandardOutput().toStdString());
        m_jobs = nlohmann::json::array();
        return results.is_array();
    }

private:
    size_t add(nlohmann::json job)
    {
        m_jobs.push_back(std::move(job));
        return m_jobs.size() - 1;
    }
    nlohmann::json m_jobs = nlohmann::json::array();
};

} // namespace lw::test
