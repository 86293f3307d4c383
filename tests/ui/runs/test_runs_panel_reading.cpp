// Runs panel, reading it: an id column (runs may share a name), the model size, columns
// wide enough for their content, a cancelled run that reads as cancelled, the current
// run's checkpoints and its dataset's lineage (in English and Vietnamese) in its details, numbers in the UI language's format, run colours
// that follow the run, and Ctrl+E writing the metrics as CSV.
#include "panel_test_helpers.h"
#include "runs_fixture.h"

#include "ui/panels/runs/run_details_pane.h"
#include "ui/panels/runs/runs_chart_pane.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"
#include "test_registry.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeWidget>
#include <QtTest>

using namespace lw::store;
using lw::ui::RunsChartPane;
using lw::ui::RunsPanel;
using lw::ui::RunsTableModel;

namespace {

// GPT-2 with biases and tied embeddings, counted by hand from the architecture: token
// and position embeddings, per block two LayerNorms (2d each), the attention (3d² + 3d
// and d² + d) and the MLP (4d² + 4d and 4d² + d), and the final LayerNorm.
qint64 gpt2Parameters(qint64 vocab, qint64 context, qint64 layers, qint64 d)
{
    return vocab * d + context * d + layers * (12 * d * d + 13 * d) + 2 * d;
}

// Answers the next file dialog named `name` with `path`.
class FileDialogAnswerer {
public:
    FileDialogAnswerer(const QString& name, const QString& path)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this, name, path] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog || dialog->objectName() != name)
                return;
            m_timer.stop();
            m_filters = dialog->nameFilters();
            // selectFile() leaves the name field alone while it has the focus, as it may
            // here: type the name as a user would.
            dialog->setDirectory(QFileInfo(path).path());
            if (auto* nameEdit = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
                nameEdit->setText(QFileInfo(path).fileName());
            else
                dialog->selectFile(path);
            QMetaObject::invokeMethod(dialog, "accept"); // as the Save button does
        });
        m_timer.start();
    }
    QStringList filters() const { return m_filters; }

private:
    QTimer m_timer;
    QStringList m_filters;
};

} // namespace

class TestRunsPanelReading : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void idAndParameterColumns();
    void shortColumnsFitTheirContent();
    void cancelledRunReadsCancelled();
    void detailsListTheCheckpoints();
    void detailsNameTheDatasetAndItsVersions();
    void numbersFollowTheUiLanguage();
    void runColoursDoNotDependOnSelectionOrder();
    void ctrlEExportsTheMetricsAsCsv();
    void samplesFollowTheirPrompt();

private:
    int rowOf(qint64 runId) { return panel_test::visibleRowOf(*m_panel, runId); }
    QString cell(qint64 runId, int column)
    {
        return m_panel->table()->model()->index(rowOf(runId), column).data().toString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RunsFixture> m_fixture;
    std::unique_ptr<RunsPanel> m_panel;
    int64_t m_first = 0, m_twin = 0, m_cancelled = 0, m_long = 0;
};

void TestRunsPanelReading::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fixture = std::make_unique<RunsFixture>(m_dir->filePath("project"));
    m_first = m_fixture->addRun({"same name", RunStatus::Completed, 30, 100, 2.0, {"a-rather-long-tag", "sweep"}});
    m_twin = m_fixture->addRun({"same name", RunStatus::Completed, 20, 100, 2.1, {}, RunsFixture::config(8, 6e-4)});
    FixtureRun cancelled("stopped", RunStatus::Running, 46, 100, 2.2);
    m_cancelled = m_fixture->addRun(cancelled);
    {
        // As the trainer leaves a cancelled run: its message says where it stopped.
        Store store = m_fixture->openStore();
        store.setRunStatus(m_cancelled, RunStatus::Cancelled, "cancelled at step 46");
    }
    m_long = m_fixture->addRun({"long", RunStatus::Interrupted, 1500, 20000, 1.8});
    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(1280, 800);
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::runsRefreshed);
    m_panel->setProjectDir(m_fixture->dir());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(10000));
}

void TestRunsPanelReading::cleanup()
{
    m_panel.reset();
    m_fixture.reset();
    m_dir.reset();
    QLocale::setDefault(QLocale::c());
}

