// The Models view on a temporary project, driving the real llmwb: a run's checkpoint
// (registered in the store as the trainer does) and a model imported by the command line
// are listed; a Hugging Face folder written by the independent script is dropped on the
// view and shows its files' sha256 (computed here) in the details; a failed import shows
// what llmwb said; a cancelled import leaves no row and no folder; the export dialog
// writes config.json and model.safetensors; the merge dialog merges the model with itself
// into a model whose lineage names it twice; delete removes the merge and its folder;
// two folders dropped at once are both imported, one job after the other; a LoRA
// fine-tune of the imported model is exported from the dialog as a llama.cpp adapter
// (general.type "adapter", f16 A and B of the adapted GGUF weights, alpha as trained)
// with the command line `llmwb adapter export` takes, and a DoRA one is offered
// disabled with the reason.
#include "core/gguf/gguf_file.h"
#include "core/store/project.h"
#include "models_test_support.h"
#include "test_registry.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/models/export_model_dialog.h"
#include "ui/panels/models/merge_dialog.h"
#include "ui/panels/models/models_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTextBrowser>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::models;

class TestModelsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsACheckpointAndAnImport();
    void importShowsTheFilesWithTheirSha256();
    void failedImportShowsWhatTheCommandSaid();
    void cancelledImportLeavesNothing();
    void exportWritesAHuggingFaceFolder();
    void mergeWithItselfShowsItsLineage();
    void deleteRemovesTheMerge();
    void droppedFoldersAreImportedOneAfterAnother();
    void adapterExportCommandLine();
    void doraAdapterIsOfferedDisabled();
    void exportWritesALoraAdapterAsGguf();

private:
    const ModelEntry* entry(const QString& name) const
    {
        for (const ModelEntry& e : m_panel->entries())
            if (e.name == name)
                return &e;
        return nullptr;
    }
    bool waitForJob(); // true when it succeeded
    QString project() const { return m_dir.filePath(QStringLiteral("project")); }

    QTemporaryDir m_dir;
    QString m_small, m_large;
    QString m_checkpoint;
    std::unique_ptr<JobSupervisor> m_supervisor;
    std::unique_ptr<ModelsPanel> m_panel;
};

void TestModelsPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_small = m_dir.filePath(QStringLiteral("tiny-gpt2"));
    m_large = m_dir.filePath(QStringLiteral("wide-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(m_small, 32, 31));
    QVERIFY(models_test::makeGpt2Folder(m_large, 512, 32));

    // A run with one checkpoint file, registered the way the trainer registers
    // it.
    auto p = lw::store::Project::openOrCreate(project().toStdString(), "models-test");
    lw::store::Store store = p.openStore();
    lw::store::NewRun run("little-run");
    run.config = {{"model",
                   {{"family", "gpt2"},
                    {"vocab_size", 300},
                    {"context_length", 16},
                    {"n_layer", 1},
                    {"n_head", 2},
                    {"d_model", 16}}}};
    const int64_t runId = p.createRun(store, run);
    m_checkpoint = project() + QStringLiteral("/little-checkpoint.pt");
    QFile file(m_checkpoint);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(1234, 'x'));
    file.close();
    lw::store::Artifact artifact;
    artifact.runId = runId;
    artifact.kind = lw::store::kArtifactFinal;
    artifact.path = m_checkpoint.toStdString();
    artifact.step = 10;
    artifact.sizeBytes = 1234;
    artifact.sha256 = models_test::fileSha256(m_checkpoint).toStdString();
    store.addArtifact(artifact);

    m_supervisor = std::make_unique<JobSupervisor>();
    m_panel = std::make_unique<ModelsPanel>(m_supervisor.get());
    m_panel->resize(1200, 700);
    m_panel->show();
}

bool TestModelsPanel::waitForJob()
{
    QSignalSpy succeeded(m_panel->job(), &data::DataJob::succeeded);
    QSignalSpy listed(m_panel.get(), &ModelsPanel::listed);
    if (!QTest::qWaitFor([&] { return !m_panel->job()->isRunning(); }, 300000))
        return false;
    if (succeeded.isEmpty()) {
        qWarning("job failed: %s", qPrintable(m_panel->errorLabel()->text()));
        return false;
    }
    return listed.count() > 0 || listed.wait(30000);
}

