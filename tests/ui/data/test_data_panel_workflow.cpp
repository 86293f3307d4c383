// The Data panel's pages with the real llmwb worker on a temporary project holding the
// public instruction set: a recipe run from the Recipe page shows per step the rows in
// and out that `llmwb data show` reports for the new version, which hangs under its
// parent; statistics without and with the GPT-2 tokenizer (a folder) show what `llmwb
// data stats` computes; a split made on the Statistics page is the one the manifest
// keeps; the Template page colours exactly the tokens `llmwb data template` marks for
// loss and shows its check counts; a recipe cancelled while it runs leaves no version.
#include "data_panel_fixture.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/recipe_page.h"
#include "ui/panels/data/stats_page.h"
#include "ui/panels/data/template_page.h"
#include "ui/panels/data/tokenizer_chooser.h"
#include "test_registry.h"

#include <QComboBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTextBlock>
#include <QTextBrowser>

using namespace lw::ui;
using namespace lw::ui::data;
using namespace data_test;

class TestDataPanelWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void recipeCountsMatchTheManifest();
    void tokenLengthStepNeedsTheTokenizer();
    void statsWithoutAndWithATokenizer();
    void splitFromTheStatisticsPage();
    void templateColoursTheLossTokens();
    void cancelledRecipeLeavesNoVersion();

private:
    void selectVersion(const QString& name);
    QStringList projectArgs() const { return {QStringLiteral("--project"), m_project, QStringLiteral("--json")}; }

    PanelOnTempProject m_fixture;
    QTemporaryDir& m_dir = m_fixture.dir;
    QString& m_project = m_fixture.project;
    std::unique_ptr<DataPanel>& m_panel = m_fixture.panel;
};

void TestDataPanelWorkflow::initTestCase()
{
    QVERIFY(m_fixture.start());
    QVERIFY(importThroughPanel(m_panel.get(), instructionDataPath(), QStringLiteral("instructions")));
}

void TestDataPanelWorkflow::selectVersion(const QString& name)
{
    VersionsPage* versions = m_panel->versionsPage();
    // A list being read (after a recipe made a version) would select that version when it
    // arrives: let it arrive first.
    QTRY_VERIFY_WITH_TIMEOUT(!versions->isBusy() && findVersion(m_panel.get(), name), 20000);
    versions->selectDataset(name);
    QTRY_COMPARE_WITH_TIMEOUT(versions->currentDataset(), name, 10000);
}

void TestDataPanelWorkflow::recipeCountsMatchTheManifest()
{
    selectVersion(QStringLiteral("instructions"));
    RecipePage* page = m_panel->recipePage();
    m_panel->tabs()->setCurrentWidget(page);
    QCOMPARE(page->dataset(), QStringLiteral("instructions"));
    page->setRecipe(QJsonArray{QJsonObject{{QStringLiteral("step"), QStringLiteral("instruction_sanity")}},
                               QJsonObject{{QStringLiteral("step"), QStringLiteral("exact_dedup")}},
                               QJsonObject{{QStringLiteral("step"), QStringLiteral("length")},
                                           {QStringLiteral("unit"), QStringLiteral("words")},
                                           {QStringLiteral("min"), 8},
                                           {QStringLiteral("max"), 120}}});
    page->newNameEdit()->setText(QStringLiteral("instructions-clean"));
    QSignalSpy filtered(page, &RecipePage::filtered);
    QVERIFY(page->runButton()->isEnabled());
    QTest::mouseClick(page->runButton(), Qt::LeftButton);
    QVERIFY(filtered.wait(120000));
    QCOMPARE(filtered.first().first().toString(), QStringLiteral("instructions-clean"));

    const QJsonObject manifest = showVersion(m_project, QStringLiteral("instructions-clean"));
    const QJsonArray steps = manifest.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 3);
    QTableWidget* table = page->countsTable();
    QCOMPARE(table->rowCount(), 3);
    // The first step reads every row of the file; each later step what the one before kept.
    QCOMPARE(qint64(steps.at(0)[QStringLiteral("rows_in")].toDouble()), instructionRows());
    for (int i = 0; i < 3; ++i) {
        const QJsonObject s = steps.at(i).toObject();
        QCOMPARE(table->item(i, 1)->text(), QLocale().toString(qint64(s[QStringLiteral("rows_in")].toDouble())));
        QCOMPARE(table->item(i, 2)->text(), QLocale().toString(qint64(s[QStringLiteral("rows_out")].toDouble())));
        if (i > 0)
            QCOMPARE(s[QStringLiteral("rows_in")], steps.at(i - 1)[QStringLiteral("rows_out")]);
    }
    // The length step really removed rows here (its bounds cut both ends of the set).
    QVERIFY(steps.at(2)[QStringLiteral("rows_out")].toDouble() < steps.at(2)[QStringLiteral("rows_in")].toDouble());
    QCOMPARE(manifest[QStringLiteral("rows")], steps.at(2)[QStringLiteral("rows_out")]);

    // The new version hangs under its parent, with its row count, and is selected.
    QTRY_VERIFY_WITH_TIMEOUT(findVersion(m_panel.get(), QStringLiteral("instructions-clean")), 20000);
    QTreeWidgetItem* item = findVersion(m_panel.get(), QStringLiteral("instructions-clean"));
    QVERIFY(item->parent());
    QCOMPARE(item->parent()->text(0), QStringLiteral("instructions"));
    QCOMPARE(item->text(2), QLocale().toString(qint64(manifest[QStringLiteral("rows")].toDouble())));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->versionsPage()->currentDataset(), QStringLiteral("instructions-clean"), 10000);
}

