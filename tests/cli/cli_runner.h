#pragma once
// Runs the real llmwb binary as a user would, capturing its output and exit code.
#include "test_paths.h"
#include <QProcess>
#include <QStringList>
#include <QtTest>

namespace lw::test {

struct CliResult {
    int exitCode = -1;
    QString out, err;
    QString all() const { return out + err; }
};

inline QString llmwbPath()
{
    return qEnvironmentVariable("LLMWB_BIN_DIR", QString::fromUtf8(binaryDir()) + "/bin") + "/llmwb";
}

inline QString sharedData(const QString& name)
{
    return qEnvironmentVariable("LW_SHARED_DATA", QString::fromUtf8(sourceDir()) + "/../shared/data") + "/" + name;
}

inline CliResult runCli(const QStringList& args, int timeoutMs = 120000, const QByteArray& input = {})
{
    QProcess p;
    p.start(llmwbPath(), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(timeoutMs);
    CliResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace lw::test
