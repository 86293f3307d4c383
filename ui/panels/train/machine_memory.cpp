#include "ui/panels/train/machine_memory.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <unistd.h>

namespace lw::ui {

namespace {

constexpr int kProbeTimeoutMs = 10000;

} // namespace

qint64 physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? qint64(pages) * qint64(pageSize) : 0;
}

int cudaDeviceIndex(const QString& device)
{
    static const QRegularExpression cuda(QStringLiteral("^cuda(?::(\\d+))?$"));
    const auto match = cuda.match(device.trimmed());
    if (!match.hasMatch())
        return -1;
    return match.captured(1).isEmpty() ? 0 : match.captured(1).toInt();
}

qint64 parseNvidiaSmiTotalMemory(const QByteArray& output, int index)
{
    const QList<QByteArray> lines = output.trimmed().split('\n');
    if (index < 0 || index >= lines.size())
        return 0;
    bool ok = false;
    const qint64 mebibytes = lines[index].trimmed().toLongLong(&ok);
    return ok && mebibytes > 0 ? mebibytes * 1024 * 1024 : 0;
}

qint64 DeviceMemoryProbe::memoryFor(const QString& device) const
{
    if (cudaDeviceIndex(device) < 0)
        return physicalMemoryBytes();
    return m_gpuBytes.value(device.trimmed(), 0);
}

void DeviceMemoryProbe::probe(const QString& device)
{
    const QString key = device.trimmed();
    const int index = cudaDeviceIndex(key);
    if (index < 0 || m_gpuBytes.contains(key))
        return;
    m_gpuBytes.insert(key, 0);
    const QString program = QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"));
    if (program.isEmpty()) {
        Q_EMIT memoryKnown(key, 0);
        return;
    }
    auto* process = new QProcess(this);
    ++m_running;
    connect(process, &QProcess::finished, this, [this, process, key, index](int exitCode, QProcess::ExitStatus status) {
        const qint64 bytes = status == QProcess::NormalExit && exitCode == 0
            ? parseNvidiaSmiTotalMemory(process->readAllStandardOutput(), index) : 0;
        m_gpuBytes.insert(key, bytes);
        --m_running;
        process->deleteLater();
        Q_EMIT memoryKnown(key, bytes);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, key](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        --m_running;
        process->deleteLater();
        Q_EMIT memoryKnown(key, 0);
    });
    QTimer::singleShot(kProbeTimeoutMs, process, [process] { process->kill(); });
    process->start(program, {QStringLiteral("--query-gpu=memory.total"), QStringLiteral("--format=csv,noheader,nounits")});
}

} // namespace lw::ui
