// The Fine-tune panel with real projects and real worker output: a demo model trained
// and fine-tuned by llmwb in the test's folder. The panel lists the demo model and the
// demo datasets, draws a replayed real run's curves and side-by-side answers (counts
// and texts compared with the event lines parsed here), shows a real check's report and
// blocks Start on its error, and the Chat panel's adapter picker lists the fine-tune's
// adapter for its base only; the generation worker swaps adapters on a loaded model.
// Last (they add runs and datasets the tests above do not expect): a LoRA fine-tune
// started from the panel with an "Evaluate checkpoints" task stores a perplexity per
// checkpoint equal to core's own computation on that checkpoint, charted by Runs; a
// classification check finds a class no training row has, and nothing on the demo
// messages.
#include "core/catalog/model_locator.h"
#include "core/eval/checkpoint_evaluation.h"
#include "core/eval/eval_tasks.h"
#include "core/finetune/checkpoint_model.h"
#include "core/finetune/demo_messages.h"
#include "core/store/project.h"
#include "core/store/store.h"
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
#include "ui/panels/finetune/saved_finetune_setup.h"
#include "ui/panels/runs/runs_store_jobs.h"
#include "ui/panels/train/train_charts.h"
#include "ui/shell/job_supervisor.h"
#include "ui/widgets/eval_tasks_box.h"
#include "ui/widgets/loss_chart.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
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
    void evalTasksScoreEachCheckpointOfALoraFinetune();
    void classificationCheckFindsAClassWithoutTrainingRows();

private:
    void openProject(FinetunePanel& panel);
    QList<QJsonObject> eventsOf(const QString& type) const;
    void setTrainingValue(FinetunePanel& panel, const char* key, int value);

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

void TestFinetunePanel::setTrainingValue(FinetunePanel& panel, const char* key, int value)
{
    auto* spin = qobject_cast<QSpinBox*>(panel.form()->editor(QLatin1String(key)));
    QVERIFY2(spin, key);
    spin->setValue(value);
}