void TestModelsPanel::listsACheckpointAndAnImport()
{
    QProcess cli;
    cli.start(qEnvironmentVariable("LLMWB_WORKER"),
              {QStringLiteral("import"), QStringLiteral("--from"), m_small, QStringLiteral("--name"),
               QStringLiteral("by-cli"), QStringLiteral("--project"), project()});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);

    QSignalSpy listed(m_panel.get(), &ModelsPanel::listed);
    m_panel->setProjectDir(project());
    QVERIFY(listed.wait(30000));
    QCOMPARE(m_panel->table()->rowCount(), 2);
    const ModelEntry* checkpoint = entry(QStringLiteral("little-run (newest)"));
    QVERIFY(checkpoint);
    QCOMPARE(checkpoint->kind, ModelKind::Checkpoint);
    QCOMPARE(checkpoint->bytes, qint64(1234));
    QCOMPARE(checkpoint->sha256, models_test::fileSha256(m_checkpoint));
    // 300x16 token and 16x16 position embeddings, one layer, the final norm.
    QCOMPARE(checkpoint->parameters, models_test::gpt2Parameters(300, 16, 1, 16));
    const ModelEntry* imported = entry(QStringLiteral("by-cli"));
    QVERIFY(imported);
    QCOMPARE(imported->kind, ModelKind::Import);
    QCOMPARE(imported->family, QStringLiteral("gpt2"));
    QCOMPARE(imported->parameters, models_test::gpt2Parameters(50257, 64, 2, 32));
    QCOMPARE(m_panel->table()->item(0, ModelsPanel::KindColumn)->text(), kindText(ModelKind::Checkpoint));
    QCOMPARE(m_panel->table()->item(1, ModelsPanel::NameColumn)->text(), QStringLiteral("by-cli"));
    // Checkpoints belong to their runs: the view offers no delete for them.
    m_panel->selectModel(checkpoint->name);
    QVERIFY(!m_panel->deleteAction()->isEnabled());
    QVERIFY(m_panel->details()->toPlainText().contains(checkpoint->sha256));
}

void TestModelsPanel::importShowsTheFilesWithTheirSha256()
{
    // A file that is neither a folder nor a .gguf is refused at the door.
    QMimeData notAModel;
    notAModel.setUrls({QUrl::fromLocalFile(m_small + QStringLiteral("/config.json"))});
    QDragEnterEvent refused(QPoint(20, 20), Qt::CopyAction, &notAModel, Qt::LeftButton, Qt::NoModifier);
    refused.ignore();
    QCoreApplication::sendEvent(m_panel.get(), &refused);
    QVERIFY(!refused.isAccepted());
    // The folder dropped on the view is imported under its own name.
    QCOMPARE(m_panel->suggestedName(m_small), QStringLiteral("tiny-gpt2"));
    QMimeData folder;
    folder.setUrls({QUrl::fromLocalFile(m_small)});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
    enter.ignore();
    QCoreApplication::sendEvent(m_panel.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_panel.get(), &drop);
    QVERIFY(m_panel->job()->isRunning());
    QVERIFY(waitForJob());
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->currentEntry() && m_panel->currentEntry()->name == QStringLiteral("tiny-gpt2"),
                             20000);
    const QString details = m_panel->details()->toPlainText();
    for (const QString& file : {QStringLiteral("model.safetensors"), QStringLiteral("config.json"),
                                QStringLiteral("vocab.json"), QStringLiteral("merges.txt")}) {
        QVERIFY2(details.contains(file), qPrintable(file));
        QVERIFY2(details.contains(models_test::fileSha256(m_small + QLatin1Char('/') + file)), qPrintable(file));
    }
    QVERIFY(details.contains(m_small)); // where it came from
}

// A folder without a model fails; the view shows what llmwb itself says of that folder
// (run here on its own, the same way) where the user acted.
void TestModelsPanel::failedImportShowsWhatTheCommandSaid()
{
    const QString empty = m_dir.filePath(QStringLiteral("no-model-here"));
    QVERIFY(QDir().mkpath(empty));
    QProcess cli;
    cli.start(qEnvironmentVariable("LLMWB_WORKER"),
              {QStringLiteral("import"), QStringLiteral("--from"), empty, QStringLiteral("--name"),
               QStringLiteral("nothing"), QStringLiteral("--project"), project()});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 2);
    const QString said =
        QString::fromUtf8(cli.readAllStandardError()).trimmed().section(QStringLiteral("error: "), -1).trimmed();
    QVERIFY(!said.isEmpty());

    QSignalSpy failed(m_panel->job(), &data::DataJob::failed);
    m_panel->importModel(empty, QStringLiteral("nothing"));
    QVERIFY(failed.wait(120000));
    QVERIFY(m_panel->errorLabel()->isVisibleTo(m_panel.get()));
    QVERIFY2(m_panel->errorLabel()->text().contains(said),
             qPrintable(m_panel->errorLabel()->text() + QStringLiteral(" / ") + said));
    QVERIFY(!QFileInfo::exists(project() + QStringLiteral("/models/nothing")));
}

