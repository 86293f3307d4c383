#pragma once
// Runs the real llmwb binary as a user would, capturing its output and exit code.
#include "test_paths.h"
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QtTest>

#include <vector>

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

// The --events lines of standard output whose "event" is `name`, in order.
inline QList<QJsonObject> eventsNamed(const CliResult& r, const QString& name)
{
    QList<QJsonObject> out;
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"].toString() == name)
            out.append(e);
    }
    return out;
}

// The JSON object on the last line of standard output (what --json prints).
inline QJsonObject lastJsonObject(const CliResult& r)
{
    const auto lines = r.out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last().toUtf8()).object();
}

// The token ids of `generate --json`'s answer.
inline std::vector<int64_t> generatedIds(const CliResult& r)
{
    std::vector<int64_t> ids;
    for (const auto& token : lastJsonObject(r)["tokens"].toArray())
        ids.push_back(token.toObject()["id"].toInteger());
    return ids;
}

// sha256 of a file as `sha256sum` prints it ("" when unreadable).
inline QString fileSha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace lw::test