void TestFinetunePanel::evalTasksScoreEachCheckpointOfALoraFinetune()
{
    // Held-out text in the demo stories' words (any text works: the number is compared
    // with core's own computation on the same checkpoint, not with a constant).
    const QString heldOut = m_dir.filePath(QStringLiteral("held-out.txt"));
    {
        QFile file(heldOut);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Lily and Max played by the river. The little cat sat under the old tree.\n"
                   "Ben found a red ball in the park and gave it to Mia after school.\n"
                   "The big dog ran to the village, and the small bird sang on the hill.\n");
    }
    const QString task = QStringLiteral("perplexity:text-file=%1,context=16").arg(heldOut);

    QString runDir;
    qint64 runId = 0;
    {
        JobSupervisor supervisor;
        FinetunePanel panel(&supervisor);
        panel.resize(1280, 800);
        panel.show();
        openProject(panel);
        QCOMPARE(panel.form()->method(), QStringLiteral("lora"));
        // A task the worker would refuse blocks Start, with the box's name.
        auto* editor = panel.form()->evalTasksBox()->editor();
        editor->setPlainText(QStringLiteral("perplexity:context=16"));
        QVERIFY(!panel.startButton()->isEnabled());
        QVERIFY2(panel.blockedLabel()->text().contains(panel.form()->evalTasksBox()->title()),
                 qPrintable(panel.blockedLabel()->text()));
        QSignalSpy saved(&panel, &FinetunePanel::setupSaved);
        editor->setPlainText(task + QStringLiteral("\n\n"));
        QVERIFY(panel.startButton()->isEnabled());
        setTrainingValue(panel, "max_steps", 4);
        setTrainingValue(panel, "checkpoint_every", 2);
        setTrainingValue(panel, "eval_every", 100); // no validation pass between steps
        setTrainingValue(panel, "batch_size", 4);
        setTrainingValue(panel, "context", 64);
        // The command line says the task, as `llmwb finetune --eval-task` takes it; the
        // check (no checkpoint) does not.
        const FinetuneRequest request = panel.currentRequest();
        const QStringList arguments = finetuneArguments(request, false);
        QCOMPARE(arguments.count(QStringLiteral("--eval-task")), 1);
        QCOMPARE(arguments.at(arguments.indexOf(QStringLiteral("--eval-task")) + 1), task);
        QCOMPARE(arguments.at(arguments.indexOf(QStringLiteral("--checkpoint-every")) + 1), QStringLiteral("2"));
        QVERIFY(!finetuneArguments(request, true).contains(QStringLiteral("--eval-task")));
        // Kept in the project for the next start.
        QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), 10000);
        QCOMPARE(loadSavedFinetuneSetup(m_fixture.projectDir).evalTasks, QStringList{task});

        QSignalSpy ended(&panel, &FinetunePanel::runEnded);
        panel.start();
        QVERIFY(ended.wait(300000));
        QCOMPARE(ended.first().first().toString(), QStringLiteral("completed"));
        runId = panel.runId();
        QVERIFY(runId > m_fixture.finetuneRunId);
        // The next panel on this project shows the kept task.
        FinetunePanel reopened(&supervisor);
        openProject(reopened);
        QCOMPARE(reopened.form()->evalTasks(), QStringList{task});
        editor->clear(); // later tests start from an empty box
        QTRY_COMPARE_WITH_TIMEOUT(loadSavedFinetuneSetup(m_fixture.projectDir).evalTasks, QStringList(), 10000);
    }

    // One stored perplexity per checkpoint step (2 and the final 4), each equal to core's
    // computation on that checkpoint: the LoRA adapter applied to the base, unmerged.
    const auto project = lw::store::Project::open(m_fixture.projectDir.toStdString());
    lw::store::Store store = project.openStore();
    lw::store::EvaluationQuery query;
    query.runId = runId;
    const auto evaluations = store.listEvaluations(query);
    QCOMPARE(int(evaluations.size()), 2);
    std::map<int64_t, std::string> checkpoints;
    for (const auto& checkpoint : lw::eval::runCheckpoints(store, runId))
        checkpoints[checkpoint.step] = checkpoint.path;
    QList<double> steps;
    for (const auto& evaluation : evaluations) {
        QVERIFY(evaluation.step.has_value());
        QCOMPARE(QString::fromStdString(evaluation.task), QStringLiteral("perplexity"));
        steps.append(double(*evaluation.step));
        QVERIFY(checkpoints.count(*evaluation.step));
        lw::catalog::ModelLocation location;
        location.format = lw::catalog::ModelFormat::Checkpoint;
        location.path = checkpoints.at(*evaluation.step);
        location.runId = runId;
        lw::catalog::LoadedModel loaded = lw::finetune::loadCheckpointModel(project, location, torch::Device("cpu"));
        lw::eval::PerplexityTaskSettings settings;
        settings.textFile = heldOut.toStdString();
        settings.options.context = 16;
        const auto reference = lw::eval::runPerplexityTask(project, loaded, settings);
        for (const char* key : {"perplexity", "nll"}) {
            const double stored = evaluation.summary.at(key).get<double>();
            const double expected = reference.summary.at(key).get<double>();
            QVERIFY2(std::abs(stored - expected) <= 1e-6 * std::abs(expected),
                     qPrintable(QStringLiteral("step %1 %2: stored %3, core %4")
                                    .arg(*evaluation.step)
                                    .arg(QLatin1String(key))
                                    .arg(stored, 0, 'g', 17)
                                    .arg(expected, 0, 'g', 17)));
        }
        QCOMPARE(evaluation.summary.at("tokens").get<int64_t>(), reference.summary.at("tokens").get<int64_t>());
    }
    QCOMPARE(steps, (QList<double>{2, 4}));
    // The Runs panel charts them against the step, as for a pretraining run.
    const QVector<EvalCurve> curves = loadEvalCurves(store, runId);
    QCOMPARE(curves.size(), 1);
    QCOMPARE(QList<double>(curves.first().steps.begin(), curves.first().steps.end()), steps);
    QCOMPARE(curves.first().values.first(), evaluations.front().summary.at("perplexity").get<double>());
}

