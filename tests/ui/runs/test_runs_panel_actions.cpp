// Runs panel, acting on runs: rename (F2), tags, notes, delete (with its confirmation,
// the run folder and checkpoint files), resume of an interrupted run; each change read
// back through the store API.
#include "panel_test_helpers.h"
#include "runs_fixture.h"

#include "core/store/run_lock.h"
#include "ui/panels/runs/run_details_pane.h"
#include "ui/panels/runs/run_display.h"
#include "test_registry.h"

#include <QAction>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace lw::store;
using lw::ui::RunsPanel;

class TestRunsPanelActions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void f2RenamesInTheTable();
    void tagsAreAddedToAndRemovedFromSelectedRuns();
    void notesAreSaved();
    void deleteRemovesTheRunItsFolderAndCheckpoints();
    void cancelledDeleteKeepsEverything();
    void runningRunIsNotDeleted();
    void resumeIsOfferedForAnInterruptedRun();

private:
    void clickButton(QAbstractButton* button);
    QToolButton* toolButtonFor(QAction* action);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RunsFixture> m_fixture;
    std::unique_ptr<RunsPanel> m_panel;
    int64_t m_done = 0, m_keep = 0, m_crashed = 0;
};

void TestRunsPanelActions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fixture = std::make_unique<RunsFixture>(m_dir->filePath("project"));
    m_done = m_fixture->addRun({"finished run", RunStatus::Completed, 30, 30, 2.0, {"baseline"}});
    m_keep = m_fixture->addRun({"keeper", RunStatus::Completed, 20, 20, 2.1});
    m_crashed = m_fixture->addRun({"crashed", RunStatus::Interrupted, 15, 100, 2.4});

    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(1200, 800);
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::runsRefreshed);
    m_panel->setProjectDir(m_fixture->dir());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(10000));
}

void TestRunsPanelActions::cleanup()
{
    m_panel.reset();
    m_fixture.reset();
    m_dir.reset();
}

void TestRunsPanelActions::clickButton(QAbstractButton* button)
{
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

QToolButton* TestRunsPanelActions::toolButtonFor(QAction* action)
{
    for (QToolBar* toolbar : m_panel->findChildren<QToolBar*>())
        if (auto* button = qobject_cast<QToolButton*>(toolbar->widgetForAction(action)))
            return button;
    return nullptr;
}

void TestRunsPanelActions::f2RenamesInTheTable()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_done));
    QTest::keyClick(m_panel->table(), Qt::Key_F2);
    auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY2(editor, "F2 should open an editor on the name");
    QCOMPARE(editor->text(), QString("finished run"));
    editor->selectAll();
    QTest::keyClicks(editor, "tiny gpt, lr 6e-4");
    QSignalSpy changed(m_panel.get(), &RunsPanel::storeChanged);
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_fixture->openStore().run(m_done).name, std::string("tiny gpt, lr 6e-4"));
    QTRY_VERIFY(panel_test::visibleNames(*m_panel).contains("tiny gpt, lr 6e-4"));
    // The other runs keep their names.
    QCOMPARE(m_fixture->openStore().run(m_keep).name, std::string("keeper"));
}

void TestRunsPanelActions::tagsAreAddedToAndRemovedFromSelectedRuns()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_done));
    QVERIFY(panel_test::clickRun(*m_panel, m_keep, Qt::ControlModifier));
    lw::ui::RunDetailsPane* details = m_panel->details();
    m_panel->tabs()->setCurrentWidget(details);

    QTest::keyClicks(details->newTagEdit(), "ablation");
    QSignalSpy changed(m_panel.get(), &RunsPanel::storeChanged);
    clickButton(details->addTagButton());
    QVERIFY(changed.wait(10000));
    const std::vector<std::string> both{"ablation", "baseline"};
    QCOMPARE(m_fixture->openStore().tags(m_done), both);
    QCOMPARE(m_fixture->openStore().tags(m_keep), std::vector<std::string>{"ablation"});
    QVERIFY(m_fixture->openStore().tags(m_crashed).empty());

    // The list shows the union of the selected runs' tags once the store is re-read.
    QListWidget* list = details->tagList();
    QTRY_COMPARE_WITH_TIMEOUT(list->count(), 2, 10000);
    QListWidgetItem* baseline = list->findItems("baseline", Qt::MatchStartsWith).value(0);
    QVERIFY(baseline);
    QVERIFY(baseline->text().contains("1 of 2")); // only one of the two carries it
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(baseline).center());
    changed.clear();
    clickButton(details->removeTagButton());
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_fixture->openStore().tags(m_done), std::vector<std::string>{"ablation"});
    QCOMPARE(m_fixture->openStore().tags(m_keep), std::vector<std::string>{"ablation"});
}