void TestRunsPanelReading::idAndParameterColumns()
{
    QCOMPARE(cell(m_first, RunsTableModel::NameColumn), cell(m_twin, RunsTableModel::NameColumn));
    QCOMPARE(cell(m_first, RunsTableModel::IdColumn), QString::number(m_first));
    QCOMPARE(cell(m_twin, RunsTableModel::IdColumn), QString::number(m_twin));
    // Fixture models: vocabulary 512, context 64, width 128; 4 and 8 layers.
    const QLocale c = QLocale::c();
    QCOMPARE(cell(m_first, RunsTableModel::ParametersColumn),
             c.toString(gpt2Parameters(512, 64, 4, 128) / 1e3, 'f', 1) + "k");
    QCOMPARE(cell(m_twin, RunsTableModel::ParametersColumn),
             c.toString(gpt2Parameters(512, 64, 8, 128) / 1e6, 'f', 2) + "M");
    // Sorting by size puts the bigger model last.
    QAbstractItemModel* model = m_panel->table()->model();
    m_panel->table()->sortByColumn(RunsTableModel::ParametersColumn, Qt::AscendingOrder);
    QCOMPARE(model->index(model->rowCount() - 1, RunsTableModel::IdColumn).data().toString(), QString::number(m_twin));
}

void TestRunsPanelReading::shortColumnsFitTheirContent()
{
    QTableView* table = m_panel->table();
    QTest::qWait(50);
    for (int column : {RunsTableModel::IdColumn, RunsTableModel::StatusColumn, RunsTableModel::StepsColumn,
                       RunsTableModel::ParametersColumn, RunsTableModel::TagsColumn}) {
        const QString header = m_panel->runsModel()->headerData(column, Qt::Horizontal).toString();
        const int width = table->columnWidth(column);
        QVERIFY2(width >= table->horizontalHeader()->fontMetrics().horizontalAdvance(header),
                 qPrintable(header));
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString text = table->model()->index(row, column).data().toString();
            // The text and the cell's padding fit.
            QVERIFY2(table->fontMetrics().horizontalAdvance(text) < width,
                     qPrintable(QString("%1: '%2' in %3 px").arg(header, text).arg(width)));
        }
    }
}

void TestRunsPanelReading::cancelledRunReadsCancelled()
{
    QCOMPARE(cell(m_cancelled, RunsTableModel::StatusColumn), QString("Cancelled"));
    QVERIFY(panel_test::clickRun(*m_panel, m_cancelled));
    auto* info = m_panel->details()->findChild<QLabel*>(QStringLiteral("runInfo"));
    QVERIFY(info);
    QTRY_VERIFY(info->text().contains("Cancelled at step 46"));
    QVERIFY2(!info->text().contains("Error"), qPrintable(info->text()));
    // A run that failed still says why.
    QVERIFY(panel_test::clickRun(*m_panel, m_long));
    QTRY_VERIFY2(info->text().contains("Error: "), qPrintable(info->text()));
}

void TestRunsPanelReading::detailsListTheCheckpoints()
{
    QSignalSpy loaded(m_panel.get(), &RunsPanel::checkpointsLoaded);
    QVERIFY(panel_test::clickRun(*m_panel, m_first));
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    QTreeWidget* list = m_panel->details()->checkpointList();
    const std::vector<std::string> paths = m_fixture->checkpointPaths(m_first);
    QCOMPARE(list->topLevelItemCount(), int(paths.size()));
    int newest = 0, best = 0;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = list->topLevelItem(i);
        const QString path = item->data(3, Qt::UserRole).toString();
        QVERIFY(std::find(paths.begin(), paths.end(), path.toStdString()) != paths.end());
        const QFileInfo file(path);
        QVERIFY(file.exists());
        // The step is the one in the file's name (step-00000020.ckpt), or best's own.
        if (file.fileName().startsWith("step-")) {
            QCOMPARE(item->text(0), QString::number(file.fileName().mid(5, 8).toInt()));
        } else {
            QCOMPARE(file.fileName(), QString("best.ckpt"));
            QVERIFY(item->text(2).contains("best"));
            ++best;
        }
        // The size is the file's: 4096 or 8192 bytes, 1000 for best.
        QCOMPARE(item->text(1), QLocale().formattedDataSize(file.size(), 2, QLocale::DataSizeSIFormat));
        if (item->text(2).contains("last")) {
            ++newest;
            QCOMPARE(file.fileName(), QString("step-00000020.ckpt"));
        }
    }
    QCOMPARE(best, 1);
    QCOMPARE(newest, 1);
}