void TestModelsPanel::cancelledImportLeavesNothing()
{
    const QString name = QStringLiteral("wide-cancelled");
    QSignalSpy cancelled(m_panel->job(), &data::DataJob::cancelled);
    QSignalSpy succeeded(m_panel->job(), &data::DataJob::succeeded);
    // Cancel as soon as the copy reports progress (of a file of about 150 MB).
    // The row shows the job while it runs, with its Cancel button.
    bool rowShown = false;
    connect(
        m_panel->job(), &data::DataJob::progress, m_panel.get(),
        [this, &rowShown] {
            rowShown = m_panel->progressRow()->isVisibleTo(m_panel.get()) &&
                       m_panel->progressRow()->cancelButton()->isEnabled();
            m_panel->progressRow()->cancelButton()->click();
        },
        Qt::SingleShotConnection);
    m_panel->importModel(m_large, name);
    QVERIFY(QTest::qWaitFor([&] { return !m_panel->job()->isRunning(); }, 120000));
    QCOMPARE(succeeded.count(), 0);
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(rowShown);
    QVERIFY(!m_panel->progressRow()->isVisibleTo(m_panel.get()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isListing(), 20000);
    QVERIFY(!entry(name));
    QVERIFY(!QFileInfo::exists(project() + QStringLiteral("/models/") + name));
}

void TestModelsPanel::exportWritesAHuggingFaceFolder()
{
    m_panel->selectModel(QStringLiteral("tiny-gpt2"));
    m_panel->exportAction()->trigger();
    ExportModelDialog* dialog = m_panel->exportDialog();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->request().model, QStringLiteral("tiny-gpt2"));
    // GGUF offers the block formats too; a Hugging Face folder only floats.
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("gguf")));
    QVERIFY(dialog->dtypeBox()->findText(QStringLiteral("q8_0")) >= 0);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("hf")));
    QCOMPARE(dialog->dtypeBox()->findText(QStringLiteral("q8_0")), -1);
    const QString output = m_dir.filePath(QStringLiteral("exported-hf"));
    dialog->outputEdit()->setText(output);
    dialog->exportButton()->click();
    QVERIFY(!dialog->isVisible());
    QVERIFY(waitForJob());
    QVERIFY(QFileInfo::exists(output + QStringLiteral("/config.json")));
    QVERIFY(QFileInfo::exists(output + QStringLiteral("/model.safetensors")));
    QVERIFY(m_panel->resultLabel()->text().contains(output));
}

void TestModelsPanel::mergeWithItselfShowsItsLineage()
{
    m_panel->selectModel(QStringLiteral("tiny-gpt2"));
    m_panel->mergeAction()->trigger();
    MergeDialog* dialog = m_panel->mergeDialog();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->modelTable()->rowCount(), 2); // the selected model, twice
    QVERIFY(!dialog->mergeButton()->isEnabled());  // no name yet
    dialog->methodBox()->setCurrentText(QStringLiteral("slerp"));
    QVERIFY(dialog->tBox()->isEnabled());
    QVERIFY(!dialog->seedBox()->isEnabled());
    dialog->methodBox()->setCurrentText(QStringLiteral("linear"));
    QVERIFY(!dialog->tBox()->isEnabled());
    QVERIFY(!dialog->baseBox()->isEnabled());
    dialog->nameEdit()->setText(QStringLiteral("tiny-self"));
    QVERIFY(dialog->mergeButton()->isEnabled());
    dialog->mergeButton()->click();
    QVERIFY(waitForJob());
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->currentEntry() && m_panel->currentEntry()->name == QStringLiteral("tiny-self"),
                             20000);
    const ModelEntry* merged = m_panel->currentEntry();
    QCOMPARE(merged->kind, ModelKind::Merge);
    const QJsonArray inputs = merged->lineage.value(QStringLiteral("models")).toArray();
    QCOMPARE(inputs.size(), 2);
    for (const QJsonValue& input : inputs)
        QCOMPARE(input.toObject().value(QStringLiteral("model")).toString(), QStringLiteral("tiny-gpt2"));
    QCOMPARE(merged->lineage.value(QStringLiteral("merge")).toObject().value(QStringLiteral("method")).toString(),
             QStringLiteral("linear"));
    QCOMPARE(merged->parameters, models_test::gpt2Parameters(50257, 64, 2, 32));
    const QString details = m_panel->details()->toPlainText();
    QVERIFY(details.contains(QStringLiteral("tiny-gpt2")));
    QVERIFY(details.contains(QStringLiteral("linear")));
}