void TestRunsPanelActions::notesAreSaved()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_keep));
    lw::ui::RunDetailsPane* details = m_panel->details();
    m_panel->tabs()->setCurrentWidget(details);
    QPlainTextEdit* notes = details->notesEdit();
    QVERIFY(!details->saveNotesButton()->isEnabled());
    QTest::mouseClick(notes->viewport(), Qt::LeftButton);
    QTest::keyClicks(notes, "Loss plateaus at 2.1.");
    QTest::keyClick(notes, Qt::Key_Return);
    QTest::keyClicks(notes, "Try a longer warm-up.");
    QSignalSpy changed(m_panel.get(), &RunsPanel::storeChanged);
    clickButton(details->saveNotesButton());
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_fixture->openStore().run(m_keep).notes, std::string("Loss plateaus at 2.1.\nTry a longer warm-up."));
    QVERIFY(m_fixture->openStore().run(m_done).notes.empty());
    QVERIFY(!details->saveNotesButton()->isEnabled());
}

void TestRunsPanelActions::deleteRemovesTheRunItsFolderAndCheckpoints()
{
    const std::string runDir = m_fixture->runDir(m_done);
    const std::vector<std::string> checkpoints = m_fixture->checkpointPaths(m_done);
    QCOMPARE(checkpoints.size(), size_t(3)); // two periodic, one best
    qint64 bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(runDir))
        if (entry.is_regular_file())
            bytes += qint64(entry.file_size());
    for (const auto& path : checkpoints)
        QVERIFY(fs::exists(path));

    QVERIFY(panel_test::clickRun(*m_panel, m_done));
    panel_test::DialogAnswerer answer("deleteConfirmation", "confirmDelete");
    QSignalSpy changed(m_panel.get(), &RunsPanel::storeChanged);
    QTest::keyClick(m_panel->table(), Qt::Key_Delete);
    QVERIFY(changed.wait(10000));
    QVERIFY(answer.answered());
    // The question said what would go, and how much.
    QVERIFY2(answer.text().contains("finished run"), qPrintable(answer.text()));
    QVERIFY(answer.text().contains(QString::fromStdString(runDir)));
    QVERIFY(answer.text().contains("3 checkpoint"));
    QVERIFY2(answer.text().contains(lw::ui::formatBytes(bytes)), qPrintable(answer.text()));

    QVERIFY(!m_fixture->openStore().findRun(m_done));
    QVERIFY(!fs::exists(runDir));
    for (const auto& path : checkpoints)
        QVERIFY(!fs::exists(path));
    QTRY_COMPARE(panel_test::visibleRowOf(*m_panel, m_done), -1);
    QVERIFY(fs::exists(m_fixture->runDir(m_keep)));
    QCOMPARE(m_fixture->checkpointPaths(m_keep).size(), size_t(3));
    QCOMPARE(panel_test::visibleNames(*m_panel).size(), 2);
}

void TestRunsPanelActions::cancelledDeleteKeepsEverything()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_done));
    panel_test::DialogAnswerer answer("deleteConfirmation", "cancel");
    QAction* remove = nullptr;
    for (QAction* action : m_panel->actions())
        if (action->text() == "Delete")
            remove = action;
    clickButton(toolButtonFor(remove)); // the toolbar's Delete this time
    QTRY_VERIFY_WITH_TIMEOUT(answer.answered(), 10000);
    QTRY_VERIFY(!m_panel->isBusy());
    QVERIFY(m_fixture->openStore().findRun(m_done));
    QVERIFY(fs::exists(m_fixture->runDir(m_done)));
    QVERIFY(panel_test::visibleRowOf(*m_panel, m_done) >= 0);
}

void TestRunsPanelActions::runningRunIsNotDeleted()
{
    const int64_t live = m_fixture->addRun({"live", RunStatus::Running, 10, 100, 2.0});
    RunLock lock(m_fixture->runDir(live)); // its trainer is alive
    m_panel->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(panel_test::visibleRowOf(*m_panel, live) >= 0, 10000);
    QAbstractItemModel* model = m_panel->table()->model();
    QCOMPARE(model->index(panel_test::visibleRowOf(*m_panel, live), lw::ui::RunsTableModel::StatusColumn)
                 .data()
                 .toString(),
        QString("Running"));

    QVERIFY(panel_test::clickRun(*m_panel, live));
    panel_test::DialogAnswerer answer("deleteConfirmation", "ok");
    QTest::keyClick(m_panel->table(), Qt::Key_Delete);
    QTRY_VERIFY_WITH_TIMEOUT(answer.answered(), 10000);
    QVERIFY(answer.text().contains("cancel them first"));
    QTRY_VERIFY(!m_panel->isBusy());
    QVERIFY(m_fixture->openStore().findRun(live));
    QVERIFY(fs::exists(m_fixture->runDir(live)));
}

void TestRunsPanelActions::resumeIsOfferedForAnInterruptedRun()
{
    QToolButton* resume = toolButtonFor(m_panel->resumeAction());
    QVERIFY(resume);
    QSignalSpy resumed(m_panel.get(), &RunsPanel::resumeRequested);

    QVERIFY(panel_test::clickRun(*m_panel, m_done)); // completed: nothing to resume
    QTRY_VERIFY(!resume->isEnabled());

    QVERIFY(panel_test::clickRun(*m_panel, m_crashed));
    QTRY_VERIFY(resume->isEnabled());
    QTest::mouseClick(resume, Qt::LeftButton);
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.first().first().toLongLong(), m_crashed);
}

LW_TEST_MAIN(TestRunsPanelActions)
#include "test_runs_panel_actions.moc"