void TestDataPanelWorkflow::tokenLengthStepNeedsTheTokenizer()
{
    selectVersion(QStringLiteral("instructions"));
    RecipePage* page = m_panel->recipePage();
    m_panel->tabs()->setCurrentWidget(page);
    page->setRecipe(QJsonArray{QJsonObject{{QStringLiteral("step"), QStringLiteral("length")},
                                           {QStringLiteral("unit"), QStringLiteral("tokens")},
                                           {QStringLiteral("min"), 20},
                                           {QStringLiteral("max"), 40}}});
    page->newNameEdit()->setText(QStringLiteral("instructions-20-40-tokens"));
    // Without a tokenizer the worker refuses the step, and the page says so.
    page->tokenizerChooser()->setTokenizer(QString());
    QSignalSpy failed(page->job(), &DataJob::failed);
    QTest::mouseClick(page->runButton(), Qt::LeftButton);
    QVERIFY(failed.wait(60000));
    QVERIFY2(page->errorLabel()->text().contains(QStringLiteral("tokenizer")), qPrintable(page->errorLabel()->text()));

    page->tokenizerChooser()->setTokenizer(gpt2TokenizerDir());
    QSignalSpy filtered(page, &RecipePage::filtered);
    QTest::mouseClick(page->runButton(), Qt::LeftButton);
    QVERIFY(filtered.wait(120000));
    const QJsonArray steps =
        showVersion(m_project, QStringLiteral("instructions-20-40-tokens"))[QStringLiteral("steps")].toArray();
    QCOMPARE(steps.size(), 1);
    const qint64 kept = qint64(steps.at(0)[QStringLiteral("rows_out")].toDouble());
    // GPT-2 rows of this set run from about 10 to 60 tokens: the bounds keep some, not all.
    QVERIFY2(kept > 0 && kept < instructionRows(), qPrintable(QString::number(kept)));
    QCOMPARE(page->countsTable()->item(0, 2)->text(), QLocale().toString(kept));
}

