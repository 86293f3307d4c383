// The Fine-tune panel with real projects and real worker output: a demo model trained
// and fine-tuned by llmwb in the test's folder. The panel lists the demo model and the
// demo datasets, draws a replayed real run's curves and side-by-side answers (counts
// and texts compared with the event lines parsed here), shows a real check's report and
// blocks Start on its error, and the Chat panel's adapter picker lists the fine-tune's
// adapter for its base only; the generation worker swaps adapters on a loaded model.
#include "finetune_fixture.h"
#include "test_registry.h"
#include "ui/panels/chat/adapter_picker.h"
#include "ui/panels/chat/generation_worker.h"
#include "ui/panels/chat/model_catalog.h"
#include "ui/panels/finetune/check_report_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/train/train_charts.h"
#include "ui/shell/job_supervisor.h"
#include "ui/widgets/loss_chart.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include <cmath>

using namespace lw::ui;
using namespace lw::ui::finetune;

class TestFinetunePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsTheDemoModelAndDatasets();
    void replayedRunDrawsCurvesAndAnswers();
    void answersAreShownWithoutTemplateMarkup();
    void checkShowsCostsAndBlocksOnError();
    void adapterPickerListsTheFinetunesOfTheBase();
    void workerSwapsAdaptersOnTheLoadedModel();

private:
    void openProject(FinetunePanel& panel);
    QList<QJsonObject> eventsOf(const QString& type) const;

    QTemporaryDir m_dir;
    QString m_worker;
    finetune_test::FinetuneFixture m_fixture;
};

void TestFinetunePanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_worker = ui_test::useBuiltWorker();
    QVERIFY(QFileInfo(m_worker).isExecutable());
    QVERIFY(finetune_test::makeFinetuneFixture(m_dir.path(), m_worker, &m_fixture));
    QVERIFY(QFileInfo::exists(m_fixture.adapterDir + QStringLiteral("/adapter_config.json")));
}

QList<QJsonObject> TestFinetunePanel::eventsOf(const QString& type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject& e : m_fixture.events)
        if (e.value(QLatin1String("event")).toString() == type)
            out.append(e);
    return out;
}

void TestFinetunePanel::openProject(FinetunePanel& panel)
{
    QSignalSpy loaded(&panel, &FinetunePanel::catalogLoaded);
    panel.setProjectDir(m_fixture.projectDir);
    QVERIFY(loaded.wait(30000));
}

void TestFinetunePanel::listsTheDemoModelAndDatasets()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    const FinetuneCatalog& catalog = panel.form()->catalog();
    QCOMPARE(catalog.demoBase, QString::number(m_fixture.demoRunId));
    QVERIFY(panel.demoButton()->isVisible());
    // The demo model is picked, with its family; the adapter run is not a base.
    QCOMPARE(panel.form()->settings().value(QLatin1String("base")).toString().section(QLatin1Char(':'), 0, 0),
             QString::number(m_fixture.demoRunId));
    QCOMPARE(panel.form()->baseFamily(), QStringLiteral("gpt2"));
    for (const BaseModelEntry& base : catalog.bases)
        QVERIFY(base.runId != m_fixture.finetuneRunId);
    // --demo imported both demo sets; SFT offers the chat one, DPO the preference one.
    QCOMPARE(panel.form()->settings().value(QLatin1String("dataset")).toString(), QStringLiteral("demo-instructions"));
    panel.form()->setObjective(QStringLiteral("dpo"));
    QCOMPARE(panel.form()->settings().value(QLatin1String("dataset")).toString(), QStringLiteral("demo-preferences"));
    // GPT-2's module names, as its family names them.
    QStringList modules;
    for (QCheckBox* box : panel.form()->targetBoxes())
        modules.append(box->text());
    QVERIFY2(modules.contains(QStringLiteral("c_attn")) && modules.contains(QStringLiteral("c_fc")),
             qPrintable(modules.join(QLatin1Char(','))));
}

