// The Data panel with the real llmwb worker on a temporary project: the public
// instruction set imported by clicking shows up as a version with its row count; a
// malformed file's bad rows are listed by file, line, field and reason, in the preview
// and after an import that skips them; a running import shows the rows read so far
// and is cancelled from its row.
#include "shared_data.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/data_panel.h"
#include "ui/panels/data/import_file_list.h"
#include "ui/panels/data/import_page.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/versions_page.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::data;

class TestDataPanelImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void instructionSetBecomesAVersion();
    void malformedRowsAreListed();
    void runningImportIsCancelled();

private:
    QTreeWidgetItem* findVersion(const QString& name);
    QString writeFile(const QString& name, const QByteArray& bytes);

    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<JobSupervisor> m_supervisor;
    std::unique_ptr<DataPanel> m_panel;
};

void TestDataPanelImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_project = m_dir.filePath(QStringLiteral("project"));
    m_supervisor = std::make_unique<JobSupervisor>();
    m_panel = std::make_unique<DataPanel>(m_supervisor.get());
    m_panel->resize(1200, 760);
    m_panel->show();
    m_panel->setProjectDir(m_project);
}

QTreeWidgetItem* TestDataPanelImport::findVersion(const QString& name)
{
    const auto items = m_panel->versionsPage()->tree()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return items.isEmpty() ? nullptr : items.first();
}

QString TestDataPanelImport::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return file.fileName();
}

void TestDataPanelImport::instructionSetBecomesAVersion()
{
    const QString path = QString::fromStdString(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json"));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    // The rows to expect, counted here from the file itself.
    const int expectedRows = int(QJsonDocument::fromJson(file.readAll()).array().size());
    QVERIFY(expectedRows > 0);

    ImportPage* page = m_panel->importPage();
    m_panel->tabs()->setCurrentWidget(page);
    QCOMPARE(page->files()->addPaths({path}), 1);
    // The preview reads the file's first rows and says the layout it found.
    QTRY_VERIFY_WITH_TIMEOUT(page->previewTable()->rowCount() == ImportPage::kPreviewRows, 30000);
    QVERIFY2(page->detectedLabel()->text().contains(QStringLiteral("alpaca")), qPrintable(page->detectedLabel()->text()));
    QCOMPARE(page->previewTable()->item(0, 1)->text(), QStringLiteral("chat"));
    QCOMPARE(page->problemsTable()->rowCount(), 0);

    page->nameEdit()->setText(QStringLiteral("instructions"));
    QSignalSpy imported(page, &ImportPage::imported);
    QVERIFY(page->importButton()->isEnabled());
    QTest::mouseClick(page->importButton(), Qt::LeftButton);
    QVERIFY(page->progressRow()->isVisible()); // the job row shows at once; the GUI did not wait
    QVERIFY(imported.wait(60000));
    QCOMPARE(imported.first().first().toString(), QStringLiteral("instructions"));
    QTRY_VERIFY_WITH_TIMEOUT(findVersion(QStringLiteral("instructions")), 20000);
    QTreeWidgetItem* item = findVersion(QStringLiteral("instructions"));
    QCOMPARE(item->text(2), QLocale().toString(expectedRows));
    QCOMPARE(item->text(3), QLocale().toString(0));
    // Its details: the source with its sha256, computed here independently.
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->versionsPage()->currentDataset() == QStringLiteral("instructions"), 10000);
    file.seek(0);
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->versionsPage()->details()->toPlainText().contains(sha), 20000);
}