void TestDataPanelWorkflow::statsWithoutAndWithATokenizer()
{
    selectVersion(QStringLiteral("instructions"));
    StatsPage* page = m_panel->statsPage();
    m_panel->tabs()->setCurrentWidget(page);
    const QStringList statsArgs = {QStringLiteral("data"), QStringLiteral("stats"), QStringLiteral("--dataset"),
                                   QStringLiteral("instructions")};
    for (const QString& tokenizer : {QString(), gpt2TokenizerDir()}) {
        page->tokenizerChooser()->setTokenizer(tokenizer);
        const QString before = page->summaryLabel()->text();
        QTest::mouseClick(page->computeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy() && page->summaryLabel()->text() != before, 120000);
        QVERIFY2(page->errorLabel()->isHidden(), qPrintable(page->errorLabel()->text()));

        QStringList args = statsArgs + projectArgs();
        if (!tokenizer.isEmpty())
            args << QStringLiteral("--tokenizer") << tokenizer;
        const QJsonObject cli = runWorker(args);
        QVERIFY(!cli.isEmpty());
        const DataStats& shown = page->stats();
        QCOMPARE(shown.rows, instructionRows());
        QCOMPARE(shown.rows, qint64(cli[QStringLiteral("rows")].toDouble()));
        QCOMPARE(shown.exactDuplicates, qint64(cli[QStringLiteral("duplicates")][QStringLiteral("exact")].toDouble()));
        // Every row falls in one bin of the character histogram.
        double binned = 0;
        for (double c : shown.chars.counts)
            binned += c;
        QCOMPARE(qint64(binned), shown.rows);
        const QLocale locale;
        const QString summary = page->summaryLabel()->text();
        const QJsonObject chars = cli[QStringLiteral("chars")].toObject();
        for (const char* key : {"mean", "p50", "p95", "max"})
            QVERIFY2(summary.contains(locale.toString(chars[QLatin1String(key)].toDouble(), 'f', 0)), qPrintable(summary));
        if (tokenizer.isEmpty()) {
            QVERIFY(cli[QStringLiteral("tokens")].isNull());
            QVERIFY(shown.tokens.isEmpty());
        } else {
            const QJsonObject tokens = cli[QStringLiteral("tokens")].toObject();
            QVERIFY(!shown.tokens.isEmpty());
            // The tokens in all: the sum over the splits, as the command counts them.
            qint64 cliTokens = 0;
            for (const QJsonValue& split : cli[QStringLiteral("splits")].toObject())
                cliTokens += qint64(split[QStringLiteral("tokens")].toDouble());
            QCOMPARE(shown.totalTokens(), cliTokens);
            QCOMPARE(qRound64(tokens[QStringLiteral("mean")].toDouble() * double(shown.rows)), cliTokens);
            QVERIFY2(summary.contains(locale.toString(cliTokens)), qPrintable(summary));
            for (const char* key : {"mean", "p50", "p95", "max"})
                QVERIFY2(summary.contains(locale.toString(tokens[QLatin1String(key)].toDouble(), 'f', 0)),
                         qPrintable(summary));
            // GPT-2 spends fewer tokens than characters on English text.
            QVERIFY(cliTokens > 0 && shown.tokens.mean < shown.chars.mean);
        }
    }
}

void TestDataPanelWorkflow::splitFromTheStatisticsPage()
{
    selectVersion(QStringLiteral("instructions"));
    StatsPage* page = m_panel->statsPage();
    m_panel->tabs()->setCurrentWidget(page);
    page->trainBox()->setValue(0.8);
    page->validationBox()->setValue(0.1);
    page->testBox()->setValue(0.1);
    page->seedBox()->setValue(11);
    QSignalSpy made(page, &StatsPage::splitMade);
    QTest::mouseClick(page->splitButton(), Qt::LeftButton);
    QVERIFY(made.wait(60000));
    const QJsonObject splits = showVersion(m_project, QStringLiteral("instructions"))[QStringLiteral("splits")].toObject();
    const SplitCounts counts = splitCountsFromJson(splits);
    QCOMPARE(counts.seed, 11);
    QCOMPARE(counts.train + counts.validation + counts.test, instructionRows());
    // 80 % of the rows (880 of 1,100), give or take what a seeded draw per row varies.
    QVERIFY2(qAbs(counts.train - instructionRows() * 8 / 10) < instructionRows() / 20, qPrintable(QString::number(counts.train)));
    // What the page said when the split came back (before the statistics are read again).
    QCOMPARE(page->summaryLabel()->text(), StatsPage::splitText(counts));
    // The statistics are read again and count the rows of each split.
    QTRY_COMPARE_WITH_TIMEOUT(page->stats().splits.value(QStringLiteral("train")).rows, counts.train, 60000);
    QCOMPARE(page->stats().splits.value(QStringLiteral("test")).rows, counts.test);
}