void TestFinetunePanel::replayedRunDrawsCurvesAndAnswers()
{
    JobSupervisor supervisor;
    supervisor.setWorkerProgram(finetune_test::replayWorker(m_dir.path(), m_fixture.eventsFile));
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    QSignalSpy ended(&panel, &FinetunePanel::runEnded);
    QSignalSpy chat(&panel, &FinetunePanel::chatRequested);
    panel.startDemo();
    QVERIFY(ended.wait(30000));
    QCOMPARE(ended.first().first().toString(), QStringLiteral("completed"));
    QCOMPARE(panel.runId(), m_fixture.finetuneRunId);

    // One loss point per step event, one validation point per eval event.
    int steps = 0;
    for (const QJsonObject& e : eventsOf(QStringLiteral("step")))
        steps += std::isfinite(e.value(QLatin1String("loss")).toDouble(NAN)) ? 1 : 0;
    QVERIFY(steps > 0);
    LossChart* loss = panel.charts()->trainCharts()->lossChart();
    QCOMPARE(loss->pointCount(QStringLiteral("loss")), steps);
    QCOMPARE(loss->pointCount(QStringLiteral("val_loss")), int(eventsOf(QStringLiteral("eval")).size()));

    // The side-by-side table holds the comparison event's rows, cell by cell.
    const QList<QJsonObject> comparison = eventsOf(QStringLiteral("comparison"));
    QCOMPARE(comparison.size(), 1);
    const QJsonArray items = comparison.first().value(QLatin1String("items")).toArray();
    QVERIFY(!items.isEmpty());
    ComparisonTable* table = panel.comparisonTable();
    QCOMPARE(table->rowCount(), int(items.size()));
    for (int row = 0; row < items.size(); ++row) {
        const QJsonObject item = items[row].toObject();
        const auto shown = [&](const char* key) {
            return ComparisonTable::readableText(item.value(QLatin1String(key)).toString());
        };
        QCOMPARE(table->item(row, ComparisonTable::Prompt)->text(), shown("prompt"));
        QCOMPARE(table->item(row, ComparisonTable::Expected)->text(), shown("reference"));
        QCOMPARE(table->item(row, ComparisonTable::Base)->text(), shown("base"));
        QCOMPARE(table->item(row, ComparisonTable::Finetuned)->text(), shown("finetuned"));
        QVERIFY(!shown("prompt").contains(QStringLiteral("<|")));
    }
    // comparison.json in the run folder says the same.
    ComparisonTable fromFile;
    QVERIFY(fromFile.loadFile(QFileInfo(m_fixture.adapterDir).path() + QStringLiteral("/comparison.json")));
    QCOMPARE(fromFile.rowCount(), int(items.size()));

    // An adapter run: chat with the base and the adapter, or merge it.
    QTRY_COMPARE_WITH_TIMEOUT(panel.adapterDir(), m_fixture.adapterDir, 10000); // read off the GUI thread
    QVERIFY(panel.chatButton()->isEnabled());
    QVERIFY(panel.mergeButton()->isEnabled());
    panel.chatButton()->click();
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat.first().at(0).toLongLong(), m_fixture.demoRunId);
    QCOMPARE(chat.first().at(1).toString(), m_fixture.adapterDir);
}

void TestFinetunePanel::answersAreShownWithoutTemplateMarkup()
{
    // A ChatML prompt as the worker renders it, and an answer with its end markers.
    QCOMPARE(ComparisonTable::readableText(
                 QStringLiteral("<|im_start|>user\nWhere does Milo live?<|im_end|>\n<|im_start|>assistant\n")),
             QStringLiteral("Where does Milo live?"));
    QCOMPARE(ComparisonTable::readableText(QStringLiteral("Milo lives in a burrow.<|im_end|>\n<|endoftext|>")),
             QStringLiteral("Milo lives in a burrow."));
    QCOMPARE(ComparisonTable::readableText(QStringLiteral("  two lines\nof text ")),
             QStringLiteral("two lines\nof text"));
}

void TestFinetunePanel::checkShowsCostsAndBlocksOnError()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    QVERIFY(panel.startButton()->isEnabled());

    // The demo settings: nothing blocks, and the costs are there.
    QSignalSpy checked(&panel, &FinetunePanel::checkFinished);
    panel.check();
    QVERIFY(checked.wait(240000));
    CheckReportView* view = panel.checkView();
    QVERIFY2(view->hasReport(), qPrintable(view->figuresLabel()->text()));
    QVERIFY(!view->blocking());
    QVERIFY(panel.startButton()->isEnabled());
    QVERIFY(!panel.blockedLabel()->isVisible());
    QVERIFY(view->figuresLabel()->text().contains(QStringLiteral("%")));

    // A context of 8 tokens cuts every answer off: no token gets a loss, an error.
    qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("context")))->setValue(8);
    QVERIFY(!view->hasReport()); // the old report described other settings
    panel.check();
    QVERIFY(checked.wait(240000));
    QVERIFY2(view->hasReport(), qPrintable(view->figuresLabel()->text()));
    QVERIFY(view->blocking());
    QVERIFY(!view->blockingReason().isEmpty());
    QVERIFY(!panel.startButton()->isEnabled());
    QVERIFY(panel.blockedLabel()->isVisible());
    QVERIFY(panel.blockedLabel()->text().contains(view->blockingReason()));
    bool anError = false;
    for (const QString& text : view->findingTexts())
        anError = anError || text.startsWith(CheckReportView::tr("Error: %1").arg(QString()));
    QVERIFY(anError);
}