void TestFinetunePanel::classificationCheckFindsAClassWithoutTrainingRows()
{
    // Demo messages (ham and spam) and a set whose rows name both classes but only ever
    // answer "ham": the classifier could never learn to say "spam".
    const auto project = lw::store::Project::open(m_fixture.projectDir.toStdString());
    lw::finetune::ensureDemoClassificationData(project);
    finetune_test::importOnlyHamMessages(m_fixture.projectDir);

    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    panel.form()->setObjective(QStringLiteral("classify"));
    // A new head and the last blocks train: full weights, nothing else to choose.
    QCOMPARE(panel.form()->method(), QStringLiteral("full"));
    QVERIFY(!panel.form()->editor(QStringLiteral("method"))->isEnabled());
    QCOMPARE(panel.form()->settings().value(QLatin1String("dataset")).toString(),
             QString::fromLatin1(lw::finetune::kDemoMessagesName));
    QVERIFY(panel.form()->setDataset(QStringLiteral("only-ham")));
    setTrainingValue(panel, "batch_size", 4);

    QSignalSpy checked(&panel, &FinetunePanel::checkFinished);
    panel.check();
    QVERIFY(checked.wait(240000));
    CheckReportView* view = panel.checkView();
    QVERIFY2(view->hasReport(), qPrintable(view->figuresLabel()->text()));
    // core's finding, as the worker reported it: an error that blocks.
    QStringList errors;
    for (const QJsonValue& f : view->report().value(QLatin1String("findings")).toArray())
        if (f.toObject().value(QLatin1String("severity")).toString() == QLatin1String("error"))
            errors << f.toObject().value(QLatin1String("code")).toString();
    QCOMPARE(errors, QStringList{QStringLiteral("class_without_train_rows")});
    QCOMPARE(view->report().value(QLatin1String("train_rows_per_class")).toArray().at(1).toInt(-1), 0);
    QVERIFY(view->blocking());
    // It stopped at the data: no costs were measured, and none are shown as zeros.
    QVERIFY(!view->figuresLabel()->text().contains(CheckReportView::tr("Memory")));
    const QString noSpam = CheckReportView::tr("Error: %1")
                               .arg(QCoreApplication::translate(
                                        "lw::ui::finetune::ClassificationCheckText",
                                        "No training row has the class %1: the classifier can never learn to pick it.")
                                        .arg(QStringLiteral("“spam”")));
    QVERIFY2(view->findingTexts().contains(noSpam), qPrintable(view->findingTexts().join(QLatin1Char('\n'))));
    QVERIFY(!panel.startButton()->isEnabled());
    QVERIFY(panel.blockedLabel()->isVisible());
    QVERIFY(panel.blockedLabel()->text().contains(QStringLiteral("“spam”")));

    // The demo messages: both classes in every split, nothing to say, Start allowed; the
    // figures give the rows per class.
    QVERIFY(panel.form()->setDataset(QString::fromLatin1(lw::finetune::kDemoMessagesName)));
    QVERIFY(!view->hasReport());
    panel.check();
    QVERIFY(checked.wait(240000));
    QVERIFY2(view->hasReport(), qPrintable(view->figuresLabel()->text()));
    QVERIFY2(view->findingTexts().isEmpty(), qPrintable(view->findingTexts().join(QLatin1Char('\n'))));
    QVERIFY(!view->blocking());
    QVERIFY(panel.startButton()->isEnabled());
    const QString figures = view->figuresLabel()->text();
    QVERIFY2(figures.contains(QStringLiteral("ham: ")) && figures.contains(QStringLiteral("spam: ")) &&
                 figures.contains(CheckReportView::tr("Memory")),
             qPrintable(figures));
}

LW_TEST_MAIN(TestFinetunePanel)
#include "test_finetune_panel.moc"
