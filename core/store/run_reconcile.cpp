// Finding runs whose process died without recording an end.
#include "core/store/run_lock.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/store/transaction.h"
#include "core/util/paths.h"

namespace lw::store {

namespace {

struct Candidate {
    int64_t id;
    std::string status;
    std::string runDir;
    std::optional<int64_t> pid;
};

std::string interruptionMessage(const Candidate& run)
{
    std::string message = "the process";
    if (run.pid)
        message += " (pid " + std::to_string(*run.pid) + ")";
    return message + " stopped while the run was " + run.status + ", without recording an end";
}

} // namespace

std::vector<int64_t> Store::reconcileInterruptedRuns()
{
    // First without the write lock: usually every candidate is alive and nothing is to
    // be written, and a reader should not queue behind the trainer for nothing.
    std::vector<Candidate> dead;
    {
        // Only this host's runs: another machine's flock cannot be seen from here.
        Query q = m_connection->query(
            "SELECT id, status, run_dir, pid FROM runs WHERE host = ? AND "
            "(status IN ('running', 'paused') OR (status = 'created' AND pid IS NOT NULL))",
            util::hostName());
        while (q.next()) {
            Candidate run{q.int64(0), q.text(1), q.text(2), q.optionalInt64(3)};
            if (!RunLock::isHeld(absolutePath(run.runDir)))
                dead.push_back(std::move(run));
        }
    }
    if (dead.empty())
        return {};

    // Then under the write lock, probing again: the status must still be the one seen
    // (a run that ended meanwhile keeps its end) and the lock still free (a run that
    // just started keeps 'running').
    Transaction transaction(*m_connection);
    std::vector<int64_t> interrupted;
    for (const auto& run : dead) {
        if (RunLock::isHeld(absolutePath(run.runDir)))
            continue;
        // ended_at: the last heartbeat, the last moment the run was known to be alive.
        m_connection
            ->query("UPDATE runs SET status = 'interrupted', ended_at = updated_at, "
                    "error_message = ? WHERE id = ? AND status = ?",
                interruptionMessage(run), run.id, run.status)
            .run();
        if (m_connection->changes() > 0)
            interrupted.push_back(run.id);
    }
    transaction.commit();
    return interrupted;
}

} // namespace lw::store
