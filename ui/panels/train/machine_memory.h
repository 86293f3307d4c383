#pragma once
// How much memory a run can have: the computer's RAM, or the GPU's when training runs
// on one (asked of nvidia-smi, without waiting on it), to warn before a model that
// cannot fit is started.
#include <QHash>
#include <QObject>
#include <QString>

namespace lw::ui {

// Physical memory of this computer in bytes (0 when unknown).
qint64 physicalMemoryBytes();

// "cuda" -> 0, "cuda:2" -> 2; -1 for other devices.
int cudaDeviceIndex(const QString& device);

// The total memory of GPU `index` from `nvidia-smi --query-gpu=memory.total
// --format=csv,noheader,nounits` (one line per GPU, in MiB); 0 when not listed.
qint64 parseNvidiaSmiTotalMemory(const QByteArray& output, int index);

class DeviceMemoryProbe : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // The memory training on `device` has: RAM for "cpu", the GPU's for "cuda[:N]"
    // once known (0 until then, or when it cannot be found out).
    qint64 memoryFor(const QString& device) const;
    // Starts finding out a GPU's memory (once per device); memoryKnown tells the result.
    void probe(const QString& device);
    // A probe may be running (tests wait on it).
    bool isProbing() const { return m_running > 0; }

Q_SIGNALS:
    void memoryKnown(const QString& device, qint64 bytes);

private:
    QHash<QString, qint64> m_gpuBytes; // by device; 0: asked, unknown
    int m_running = 0;
};

} // namespace lw::ui