void TestModelsPanel::deleteRemovesTheMerge()
{
    const QString folder = entry(QStringLiteral("tiny-self")) ? entry(QStringLiteral("tiny-self"))->path : QString();
    QVERIFY(QFileInfo::exists(folder));
    QSignalSpy listed(m_panel.get(), &ModelsPanel::listed);
    m_panel->deleteModel(QStringLiteral("tiny-self"));
    QVERIFY(listed.wait(30000));
    QVERIFY(!entry(QStringLiteral("tiny-self")));
    QVERIFY(!QFileInfo::exists(folder));
    QVERIFY(entry(QStringLiteral("tiny-gpt2"))); // the model it was made from stays
    QVERIFY(QFileInfo::exists(m_small + QStringLiteral("/model.safetensors")));
}

void TestModelsPanel::droppedFoldersAreImportedOneAfterAnother()
{
    // A second folder of the same file name: each import gets a name of its own.
    const QString twin = m_dir.filePath(QStringLiteral("elsewhere/tiny-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(twin, 32, 41));
    QVERIFY(entry(QStringLiteral("tiny-gpt2"))); // imported by an earlier test
    QMimeData folders;
    folders.setUrls({QUrl::fromLocalFile(m_small), QUrl::fromLocalFile(twin)});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &folders, Qt::LeftButton, Qt::NoModifier);
    enter.ignore();
    QCoreApplication::sendEvent(m_panel.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &folders, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_panel.get(), &drop);
    QVERIFY(m_panel->job()->isRunning());
    QCOMPARE(m_panel->queuedImports(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->queuedImports() == 0, 300000); // the second one started
    QVERIFY(waitForJob());
    QTRY_VERIFY_WITH_TIMEOUT(entry(QStringLiteral("tiny-gpt2-2")) && entry(QStringLiteral("tiny-gpt2-3")), 30000);
    for (const QString& name : {QStringLiteral("tiny-gpt2-2"), QStringLiteral("tiny-gpt2-3")}) {
        QCOMPARE(entry(name)->kind, ModelKind::Import);
        QCOMPARE(entry(name)->parameters, models_test::gpt2Parameters(50257, 64, 2, 32));
    }
    // In the order dropped: the second name holds the twin's weights.
    QCOMPARE(models_test::fileSha256(entry(QStringLiteral("tiny-gpt2-3"))->path + QStringLiteral("/model.safetensors")),
             models_test::fileSha256(twin + QStringLiteral("/model.safetensors")));
}

void TestModelsPanel::adapterExportCommandLine()
{
    ExportRequest request;
    request.projectDir = QStringLiteral("/projects/p");
    request.model = QStringLiteral("7:best");
    request.format = kAdapterGgufFormat;
    request.dtype = QStringLiteral("f16");
    request.output = QStringLiteral("/out/a b.gguf");
    const JobSpec spec = exportJob(request);
    QCOMPARE(spec.projectDir, request.projectDir);
    QCOMPARE(spec.arguments,
             (QStringList{"adapter", "export", "--adapter", "7:best", "--format", "gguf", "--dtype", "f16", "--output",
                          "/out/a b.gguf", "--project", "/projects/p", "--events"}));
    QCOMPARE(exportDtypes(kAdapterGgufFormat), (QStringList{"f32", "f16"}));
}

void TestModelsPanel::doraAdapterIsOfferedDisabled()
{
    ExportModelDialog dialog;
    dialog.setModel(project(), QStringLiteral("5"), QStringLiteral("dora-run (newest)"), AdapterKind::Dora);
    const int index = dialog.formatBox()->findData(kAdapterGgufFormat);
    QVERIFY(index >= 0);
    const auto* items = qobject_cast<const QStandardItemModel*>(dialog.formatBox()->model());
    QVERIFY(!items->item(index)->isEnabled());
    QVERIFY(dialog.formatBox()->itemData(index, Qt::ToolTipRole).toString().contains(QStringLiteral("DoRA")));
    // A model that is not an adapter fine-tune has no such format.
    dialog.setModel(project(), QStringLiteral("tiny-gpt2"), QStringLiteral("tiny-gpt2"));
    QCOMPARE(dialog.formatBox()->findData(kAdapterGgufFormat), -1);
    QCOMPARE(dialog.formatBox()->count(), 2);
}

void TestModelsPanel::exportWritesALoraAdapterAsGguf()
{
    // Two steps of LoRA on the model imported by the first test: rank 4, alpha 8, on
    // GPT-2's four linear layers of each of its two blocks.
    QProcess cli;
    cli.start(qEnvironmentVariable("LLMWB_WORKER"),
              {"finetune", "--demo", "--base", "by-cli", "--max-steps", "2", "--warmup-steps", "0", "--batch-size",
               "2", "--compare", "0", "--lora-targets", "all-linear", "--lora-rank", "4", "--lora-alpha", "8",
               "--project", project(), "--events"});
    QVERIFY(cli.waitForFinished(240000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    qint64 runId = 0;
    for (const QByteArray& line : cli.readAllStandardOutput().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value("event").toString() == QLatin1String("run_started"))
            runId = qint64(e.value("run_id").toDouble());
    }
    QVERIFY(runId > 0);
    QSignalSpy listed(m_panel.get(), &ModelsPanel::listed);
    m_panel->refresh();
    QVERIFY(listed.wait(30000));
    const ModelEntry* run = nullptr;
    for (const ModelEntry& e : m_panel->entries())
        if (e.spec == QString::number(runId))
            run = &e;
    QVERIFY(run);
    QCOMPARE(run->adapter, AdapterKind::Lora);
    QCOMPARE(entry(QStringLiteral("by-cli"))->adapter, AdapterKind::None);

    m_panel->selectModel(run->name);
    m_panel->exportAction()->trigger();
    ExportModelDialog* dialog = m_panel->exportDialog();
    QVERIFY(dialog->isVisible());
    const int index = dialog->formatBox()->findData(kAdapterGgufFormat);
    QVERIFY(index >= 0);
    dialog->formatBox()->setCurrentIndex(index);
    QCOMPARE(dialog->dtypeBox()->count(), 2);
    QVERIFY(dialog->outputEdit()->text().endsWith(QStringLiteral("-lora.gguf")));
    dialog->dtypeBox()->setCurrentText(QStringLiteral("f16"));
    const QString output = m_dir.filePath(QStringLiteral("exported-lora.gguf"));
    dialog->outputEdit()->setText(output);
    dialog->exportButton()->click();
    QVERIFY(waitForJob());
    QVERIFY(m_panel->resultLabel()->text().contains(output));

    const lw::gguf::GgufFile file(output.toStdString());
    QCOMPARE(file.get<std::string>("general.type"), std::string("adapter"));
    QCOMPARE(file.get<std::string>("general.architecture"), std::string("gpt2"));
    QCOMPARE(file.get<std::string>("adapter.type"), std::string("lora"));
    QCOMPARE(file.get<float>("adapter.lora.alpha"), 8.0f);
    // attn_qkv, attn_output, ffn_up and ffn_down of two blocks, A and B of each.
    QCOMPARE(int(file.tensors().size()), 2 * 4 * 2);
    for (const lw::gguf::GgufTensorInfo& t : file.tensors())
        QCOMPARE(int(t.type), int(lw::gguf::GgmlType::F16));
    // A of the fused q/k/v projection: d_model 32 inputs by rank 4 (ggml's ne order).
    QCOMPARE(file.tensor("blk.0.attn_qkv.weight.lora_a").dims, (std::vector<uint64_t>{32, 4}));
    QCOMPARE(file.tensor("blk.0.attn_qkv.weight.lora_b").dims, (std::vector<uint64_t>{4, 96}));
}

LW_TEST_MAIN(TestModelsPanel)
#include "test_models_panel.moc"
