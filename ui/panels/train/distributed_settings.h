#pragma once
// How many processes train a run (`llmwb train --nproc-per-node`, and for a run over
// several machines --nnodes, --node-rank, --master-addr, --master-port): the flags the
// worker gets and the checks made before a run starts.
#include <QString>
#include <QStringList>

namespace lw::ui {

struct DistributedSettings {
    int processes = 1;         // on this machine
    int nodes = 1;             // machines taking part
    int nodeRank = 0;          // this machine's index among them
    QString masterAddress = QStringLiteral("127.0.0.1");
    int masterPort = 0;        // 0: the worker picks (a free port, or 29500 across machines)

    int worldSize() const { return processes * nodes; }
    bool operator==(const DistributedSettings& other) const;
};

// The worker's flags; none for one process on one machine.
QStringList distributedArguments(const DistributedSettings& settings);
// The worker's flags to resume a run whose last session trained on `recordedWorldSize`
// processes: as for a new run, and an explicit single process where the run had more
// (without a flag the worker goes on with the recorded count).
QStringList resumeDistributedArguments(const DistributedSettings& settings, int recordedWorldSize);
// Why a run with `batchSize` rows per optimizer step cannot start on these processes, or "".
QString distributedProblem(const DistributedSettings& settings, qint64 batchSize);

} // namespace lw::ui
