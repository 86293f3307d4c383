#pragma once
// What every long CLI job shares: cancel on SIGINT/SIGTERM (the GUI's cancel button
// sends SIGTERM) and a progress line with an ETA.
#include "app/cli/cli_context.h"
#include "core/store/records.h"
#include "core/store/store.h"

#include <functional>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>

namespace lw::cli {

// While it lives, SIGINT/SIGTERM (the GUI's cancel) ask the job to stop: its progress
// callback sees requested() and ends the job through the core's cancel path, which
// removes what the job wrote. A second signal ends the process at once.
class CancelOnSignal {
public:
    CancelOnSignal();
    ~CancelOnSignal();
    bool requested() const { return m_requested.load(); }
    // Runs a job; when a signal stopped it, reports the cancel (exit status 3, a
    // `finished` event with status "cancelled") instead of the core's error.
    template <class Job> void run(CliContext& ctx, Job&& job)
    {
        try {
            job();
        } catch (const std::exception&) {
            if (!requested())
                throw;
            reportCancelled(ctx);
        }
    }

private:
    static void reportCancelled(CliContext& ctx);
    std::atomic<bool> m_requested{false};
};

// Progress on stderr ("importing 42% ... ETA 12s"), at most four times a second.
class ProgressLine {
public:
    explicit ProgressLine(std::string verb);
    void update(double fraction, const std::string& detail);
    void finish();

private:
    std::string m_verb;
    double m_start;
    double m_last = -1;
    bool m_shown = false;
};

// Progress as a line on stderr and, with --events, as "progress" events; returns false
// once a cancel was requested.
std::function<bool(double, const std::string&)> progressReporter(CliContext& ctx, ProgressLine& line,
                                                                 CancelOnSignal& cancel, const char* stage);

// A job's result: one JSON line (--json), a "result" event (--events), or a sentence.
void printResult(CliContext& ctx, bool json, const nlohmann::json& summary, const std::string& human);

// A model of the project as `llmwb models show` prints it.
nlohmann::json modelJson(const store::Store& store, const store::ModelRecord& m);

} // namespace lw::cli