void TestDataPanelWorkflow::templateColoursTheLossTokens()
{
    selectVersion(QStringLiteral("instructions"));
    TemplatePage* page = m_panel->templatePage();
    m_panel->tabs()->setCurrentWidget(page);
    page->templateBox()->setCurrentText(QStringLiteral("chatml"));
    page->tokenizerChooser()->setTokenizer(gpt2TokenizerDir());
    QVERIFY(page->showButton()->isEnabled());
    QTest::mouseClick(page->showButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy() && page->preview().checks.present, 120000);
    QVERIFY2(page->errorLabel()->isHidden(), qPrintable(page->errorLabel()->text()));

    const QJsonObject cli = runWorker(QStringList{QStringLiteral("data"), QStringLiteral("template"),
                                                  QStringLiteral("--dataset"), QStringLiteral("instructions"),
                                                  QStringLiteral("--template"), QStringLiteral("chatml"),
                                                  QStringLiteral("--tokenizer"), gpt2TokenizerDir(),
                                                  QStringLiteral("--rows"), QStringLiteral("8")} + projectArgs());
    QVERIFY(!cli.isEmpty());
    const TemplatePreview expected = templatePreviewFromJson(cli);
    const TemplatePreview& shown = page->preview();
    QCOMPARE(shown.rows.size(), expected.rows.size());
    QCOMPARE(shown.checks.rows, instructionRows());
    QCOMPARE(shown.checks.rows, expected.checks.rows);
    QCOMPARE(shown.checks.rowsWithoutEnd, expected.checks.rowsWithoutEnd);
    QCOMPARE(shown.checks.truncatedRows, expected.checks.truncatedRows);
    QCOMPARE(shown.checks.rowsWithoutLoss, expected.checks.rowsWithoutLoss);
    const QLocale locale;
    const QString checks = page->checksLabel()->text();
    for (qint64 n : {expected.checks.rows, expected.checks.tokens, expected.checks.lossTokens})
        QVERIFY2(checks.contains(locale.toString(n)), qPrintable(checks));

    // The coloured characters of the view are exactly the pieces of the loss tokens.
    QString lossText, allText;
    for (const TemplateRow& row : expected.rows)
        for (const TemplateSequence& sequence : row.sequences)
            for (const TemplateToken& token : sequence.tokens) {
                allText += token.text;
                if (token.loss)
                    lossText += token.text;
            }
    QString coloured, plain;
    for (QTextBlock block = page->view()->document()->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            plain += fragment.text();
            if (fragment.charFormat().background().style() != Qt::NoBrush)
                coloured += fragment.text();
        }
    auto squeeze = [](QString s) { return s.remove(QRegularExpression(QStringLiteral("\\s"))); };
    QVERIFY(!lossText.isEmpty());
    QCOMPARE(squeeze(coloured), squeeze(lossText));
    QCOMPARE(squeeze(plain), squeeze(allText));
    // With chatml and loss on the answers, the first row's loss starts with its answer,
    // read here from the source file.
    QFile file(instructionDataPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString firstAnswer =
        QJsonDocument::fromJson(file.readAll()).array().at(0)[QStringLiteral("output")].toString();
    QVERIFY2(squeeze(coloured).startsWith(squeeze(firstAnswer.left(20))), qPrintable(coloured.left(80)));
}

void TestDataPanelWorkflow::cancelledRecipeLeavesNoVersion()
{
    // Big enough that the near-duplicate step is still running when Cancel is clicked.
    QVERIFY(importGeneratedRows(m_project, m_dir.filePath(QStringLiteral("big.jsonl")), QStringLiteral("big"), 200000));
    m_panel->versionsPage()->refresh();
    selectVersion(QStringLiteral("big"));

    RecipePage* page = m_panel->recipePage();
    m_panel->tabs()->setCurrentWidget(page);
    page->setRecipe(QJsonArray{QJsonObject{{QStringLiteral("step"), QStringLiteral("near_dedup")}}});
    page->newNameEdit()->setText(QStringLiteral("big-deduped"));
    QSignalSpy cancelled(page->job(), &DataJob::cancelled);
    QSignalSpy filtered(page, &RecipePage::filtered);
    QTest::mouseClick(page->runButton(), Qt::LeftButton);
    QVERIFY(page->job()->isRunning());
    QTest::qWait(500);
    QVERIFY(page->job()->isRunning());
    QTest::mouseClick(page->findChild<JobProgressRow*>()->cancelButton(), Qt::LeftButton);
    QVERIFY(cancelled.wait(60000));
    QCOMPARE(filtered.count(), 0);

    // Neither listed nor left on disk.
    const QJsonArray listed = runWorker(QStringList{QStringLiteral("data"), QStringLiteral("list")} + projectArgs())
                                  [QStringLiteral("datasets")]
                                      .toArray();
    QVERIFY(!listed.isEmpty());
    for (const QJsonValue& d : listed)
        QVERIFY(!d[QStringLiteral("name")].toString().startsWith(QStringLiteral("big-deduped")));
    QDirIterator it(m_project, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        QVERIFY2(!it.next().contains(QStringLiteral("big-deduped")), qPrintable(it.filePath()));
}

LW_TEST_MAIN(TestDataPanelWorkflow)
#include "test_data_panel_workflow.moc"
