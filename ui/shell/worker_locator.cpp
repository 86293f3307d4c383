#include "ui/shell/worker_locator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace lw::ui {

namespace {

constexpr const char* kWorkerName = "llmwb";

bool isExecutable(const QString& path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

} // namespace

QString workerProgramPath()
{
    const QString overridePath = qEnvironmentVariable("LLMWB_WORKER");
    if (!overridePath.isEmpty())
        return overridePath;
    const QString besideApp = QDir(QCoreApplication::applicationDirPath()).filePath(QLatin1String(kWorkerName));
    if (isExecutable(besideApp))
        return besideApp;
    const QString binDir = qEnvironmentVariable("LLMWB_BIN_DIR");
    if (!binDir.isEmpty() && isExecutable(QDir(binDir).filePath(QLatin1String(kWorkerName))))
        return QDir(binDir).filePath(QLatin1String(kWorkerName));
    const QString onPath = QStandardPaths::findExecutable(QLatin1String(kWorkerName));
    return onPath.isEmpty() ? QString::fromLatin1(kWorkerName) : onPath;
}

} // namespace lw::ui