void TestRunsPanelReading::detailsNameTheDatasetAndItsVersions()
{
    // As `llmwb data import`, `data filter` and `data export --name` leave them: a token set
    // made from a filtered version made from an import; m_first trained on the token set.
    const std::string importSha(64, 'a'), filteredSha = "0123456789abcdef" + std::string(48, 'f');
    {
        Store store = m_fixture->openStore();
        DatasetRecord imported, filtered, tokens;
        imported.name = "texts";
        imported.kind = "records";
        imported.meta = {{"parent", nullptr}, {"records_sha256", importSha}};
        filtered.name = "texts-unique";
        filtered.kind = "records";
        filtered.meta = {{"parent", "texts"}, {"records_sha256", filteredSha}};
        tokens.name = "texts-gpt2";
        tokens.kind = "text";
        tokens.meta = {{"records_version", "texts-unique"}, {"records_sha256", filteredSha}};
        for (DatasetRecord* d : {&imported, &filtered, &tokens})
            d->path = "datasets/" + d->name;
        store.registerDataset(imported);
        store.registerDataset(filtered);
        RunRecord run = store.run(m_first);
        run.datasetId = store.registerDataset(tokens);
        store.updateRun(run);
    }
    QSignalSpy loaded(m_panel.get(), &RunsPanel::datasetLineageLoaded);
    QVERIFY(panel_test::clickRun(*m_panel, m_first));
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    QLabel* label = m_panel->details()->datasetLabel();
    QVERIFY(!label->isHidden()); // its tab need not be the current one
    const QString text = label->text();
    // Newest first, each with the first 12 hex digits of its records' sha256.
    const qsizetype tokensAt = text.indexOf("texts-gpt2"), filteredAt = text.indexOf("texts-unique"),
                    importAt = text.indexOf("<b>texts</b>");
    QVERIFY2(tokensAt >= 0 && tokensAt < filteredAt && filteredAt < importAt, qPrintable(text));
    QVERIFY2(text.startsWith("Dataset: "), qPrintable(text));
    QCOMPARE(text.count("made from"), 2);
    QCOMPARE(text.count(QString::fromStdString(filteredSha.substr(0, 12))), 2);
    QCOMPARE(text.count(QString::fromStdString(importSha.substr(0, 12))), 1);
    QVERIFY2(!text.contains(QString::fromStdString(importSha.substr(0, 13))), "the sha is shortened");

    // Vietnamese: the same chain in the translated sentences, switched in place.
    QTranslator vietnamese;
    QVERIFY(vietnamese.load(QStringLiteral(":/i18n/llmwb_vi.qm")));
    // "" unless the Vietnamese file really translates the text.
    auto translated = [&vietnamese](const char* source) {
        const QString text = vietnamese.translate("lw::ui::RunDetailsPane", source);
        return text == QLatin1String(source) ? QString() : text;
    };
    const QString datasetLine = translated("Dataset: %1"), madeFrom = translated("made from %1"),
                  records = translated("records");
    QVERIFY(!datasetLine.isEmpty() && !madeFrom.isEmpty() && !records.isEmpty());
    QCoreApplication::installTranslator(&vietnamese);
    QTRY_VERIFY2(label->text().startsWith(datasetLine.section("%1", 0, 0)), qPrintable(label->text()));
    QCOMPARE(label->text().count(madeFrom.section("%1", 0, 0).trimmed()), 2);
    QVERIFY(label->text().contains(records));
    QVERIFY(label->text().contains(QString::fromStdString(filteredSha.substr(0, 12))));
    QCoreApplication::removeTranslator(&vietnamese);
    QTRY_VERIFY(label->text().startsWith("Dataset: "));

    // A run that names no dataset says so instead of keeping the last one's.
    QVERIFY(panel_test::clickRun(*m_panel, m_twin));
    QTRY_COMPARE(label->text(), QString("Dataset: not recorded"));
}

