#pragma once
// What the Fine-tune tests share: a demo project in the test's folder with the demo
// model trained briefly (`llmwb train --demo`) and one real demo fine-tune of it
// (`llmwb finetune --demo --max-steps 8 --events`), whose event lines are kept in a file
// so that the panel can be fed exactly what the worker wrote.
#include "core/finetune/demo_instructions.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "ui/train/ui_test_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <nlohmann/json.hpp>
#include <string>

namespace finetune_test {

struct FinetuneFixture {
    QString projectDir;
    QString eventsFile; // the fine-tune's stdout, one event per line
    QList<QJsonObject> events;
    qint64 demoRunId = 0;
    qint64 finetuneRunId = 0;
    QString adapterDir;
};

inline bool runWorker(const QString& worker, const QStringList& arguments, QByteArray* out, int timeoutMs)
{
    QProcess process;
    process.start(worker, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return false;
    }
    if (out)
        *out = process.readAllStandardOutput();
    if (process.exitCode() != 0)
        qWarning("llmwb %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 process.readAllStandardError().constData());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// Returns false (with a warning saying which step failed) when the worker fails.
inline bool makeFinetuneFixture(const QString& dir, const QString& worker, FinetuneFixture* fixture)
{
    fixture->projectDir = dir + QStringLiteral("/project");
    // A short demo run: enough for a checkpoint, on one thread (the test needs the other core).
    QByteArray trainOut;
    if (!runWorker(worker,
                   {QStringLiteral("train"), QStringLiteral("--demo"), QStringLiteral("--project"), fixture->projectDir,
                    QStringLiteral("--max-steps"), QStringLiteral("30"), QStringLiteral("--events")},
                   &trainOut, 300000))
        return false;
    for (const QByteArray& line : trainOut.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value(QLatin1String("event")).toString() == QLatin1String("run_started"))
            fixture->demoRunId = qint64(e.value(QLatin1String("run_id")).toDouble());
    }
    QByteArray out;
    if (!runWorker(worker,
                   {QStringLiteral("finetune"), QStringLiteral("--demo"), QStringLiteral("--project"),
                    fixture->projectDir, QStringLiteral("--max-steps"), QStringLiteral("8"),
                    QStringLiteral("--eval-every"), QStringLiteral("4"), QStringLiteral("--events")},
                   &out, 300000))
        return false;
    fixture->eventsFile = dir + QStringLiteral("/finetune-events.jsonl");
    QFile file(fixture->eventsFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size())
        return false;
    for (const QByteArray& line : out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.isEmpty())
            continue;
        fixture->events.append(e);
        if (e.value(QLatin1String("event")).toString() == QLatin1String("run_started")) {
            fixture->finetuneRunId = qint64(e.value(QLatin1String("run_id")).toDouble());
            fixture->adapterDir = e.value(QLatin1String("run_dir")).toString() + QStringLiteral("/adapter");
        }
    }
    return fixture->demoRunId > 0 && fixture->finetuneRunId > 0;
}

// A worker that answers every command with the lines of `eventsFile` (a shell script in
// `dir`): the panel under test then reads exactly what a real run wrote.
inline QString replayWorker(const QString& dir, const QString& eventsFile)
{
    const QString path = dir + QStringLiteral("/replay-worker.sh");
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly))
        return {};
    script.write(QStringLiteral("#!/bin/sh\ncat '%1'\n").arg(eventsFile).toUtf8());
    script.close();
    script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
    return path;
}

// Imports "only-ham": labelled texts whose rows name the classes ham and spam but only
// ever answer ham, so a classifier could never learn to say spam (the classification
// check's error).
inline void importOnlyHamMessages(const QString& projectDir)
{
    const auto project = lw::store::Project::open(projectDir.toStdString());
    std::string onlyHam;
    for (int i = 0; i < 60; ++i)
        onlyHam += nlohmann::json{{"question", "Message " + std::to_string(i) + ": see you by the river after lunch"},
                                  {"choices", {"ham", "spam"}},
                                  {"answer", "ham"}}
                       .dump() +
                   "\n";
    lw::store::Store store = project.openStore();
    lw::finetune::importDemoRecords(project, store, "only-ham", onlyHam, "mc", "question");
}

} // namespace finetune_test
