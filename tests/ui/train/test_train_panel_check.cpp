// The Train panel's Check: `llmwb train --check` runs as a job on the setup Start would
// use, its report shows the figures and findings, an error (here a dataset shorter than
// one sequence) blocks Start with the reason beside it, and changing the setup clears the
// report and unblocks Start. The check creates no run in the project. A check still
// running when the setup changes, or a report when another project opens, is dropped.
#include "train_panel_fixture.h"

#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/train_check_section.h"
#include "ui/panels/train/train_setup_view.h"
#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QtTest>

using namespace lw::ui;

class TestTrainCheckPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checkShowsTheReportAndAnErrorBlocksStart();
    void aCheckOfAnOldSetupOrProjectIsDropped();

private:
    int runFolders() const
    {
        return int(QDir(m_demo.projectDir + QStringLiteral("/runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
    }

    QTemporaryDir m_dir;
    DemoProjectInfo m_demo;
    QString m_worker;
};

void TestTrainCheckPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_worker = ui_test::useBuiltWorker();
    m_demo = ui_test::makeDemoProject(m_dir.filePath(QStringLiteral("demo")));
    // A dataset of two sentences, in the demo's tokens: shorter than one sequence.
    const QString text = m_dir.filePath(QStringLiteral("short.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Once upon a time a cat sat.\n\nThe end.\n");
    file.close();
    QFile info(m_demo.datasetDir + QStringLiteral("/dataset.json"));
    QVERIFY(info.open(QIODevice::ReadOnly));
    const QString tokenizer = QJsonDocument::fromJson(info.readAll()).object().value("tokenizer_path").toString();
    QVERIFY2(QFileInfo::exists(tokenizer), qPrintable(tokenizer));
    QProcess prepare;
    prepare.start(m_worker, {"data", "prepare", "--project", m_demo.projectDir, "--input", text, "--tokenizer",
                             tokenizer, "--name", "two-sentences"});
    QVERIFY(prepare.waitForFinished(60000));
    QVERIFY2(prepare.exitCode() == 0, prepare.readAllStandardError().constData());
}

void TestTrainCheckPanel::checkShowsTheReportAndAnErrorBlocksStart()
{
    train_test::PanelFixture f(m_demo, 20, 10);
    TrainPanel& panel = f.panel;
    TrainCheckSection* check = panel.checkSection();
    QTRY_VERIFY_WITH_TIMEOUT(panel.startButton()->isEnabled(), 20000);
    QVERIFY(check->checkButton()->isEnabled());
    QVERIFY(!check->isVisible()); // nothing to show before the first check
    const int runsBefore = runFolders();

    QSignalSpy finished(check, &TrainCheckSection::checkFinished);
    QTest::mouseClick(check->checkButton(), Qt::LeftButton);
    QVERIFY(check->isChecking());
    QVERIFY(!panel.startButton()->isEnabled()); // not while the check runs
    QVERIFY(finished.wait(120000));
    QVERIFY2(check->hasReport(), qPrintable(check->figuresLabel()->text()));
    QVERIFY(!check->blocking());
    QVERIFY(check->isVisible());
    QVERIFY(check->figuresLabel()->text().contains(QStringLiteral("Memory")));
    QVERIFY(check->figuresLabel()->text().contains(QStringLiteral("per step")));
    QVERIFY(panel.startButton()->isEnabled());

    // The two-sentence dataset: the check's error blocks Start and says why.
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    panel.refreshCatalog();
    QVERIFY(refreshed.wait(20000));
    QVERIFY(panel.setupView()->datasetSection()->selectDataset(QStringLiteral("two-sentences")));
    QVERIFY(!check->hasReport()); // the setup changed
    QTest::mouseClick(check->checkButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QVERIFY(check->blocking());
    QVERIFY2(check->findingTexts().join('\n').contains(QStringLiteral("Error: The training split has")),
             qPrintable(check->findingTexts().join('\n')));
    QVERIFY(!panel.startButton()->isEnabled());
    QVERIFY2(panel.hintLabel()->text().startsWith(QStringLiteral("Start is blocked:")),
             qPrintable(panel.hintLabel()->text()));
    QVERIFY(check->figuresLabel()->text().contains(QStringLiteral("not timed")));

    // Back to the demo stories: the report is cleared and Start is free again.
    QVERIFY(panel.setupView()->datasetSection()->selectDataset(m_demo.datasetName));
    QVERIFY(!check->hasReport());
    QVERIFY(panel.startButton()->isEnabled());
    QCOMPARE(runFolders(), runsBefore);
}

void TestTrainCheckPanel::aCheckOfAnOldSetupOrProjectIsDropped()
{
    train_test::PanelFixture f(m_demo, 20, 10);
    TrainPanel& panel = f.panel;
    TrainCheckSection* check = panel.checkSection();
    QTRY_VERIFY_WITH_TIMEOUT(panel.startButton()->isEnabled(), 20000);
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    panel.refreshCatalog();
    QVERIFY(refreshed.wait(20000));

    // A check of the two-sentence dataset (whose report would block Start) is still
    // running when the setup goes back to the demo stories: it is stopped, and whatever
    // it still sends is not shown as the answer for the stories.
    QVERIFY(panel.setupView()->datasetSection()->selectDataset(QStringLiteral("two-sentences")));
    QSignalSpy ended(&f.supervisor, &JobSupervisor::jobEnded);
    QSignalSpy finished(check, &TrainCheckSection::checkFinished);
    QTest::mouseClick(check->checkButton(), Qt::LeftButton);
    QVERIFY(check->isChecking());
    QVERIFY(panel.setupView()->datasetSection()->selectDataset(m_demo.datasetName));
    QVERIFY(!check->isChecking());
    QVERIFY(check->checkButton()->isEnabled());
    QVERIFY(ended.wait(60000)); // the old check's process is gone
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QVERIFY(!check->hasReport());
    QVERIFY(!check->isVisible());
    QVERIFY(panel.startButton()->isEnabled());

    // A report of this project's setup is dropped when another project opens.
    QVERIFY(panel.setupView()->datasetSection()->selectDataset(QStringLiteral("two-sentences")));
    QTest::mouseClick(check->checkButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QVERIFY(check->blocking());
    QDir(m_dir.path()).mkpath(QStringLiteral("another-project"));
    panel.setProjectDir(m_dir.filePath(QStringLiteral("another-project")));
    QVERIFY(!check->hasReport());
    QVERIFY(!check->isVisible());
}

LW_TEST_MAIN(TestTrainCheckPanel)
#include "test_train_panel_check.moc"
