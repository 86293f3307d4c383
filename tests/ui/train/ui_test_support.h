#pragma once
// What the shell and Train panel tests share: settings kept in the test's own folder,
// the real worker of this build, the demo project made once per test program, and a
// demo configuration short enough for a test, and a run's metrics as the store has them.
#include "core/store/project.h"
#include "core/store/store.h"
#include "test_paths.h"
#include "ui/panels/train/processes_section.h"
#include "ui/shell/demo_bootstrap.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

namespace ui_test {

// A run's stored points of one metric, by step (read here, not through the panels' reader).
inline std::map<qint64, double> storedMetric(const QString& projectDir, qint64 runId, const char* name)
{
    auto project = lw::store::Project::open(projectDir.toStdString());
    lw::store::Store store = project.openStore();
    lw::store::MetricQuery query;
    query.name = name;
    std::map<qint64, double> points;
    for (const auto& point : store.metrics(runId, query))
        points[point.step] = point.value;
    return points;
}

// QSettings of this process go to `dir` (never the user's own settings).
inline void isolateSettings(const QString& dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("llm-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("llm-workbench-tests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QSettings().clear();
}

// The llmwb of this build, for the supervisor (LLMWB_WORKER wins over any other).
inline QString useBuiltWorker()
{
    QString binDir = qEnvironmentVariable("LLMWB_BIN_DIR");
    if (binDir.isEmpty())
        binDir = QString::fromUtf8(lw::test::binaryDir()) + QStringLiteral("/bin");
    const QString worker = QDir(binDir).filePath(QStringLiteral("llmwb"));
    qputenv("LLMWB_WORKER", worker.toUtf8());
    return worker;
}

// Makes (or finds) the demo project in `dir` with the app's own bootstrap.
inline lw::ui::DemoProjectInfo makeDemoProject(const QString& dir)
{
    lw::ui::DemoBootstrap bootstrap;
    QSignalSpy ready(&bootstrap, &lw::ui::DemoBootstrap::ready);
    QSignalSpy failed(&bootstrap, &lw::ui::DemoBootstrap::failed);
    bootstrap.start(dir);
    const bool done = QTest::qWaitFor([&] { return ready.count() + failed.count() > 0; }, 120000);
    if (!done || ready.isEmpty())
        qFatal("demo project: %s", failed.isEmpty() ? "timed out" : qPrintable(failed.first().first().toString()));
    return ready.first().first().value<lw::ui::DemoProjectInfo>();
}

// The demo configuration, cut down to `steps` steps with evaluations, samples and
// checkpoints along the way, on one thread (the test itself needs the other core).
inline QJsonObject shortDemoConfig(QJsonObject config, int steps, int every)
{
    config.insert(QStringLiteral("max_steps"), steps);
    config.insert(QStringLiteral("warmup_steps"), qMin(5, steps));
    config.insert(QStringLiteral("eval_every"), every);
    config.insert(QStringLiteral("eval_batches"), 2);
    config.insert(QStringLiteral("sample_every"), every);
    config.insert(QStringLiteral("sample_tokens"), 8);
    config.insert(QStringLiteral("checkpoint_every"), every);
    config.insert(QStringLiteral("batch_size"), 8);
    return config;
}

// The first visible label of `box` narrower than its text needs, described for a
// failure message ("'Nodes' has 40 of 52 px"), or "" when every label fits.
inline QString clippedLabelIn(QWidget* box)
{
    for (QLabel* label : box->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(box) || label->text().isEmpty())
            continue;
        // A wrapping label fits when it is as tall as its lines need at its width.
        if (label->wordWrap() && label->height() < label->heightForWidth(label->width()))
            return QStringLiteral("'%1' has %2 of %3 px in height").arg(label->text()).arg(label->height())
                .arg(label->heightForWidth(label->width()));
        if (!label->wordWrap() && label->width() < label->sizeHint().width())
            return QStringLiteral("'%1' has %2 of %3 px").arg(label->text()).arg(label->width())
                .arg(label->sizeHint().width());
    }
    return {};
}

// After a 2-process run `runId` stopped, the Processes box (Train and Fine-tune panels)
// shows its count with no note; set to 1, a note names the run and its last count, and
// its tooltip says dropout runs are then not bit-exact. Leaves the box at 1. Callers
// check QTest::currentTestFailed() after it.
inline void checkResumeNoteOnAnotherCount(lw::ui::ProcessesSection* section, qint64 runId)
{
    QCOMPARE(section->resumeRunId(), runId);
    QCOMPARE(section->processesSpin()->value(), 2);
    QVERIFY(!section->resumeNote()->isVisibleTo(section));
    section->processesSpin()->setValue(1);
    QVERIFY(section->resumeNote()->isVisibleTo(section));
    QVERIFY2(section->resumeNote()->text().contains(QStringLiteral("#%1").arg(runId)) &&
                 section->resumeNote()->text().contains(QStringLiteral("last session: 2")),
             qPrintable(section->resumeNote()->text()));
    QVERIFY(section->resumeNote()->toolTip().contains(QStringLiteral("dropout")));
    QVERIFY(section->resumeNote()->toolTip().contains(QStringLiteral("not bit-exact")));
}

// The arguments process `pid` was started with (/proc/<pid>/cmdline), program first;
// empty once it has ended.
inline QStringList processCommandLine(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (pid <= 0 || !file.open(QIODevice::ReadOnly))
        return {};
    QStringList args;
    for (const QByteArray& arg : file.readAll().split('\0'))
        if (!arg.isEmpty())
            args << QString::fromLocal8Bit(arg);
    return args;
}

} // namespace ui_test
