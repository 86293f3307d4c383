// The Fine-tune panel's past runs: a fine-tune of the project shown from what the store
// and its run folder kept, so that a restart loses neither its curves nor its answers.
#include "ui/panels/finetune/classification_result_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/finetune/past_finetunes_box.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/run_store_reader.h"
#include "ui/shell/background.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace lw::ui::finetune {

namespace {

// <run dir>/adapter when the run wrote an adapter there ("" for a full fine-tune).
QString adapterDirOf(const QString& runDir)
{
    const QString adapter = QDir(runDir).filePath(QStringLiteral("adapter"));
    return QFileInfo::exists(QDir(adapter).filePath(QStringLiteral("adapter_config.json"))) ? adapter : QString();
}

// What a run folder holds beside the store (read on a pool thread: it touches the disk).
struct RunFolderFiles {
    QString adapterDir; // "" for a full fine-tune or a run that wrote none
    QJsonArray answers; // comparison.json's rows, when it was written
    QJsonObject classification; // a classifier's classification.json, when it was written
};

RunFolderFiles readRunFolderFiles(const QString& runDir)
{
    RunFolderFiles files;
    files.adapterDir = adapterDirOf(runDir);
    files.answers =
        ComparisonTable::readFile(QDir(runDir).filePath(QStringLiteral("comparison.json"))).value_or(QJsonArray());
    files.classification =
        ClassificationResultView::readFile(QDir(runDir).filePath(QStringLiteral("classification.json")))
            .value_or(QJsonObject());
    return files;
}

// A fine-tune as the store and its run folder kept it (read on a pool thread).
struct PastFinetune {
    StoredRun run;
    RunFolderFiles files;
};

PastFinetune readPastFinetune(const StoredRunQuery& query)
{
    PastFinetune past;
    past.run = readStoredRun(query);
    if (!past.run.runDir.isEmpty())
        past.files = readRunFolderFiles(past.run.runDir);
    return past;
}

} // namespace

void FinetunePanel::showPastRun(qint64 runId)
{
    if (isRunning() || m_projectDir.isEmpty() || runId <= 0)
        return;
    StoredRunQuery query;
    query.projectDir = m_projectDir;
    query.runId = runId;
    query.withConfig = true;
    query.allMetrics = true;
    const QString dir = m_projectDir;
    const int generation = ++m_pastRunGeneration;
    runInBackground(this, [query] { return readPastFinetune(query); },
                    [this, dir, generation](const PastFinetune& past) {
                        // Only the last pick, of the project still open, and no live run over it.
                        if (generation != m_pastRunGeneration || dir != m_projectDir || isRunning())
                            return;
                        if (!past.run.error.isEmpty()) {
                            Q_EMIT statusMessage(past.run.error);
                            return;
                        }
                        showStoredRun(past.run);
                        m_adapterDir = past.files.adapterDir;
                        m_comparison->setItems(past.files.answers);
                        showClassification(past.files.classification);
                        updateComparisonTitle();
                        updateButtons();
                        Q_EMIT pastRunShown(past.run.runId);
                    });
}

void FinetunePanel::showStoredRun(const StoredRun& run)
{
    m_runId = run.runId;
    m_runDir = run.runDir;
    m_runName = run.name;
    m_adapterDir.clear();
    m_paused = false;
    m_runWorldSize = run.worldSize;
    // A run training elsewhere (another window, the command line) has no end yet.
    m_endStatus = isLiveRunStatus(run.status) ? QString() : run.status;
    m_charts->clear();
    adoptRunConfig(run.config);
    for (auto it = run.metrics.constBegin(); it != run.metrics.constEnd(); ++it)
        m_charts->appendPoints(it.key(), it.value().steps, it.value().values);
    m_progress->showStoredRun(run);
    m_pastRuns->setShownRun(run.runId);
    m_pastRuns->setRunConfig(run.config);
    // The Processes box keeps the project's setting: Resume takes the run's own count
    // when it starts (ProcessesSection::resumeArguments), not when the run is shown.
    m_form->processesSection()->clearResumeTarget();
}

void FinetunePanel::loadRunFolder()
{
    if (m_runDir.isEmpty())
        return;
    const QString runDir = m_runDir;
    runInBackground(this, [runDir] { return readRunFolderFiles(runDir); },
                    [this, runDir](const RunFolderFiles& files) {
                        if (runDir != m_runDir || isRunning()) // another run is shown by now
                            return;
                        m_adapterDir = files.adapterDir;
                        // The live comparison event, when there was one, is the same table.
                        if (m_comparison->rowCount() == 0)
                            m_comparison->setItems(files.answers);
                        if (!m_classification->hasReport()) // likewise the classification event
                            showClassification(files.classification);
                        updateComparisonTitle();
                        updateButtons();
                    });
}

} // namespace lw::ui::finetune