void TestRunsPanelReading::numbersFollowTheUiLanguage()
{
    QLocale::setDefault(QLocale(QLocale::Vietnamese, QLocale::Vietnam));
    QEvent change(QEvent::LanguageChange);
    QApplication::sendEvent(m_panel.get(), &change);
    QCOMPARE(cell(m_long, RunsTableModel::StepsColumn), QString("1.500 / 20.000"));
    const QString best = cell(m_first, RunsTableModel::BestValLossColumn);
    QVERIFY2(best.contains(QRegularExpression("^\\d+,\\d{4} ")), qPrintable(best));
    QVERIFY2(cell(m_twin, RunsTableModel::ParametersColumn).contains(','), qPrintable(cell(m_twin, RunsTableModel::ParametersColumn)));
}

void TestRunsPanelReading::runColoursDoNotDependOnSelectionOrder()
{
    lw::ui::LossChart* chart = m_panel->chart();
    auto colourOf = [chart](qint64 id) {
        return chart->rawGraph(RunsChartPane::lossKey(id))->pen().color().rgb();
    };
    QVERIFY(panel_test::clickRun(*m_panel, m_twin));
    QVERIFY(panel_test::clickRun(*m_panel, m_first, Qt::ControlModifier));
    QTRY_VERIFY(chart->hasSeries(RunsChartPane::lossKey(m_first)));
    const QRgb first = colourOf(m_first), twin = colourOf(m_twin);
    QVERIFY(first != twin);
    // Picked the other way round, and alone: each run keeps its colour.
    QVERIFY(panel_test::clickRun(*m_panel, m_first));
    QVERIFY(panel_test::clickRun(*m_panel, m_twin, Qt::ControlModifier));
    QTRY_VERIFY(chart->hasSeries(RunsChartPane::lossKey(m_twin)));
    QCOMPARE(colourOf(m_first), first);
    QCOMPARE(colourOf(m_twin), twin);
    QVERIFY(panel_test::clickRun(*m_panel, m_twin));
    QTRY_VERIFY(!chart->hasSeries(RunsChartPane::lossKey(m_first)));
    QCOMPARE(colourOf(m_twin), twin);
    // The legend tells runs of the same name apart by their ids.
    QVERIFY(chart->rawGraph(RunsChartPane::lossKey(m_twin))->name().contains(QString("#%1").arg(m_twin)));
}

void TestRunsPanelReading::ctrlEExportsTheMetricsAsCsv()
{
    m_panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    QVERIFY(panel_test::clickRun(*m_panel, m_first));
    const QString path = m_dir->filePath("exported.csv");
    FileDialogAnswerer answer(QStringLiteral("exportDialog"), path);
    QSignalSpy finished(m_panel.get(), &RunsPanel::exportFinished);
    QTest::keyClick(m_panel->table(), Qt::Key_E, Qt::ControlModifier);
    QVERIFY(finished.count() > 0 || finished.wait(10000));
    QCOMPARE(finished.first().at(0).toString(), path);
    QVERIFY(finished.first().at(1).toBool());
    QCOMPARE(answer.filters().size(), 1);
    QVERIFY(answer.filters().first().contains("*.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("run_id,run_name,step,name,value,time"));
    QCOMPARE(lines.size() - 1, int(m_fixture->metrics(m_first).size()));
}

void TestRunsPanelReading::samplesFollowTheirPrompt()
{
    lw::store::Json config = RunsFixture::config(4, 6e-4);
    config["sample_prompt"] = "The dragon said: ";
    const int64_t prompted = m_fixture->addRun({"prompted", RunStatus::Completed, 20, 100, 2.0, {}, config});
    m_panel->refresh();
    QTRY_VERIFY(rowOf(prompted) >= 0);
    QVERIFY(panel_test::clickRun(*m_panel, prompted));
    QSignalSpy loaded(m_panel.get(), &RunsPanel::samplesLoaded);
    QVERIFY(loaded.wait(10000) || m_panel->samplesView()->toPlainText().contains("prompted"));
    const QString text = m_panel->samplesView()->toPlainText();
    // Every sample reads as the model's continuation of the prompt it was given.
    QCOMPARE(text.count("The dragon said: sample "), 2);
    QCOMPARE(text.count("sample "), 2);
}

LW_TEST_MAIN(TestRunsPanelReading)
#include "test_runs_panel_reading.moc"