void TestFinetunePanel::adapterPickerListsTheFinetunesOfTheBase()
{
    const ModelCatalog catalog = ModelCatalog::load(m_fixture.projectDir);
    QVERIFY(catalog.error.isEmpty());
    QCOMPARE(catalog.adapters.size(), 1);
    QCOMPARE(catalog.adapters.first().runId, m_fixture.finetuneRunId);
    QCOMPARE(catalog.adapters.first().baseRunId, m_fixture.demoRunId);
    // The adapter run's checkpoints are not offered as models.
    ModelChoice demoRun;
    for (const ModelChoice& choice : catalog.models) {
        QVERIFY(choice.runId != m_fixture.finetuneRunId);
        if (choice.runId == m_fixture.demoRunId && demoRun.key.isEmpty())
            demoRun = choice;
    }
    QVERIFY(!demoRun.key.isEmpty());

    AdapterPicker picker;
    picker.setCatalog(catalog);
    picker.setBase(demoRun);
    QCOMPARE(picker.adapterCount(), 1);
    QCOMPARE(picker.count(), 3); // None, the run's adapter, Other folder…
    QVERIFY(picker.itemText(1).startsWith(QStringLiteral("#%1 ").arg(m_fixture.finetuneRunId)));
    QVERIFY(picker.currentDir().isEmpty());
    QVERIFY(picker.selectDir(m_fixture.adapterDir));
    QCOMPARE(picker.currentIndex(), 1);
    QCOMPARE(picker.currentDir(), m_fixture.adapterDir);
    // Another base (the built-in demo model) has no adapters here.
    QSignalSpy changed(&picker, &AdapterPicker::adapterChanged);
    picker.setBase(ModelCatalog::demoChoice());
    QCOMPARE(picker.adapterCount(), 0);
    QVERIFY(picker.currentDir().isEmpty());
    QCOMPARE(changed.size(), 1);
    // A folder without adapter_config.json is refused.
    QVERIFY(!picker.selectDir(m_fixture.projectDir));
}

void TestFinetunePanel::workerSwapsAdaptersOnTheLoadedModel()
{
    const ModelCatalog catalog = ModelCatalog::load(m_fixture.projectDir);
    ModelChoice base;
    for (const ModelChoice& choice : catalog.models)
        if (choice.runId == m_fixture.demoRunId && base.key.isEmpty())
            base = choice;
    GenerationWorker worker;
    QSignalSpy loaded(&worker, &GenerationWorker::loaded);
    QSignalSpy failed(&worker, &GenerationWorker::loadFailed);
    worker.load(base, 1);
    QCOMPARE(loaded.size(), 1);
    QVERIFY(loaded.last().first().value<LoadedModelInfo>().adapterDir.isEmpty());
    ModelChoice adapted = base;
    adapted.adapterDir = m_fixture.adapterDir;
    worker.load(adapted, 1);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(loaded.size(), 2);
    const LoadedModelInfo info = loaded.last().first().value<LoadedModelInfo>();
    QCOMPARE(info.adapterDir, m_fixture.adapterDir);
    QCOMPARE(info.checkpointPath, base.checkpointPath); // the same base, not loaded again
    worker.load(base, 1);
    QCOMPARE(loaded.size(), 3);
    QVERIFY(loaded.last().first().value<LoadedModelInfo>().adapterDir.isEmpty());
    // An adapter folder that does not fit is reported, and the model answers without it.
    ModelChoice broken = base;
    broken.adapterDir = m_fixture.projectDir;
    worker.load(broken, 1);
    QCOMPARE(failed.size(), 1);
}

LW_TEST_MAIN(TestFinetunePanel)
#include "test_finetune_panel.moc"