void TestDataPanelImport::malformedRowsAreListed()
{
    // Line 2 is not JSON; line 4 has no "output"; lines 1, 3 and 5 are good rows.
    const QString path = writeFile(QStringLiteral("broken.jsonl"),
                                   "{\"instruction\":\"Say hi\",\"output\":\"hi\"}\n"
                                   "{\"instruction\": oops\n"
                                   "{\"instruction\":\"Count\",\"output\":\"1 2 3\"}\n"
                                   "{\"instruction\":\"No answer\"}\n"
                                   "{\"instruction\":\"Name a colour\",\"output\":\"blue\"}\n");
    QVERIFY(!path.isEmpty());
    ImportPage* page = m_panel->importPage();
    page->files()->clear();
    QCOMPARE(page->files()->addPaths({path}), 1);
    QTRY_VERIFY_WITH_TIMEOUT(page->previewTable()->rowCount() == 3 && page->problemsTable()->rowCount() == 2, 30000);
    QSet<QString> lines;
    for (int r = 0; r < page->problemsTable()->rowCount(); ++r) {
        QCOMPARE(page->problemsTable()->item(r, 0)->text(), QStringLiteral("broken.jsonl"));
        lines.insert(page->problemsTable()->item(r, 1)->text());
        QVERIFY(!page->problemsTable()->item(r, 3)->text().isEmpty()); // a reason
    }
    QCOMPARE(lines, (QSet<QString>{QStringLiteral("2"), QStringLiteral("4")}));

    // Without skipping, the bad rows stop the import and the error shows on this page.
    page->nameEdit()->setText(QStringLiteral("broken"));
    page->skipBadRows()->setChecked(false);
    QSignalSpy failed(page->job(), &DataJob::failed);
    QTest::mouseClick(page->importButton(), Qt::LeftButton);
    QVERIFY(failed.wait(30000));
    QTRY_VERIFY(page->errorLabel()->isVisible());
    QVERIFY(page->errorLabel()->text().contains(QStringLiteral("broken.jsonl")));

    // Skipping them imports the three good rows and says how many were rejected.
    page->skipBadRows()->setChecked(true);
    QSignalSpy imported(page, &ImportPage::imported);
    QTest::mouseClick(page->importButton(), Qt::LeftButton);
    QVERIFY(imported.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(findVersion(QStringLiteral("broken")), 20000);
    QCOMPARE(findVersion(QStringLiteral("broken"))->text(2), QStringLiteral("3"));
    QCOMPARE(findVersion(QStringLiteral("broken"))->text(3), QStringLiteral("2"));
    QVERIFY(page->resultLabel()->text().contains(QStringLiteral("rejected.jsonl")));
}

void TestDataPanelImport::runningImportIsCancelled()
{
    // Big enough that the import is still running when Cancel is clicked.
    QByteArray bytes;
    const QByteArray row = "{\"text\":\"" + QByteArray(200, 'w') + "\"}\n";
    for (int i = 0; i < 400000; ++i)
        bytes += row;
    const QString path = writeFile(QStringLiteral("big.jsonl"), bytes);
    QVERIFY(!path.isEmpty());
    ImportPage* page = m_panel->importPage();
    page->files()->clear();
    page->files()->addPaths({path});
    page->nameEdit()->setText(QStringLiteral("big"));
    QSignalSpy cancelled(page->job(), &DataJob::cancelled);
    QSignalSpy imported(page, &ImportPage::imported);
    QTest::mouseClick(page->importButton(), Qt::LeftButton);
    QVERIFY(page->job()->isRunning());
    // The row counts what the worker reports as it goes: rows read, none rejected.
    const QRegularExpression counts(QStringLiteral("[1-9][0-9,.]* rows, 0 rejected"));
    QTRY_VERIFY_WITH_TIMEOUT(counts.match(page->progressRow()->label()->text()).hasMatch(), 10000);
    QVERIFY(page->progressRow()->cancelButton()->isEnabled());
    QTest::mouseClick(page->progressRow()->cancelButton(), Qt::LeftButton);
    QVERIFY(cancelled.wait(30000));
    QCOMPARE(imported.count(), 0);
    QVERIFY(!page->progressRow()->isVisible());
    QVERIFY(page->resultLabel()->text().contains(QStringLiteral("cancelled")));
    // No version was registered.
    m_panel->versionsPage()->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->versionsPage()->isBusy(), 20000);
    QVERIFY(!findVersion(QStringLiteral("big")));
    QVERIFY(findVersion(QStringLiteral("instructions")));
}

LW_TEST_MAIN(TestDataPanelImport)
#include "test_data_panel_import.moc"
