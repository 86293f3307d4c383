// Which model the Chat panel offers first, read from a real project store whose runs
// the test writes: the best completed run (lowest best validation loss), not the newest
// run when that one was cancelled or still trains; the demo model when no run has
// completed. Once a model is in use a refreshed list never changes it by itself (a
// checkpoint written by a training run is listed, not chosen), and a renamed run is
// listed under its new name.
#include "core/store/project.h"
#include "core/store/store.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/model_catalog.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QFile>
#include <QtTest>

#include <optional>

using namespace lw::ui;

namespace {

struct WrittenRun {
    qint64 id = 0;
    QString best; // its best checkpoint's absolute path
};

// A run with a best checkpoint file (the catalog lists only files that exist).
WrittenRun writeRun(const lw::store::Project& project, const std::string& name, lw::store::RunStatus status,
                    std::optional<double> bestValLoss)
{
    lw::store::Store store = project.openStore();
    WrittenRun run;
    run.id = project.createRun(store, lw::store::NewRun(name));
    const std::string runDir = store.absolutePath(store.run(run.id).runDir);
    run.best = QString::fromStdString(runDir + "/best.safetensors");
    QFile file(run.best);
    if (!file.open(QIODevice::WriteOnly) || file.write("weights") != 7)
        qFatal("cannot write %s", qPrintable(run.best));
    lw::store::Artifact best;
    best.runId = run.id;
    best.kind = lw::store::kArtifactBest;
    best.path = store.storablePath(run.best.toStdString());
    best.step = 100;
    store.addArtifact(best);
    if (bestValLoss)
        store.setBestValLoss(run.id, *bestValLoss, 100);
    store.setRunStatus(run.id, status);
    return run;
}

} // namespace

class TestChatModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theDemoModelWhenNoRunCompleted();
    void theBestCompletedRunNotTheNewest();
    void aRefreshNeverChangesTheModelInUse();
    void aRenamedRunIsListedUnderItsNewName();

private:
    QTemporaryDir m_dir;
};

void TestChatModels::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
}

void TestChatModels::theDemoModelWhenNoRunCompleted()
{
    const QString dir = m_dir.filePath(QStringLiteral("none-completed"));
    const auto project = lw::store::Project::openOrCreate(dir.toStdString(), "p");
    const WrittenRun cancelled = writeRun(project, "stopped", lw::store::RunStatus::Cancelled, 1.2);
    const ModelCatalog catalog = ModelCatalog::load(dir);
    QVERIFY(catalog.error.isEmpty());
    QVERIFY(catalog.indexOf(cancelled.best) > 0); // listed, to be chosen by hand
    QCOMPARE(catalog.defaultKey, QStringLiteral("demo"));
}

void TestChatModels::theBestCompletedRunNotTheNewest()
{
    const QString dir = m_dir.filePath(QStringLiteral("several"));
    const auto project = lw::store::Project::openOrCreate(dir.toStdString(), "p");
    writeRun(project, "early", lw::store::RunStatus::Completed, 2.4);
    const WrittenRun good = writeRun(project, "good", lw::store::RunStatus::Completed, 1.7);
    writeRun(project, "unmeasured", lw::store::RunStatus::Completed, std::nullopt);
    writeRun(project, "cancelled-but-low", lw::store::RunStatus::Cancelled, 1.1);
    writeRun(project, "worse", lw::store::RunStatus::Completed, 3.0); // the newest completed
    const ModelCatalog catalog = ModelCatalog::load(dir);
    QCOMPARE(catalog.defaultKey, good.best);

    ModelPicker picker;
    picker.setCatalog(catalog);
    QCOMPARE(picker.currentKey(), good.best);
}

void TestChatModels::aRefreshNeverChangesTheModelInUse()
{
    const QString dir = m_dir.filePath(QStringLiteral("refresh"));
    const auto project = lw::store::Project::openOrCreate(dir.toStdString(), "p");
    const WrittenRun first = writeRun(project, "first", lw::store::RunStatus::Completed, 2.0);
    ModelPicker picker;
    QSignalSpy changed(&picker, &ModelPicker::choiceChanged);
    picker.setCatalog(ModelCatalog::load(dir));
    QCOMPARE(picker.currentKey(), first.best);

    // Not in use yet (the panel was never shown): a better run that completes is offered.
    const WrittenRun better = writeRun(project, "better", lw::store::RunStatus::Completed, 1.0);
    picker.setCatalog(ModelCatalog::load(dir));
    QCOMPARE(picker.currentKey(), better.best);
    picker.settle(); // the panel loads it
    changed.clear();

    // A run training now writes a checkpoint, and an even better run completes: both are
    // listed, the model in use stays.
    writeRun(project, "training", lw::store::RunStatus::Running, 0.7);
    const WrittenRun best = writeRun(project, "best", lw::store::RunStatus::Completed, 0.5);
    const ModelCatalog refreshed = ModelCatalog::load(dir);
    QCOMPARE(refreshed.defaultKey, best.best);
    picker.setCatalog(refreshed);
    QCOMPARE(picker.currentKey(), better.best);
    QCOMPARE(picker.count(), refreshed.models.size());
    QCOMPARE(changed.size(), 0);

    // Its checkpoint gone (the run deleted): the default takes its place.
    QVERIFY(QFile::remove(better.best));
    picker.setCatalog(ModelCatalog::load(dir));
    QCOMPARE(picker.currentKey(), best.best);
    QCOMPARE(changed.size(), 1);
}

void TestChatModels::aRenamedRunIsListedUnderItsNewName()
{
    const QString dir = m_dir.filePath(QStringLiteral("rename"));
    const auto project = lw::store::Project::openOrCreate(dir.toStdString(), "p");
    const WrittenRun run = writeRun(project, "before", lw::store::RunStatus::Completed, 2.0);
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    JobSupervisor supervisor;
    ChatPanel panel(&supervisor, &preferences); // not shown: nothing is loaded
    QSignalSpy refreshed(&panel, &ChatPanel::modelsRefreshed);
    panel.setProjectDir(dir);
    QVERIFY(refreshed.wait(10000));
    const int index = panel.modelPicker()->findData(run.best);
    QVERIFY(index > 0);
    QVERIFY(panel.modelPicker()->itemText(index).contains(QStringLiteral("before")));

    project.openStore().renameRun(run.id, "story-teller");
    panel.refreshModels(); // what the window does when the Runs panel writes the store
    QVERIFY(refreshed.wait(10000));
    const QString label = panel.modelPicker()->itemText(panel.modelPicker()->findData(run.best));
    QVERIFY2(label.contains(QStringLiteral("story-teller")) && !label.contains(QStringLiteral("before")), qPrintable(label));
    QCOMPARE(panel.modelPicker()->currentKey(), run.best);
}

LW_TEST_MAIN(TestChatModels)
#include "test_chat_models.moc"
