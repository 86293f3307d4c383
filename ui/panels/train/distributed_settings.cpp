#include "ui/panels/train/distributed_settings.h"

#include <QCoreApplication>

namespace lw::ui {

namespace {

QString trDistributed(const char* text)
{
    return QCoreApplication::translate("lw::ui::DistributedSettings", text);
}

} // namespace

bool DistributedSettings::operator==(const DistributedSettings& other) const
{
    return processes == other.processes && nodes == other.nodes && nodeRank == other.nodeRank &&
           masterAddress == other.masterAddress && masterPort == other.masterPort;
}

QStringList distributedArguments(const DistributedSettings& settings)
{
    if (settings.worldSize() <= 1)
        return {};
    QStringList args{QStringLiteral("--nproc-per-node"), QString::number(settings.processes)};
    if (settings.nodes > 1)
        args << QStringLiteral("--nnodes") << QString::number(settings.nodes) << QStringLiteral("--node-rank")
             << QString::number(settings.nodeRank) << QStringLiteral("--master-addr") << settings.masterAddress;
    if (settings.masterPort > 0)
        args << QStringLiteral("--master-port") << QString::number(settings.masterPort);
    return args;
}

QStringList resumeDistributedArguments(const DistributedSettings& settings, int recordedWorldSize)
{
    QStringList args = distributedArguments(settings);
    if (args.isEmpty() && recordedWorldSize > 1)
        args = {QStringLiteral("--nproc-per-node"), QStringLiteral("1")};
    return args;
}

QString distributedProblem(const DistributedSettings& settings, qint64 batchSize)
{
    if (settings.worldSize() <= 1)
        return {};
    if (settings.nodes > 1) {
        if (settings.nodeRank >= settings.nodes)
            return trDistributed("This node's rank (%1) must be below the number of nodes (%2): the nodes are "
                                 "numbered from 0.")
                .arg(settings.nodeRank)
                .arg(settings.nodes);
        if (settings.masterAddress.trimmed().isEmpty())
            return trDistributed("Give the master address: the address of node 0, which every node can reach.");
    }
    if (batchSize % settings.worldSize() != 0)
        return trDistributed("The batch size (%1) must be a multiple of the number of processes (%2): each "
                             "process trains an equal share of every batch.")
            .arg(batchSize)
            .arg(settings.worldSize());
    return {};
}

} // namespace lw::ui
