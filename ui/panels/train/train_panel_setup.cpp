// TrainPanel: what the form shows. The project's catalog (datasets, tokenizers, runs
// still training), the setup kept from the last time, the memory the run will have, the
// equivalent command line, and the tokenizer and dataset jobs that feed the form.
#include "ui/panels/train/train_panel.h"

#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/machine_memory.h"
#include "ui/panels/train/model_shape_editor.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/saved_train_setup.h"
#include "ui/panels/train/store_run_feed.h"
#include "ui/panels/train/tokenizer_section.h"
#include "ui/panels/train/train_command_line.h"
#include "ui/panels/train/train_jobs.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/background.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"

#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>
#include <QStandardPaths>

namespace lw::ui {

void TrainPanel::refreshCatalog()
{
    if (m_projectDir.isEmpty())
        return;
    if (m_catalogLoading) {
        m_catalogAgain = true;
        return;
    }
    m_catalogLoading = true;
    const QString dir = m_projectDir;
    runInBackground(this, [dir] { return ProjectCatalog::load(dir); },
                    [this](const ProjectCatalog& catalog) { onCatalogLoaded(catalog); });
}

void TrainPanel::onCatalogLoaded(const ProjectCatalog& catalog)
{
    m_catalogLoading = false;
    if (m_catalogAgain || catalog.projectDir != m_projectDir) {
        m_catalogAgain = false;
        refreshCatalog();
        return;
    }
    if (!catalog.error.isEmpty())
        m_setup->showMessage(catalog.error, true);
    m_setup->setCatalog(catalog);
    if (!m_pendingTokenizer.isEmpty() && m_setup->tokenizerSection()->selectTokenizer(m_pendingTokenizer))
        m_pendingTokenizer.clear();
    if (!m_pendingDataset.isEmpty() && m_setup->datasetSection()->selectDataset(m_pendingDataset)) {
        m_pendingDataset.clear();
        if (!m_pendingConfig.isEmpty()) {
            m_setup->applyConfig(m_pendingConfig, m_pendingPreset);
            m_restoreOnLoad = false; // an explicit setup (the demo's) wins over the saved one
        }
        m_pendingConfig = {};
        m_pendingPreset.clear();
    }
    if (m_restoreOnLoad)
        restoreSetup(catalog);
    m_restoreOnLoad = false;
    if (!m_setupRestored) {
        m_setupRestored = true;
        scheduleSetupSave(); // the demo's setup is kept from its first start on
    }
    // Runs still training in processes of their own (started before the app last
    // closed, or from the command line): follow the newest one.
    if (m_reattachOnLoad && !isBusy()) {
        for (const LiveRunEntry& run : catalog.liveRuns) {
            if (m_supervisor->jobForRun(run.id) != 0)
                continue;
            auto* feed = new StoreRunFeed(m_projectDir, run.id, m_supervisor, this);
            follow(feed);
            feed->start();
            Q_EMIT statusMessage(tr("Reattached to run #%1 (%2), still training").arg(run.id).arg(run.name));
            break;
        }
        if (!isBusy() && m_lastRunId == 0)
            showNewestRun(); // what the project's last run came to
    }
    m_reattachOnLoad = false;
    updateButtons();
    Q_EMIT catalogRefreshed();
}

void TrainPanel::restoreSetup(const ProjectCatalog& catalog)
{
    const SavedTrainSetup& saved = catalog.savedSetup;
    if (saved.isEmpty())
        return;
    if (!saved.tokenizer.isEmpty())
        m_setup->tokenizerSection()->selectTokenizer(saved.tokenizer);
    if (!saved.dataset.isEmpty())
        m_setup->datasetSection()->selectDataset(saved.dataset);
    m_setup->applyConfig(saved.config, saved.preset);
    m_setup->processesSection()->setSettings(saved.distributed);
    m_setup->setEvalTasks(saved.evalTasks);
}

void TrainPanel::scheduleSetupSave()
{
    if (m_setupRestored && !m_projectDir.isEmpty())
        m_saveTimer.start();
}

void TrainPanel::saveSetupNow()
{
    m_saveTimer.stop();
    if (!m_setupRestored || m_projectDir.isEmpty())
        return;
    SavedTrainSetup setup;
    if (const auto dataset = m_setup->datasetSection()->currentDataset())
        setup.dataset = dataset->name;
    setup.tokenizer = m_setup->tokenizerSection()->currentTokenizer();
    setup.preset = m_setup->shapeEditor()->presetName();
    setup.config = m_setup->trainConfig();
    setup.distributed = m_setup->distributedSettings();
    setup.evalTasks = m_setup->evalTasks();
    const QString dir = m_projectDir;
    runInBackground(this, [dir, setup] { return saveTrainSetup(dir, setup); }, [this, dir](const QString& error) {
        if (!error.isEmpty())
            Q_EMIT statusMessage(error);
        else
            Q_EMIT setupSaved(dir);
    });
}

void TrainPanel::updateMemoryBudget()
{
    const QString device = m_preferences ? m_preferences->device() : QString();
    const bool gpu = cudaDeviceIndex(device) >= 0;
    if (gpu)
        m_memory->probe(device); // the answer comes back through memoryKnown
    const QString whose = gpu ? tr("the GPU (%1)").arg(device) : tr("this computer");
    m_setup->shapeEditor()->setMemoryBudget(double(m_memory->memoryFor(device)), whose);
}

QString TrainPanel::commandLine() const
{
    const auto dataset = m_setup->datasetSection()->currentDataset();
    TrainCommandInput input;
    // `llmwb` when the shell finds this very worker on the PATH, else its full path.
    const QString worker = m_supervisor->workerProgram();
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("llmwb"));
    input.program = !onPath.isEmpty() && QFileInfo(onPath).canonicalFilePath() == QFileInfo(worker).canonicalFilePath()
        ? QStringLiteral("llmwb")
        : worker;
    input.projectDir = m_projectDir;
    input.dataset = dataset ? dataset->name : QString();
    QJsonObject config = m_setup->trainConfig();
    input.model = config.take(QStringLiteral("model")).toObject();
    input.hyperparameters = config;
    input.threads = m_preferences ? m_preferences->threads() : 0;
    input.evalTasks = m_setup->evalTasks();
    input.distributed = m_setup->distributedSettings();
    input.device = m_preferences ? m_preferences->device() : QString();
    return shellCommandLine(trainCommandArguments(input));
}

void TrainPanel::copyCommandLine()
{
    if (!m_copyCommand->isEnabled())
        return;
    const QString line = commandLine();
    QGuiApplication::clipboard()->setText(line);
    Q_EMIT statusMessage(tr("Copied: %1").arg(line));
}

void TrainPanel::trainTokenizer(const QString& kind, int vocabSize, const QString& name)
{
    m_pendingTokenizer = name;
    m_tokenizerJob = m_supervisor->start(
        tokenizerJob(m_projectDir, kind, vocabSize, m_setup->datasetSection()->textFiles(), name));
    m_setup->tokenizerSection()->setBusy(true);
    m_setup->showMessage(tr("Training tokenizer %1…").arg(name), false);
}

void TrainPanel::prepareDataset(const QStringList& files, const QString& name)
{
    m_pendingDataset = name;
    m_prepareJob = m_supervisor->start(
        prepareDatasetJob(m_projectDir, files, m_setup->tokenizerSection()->currentTokenizer(), name));
    m_setup->datasetSection()->setBusy(true);
    m_setup->showMessage(tr("Preparing dataset %1…").arg(name), false);
}

void TrainPanel::onSideJobEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_tokenizerJob && jobId != m_prepareJob)
        return;
    const bool tokenizer = jobId == m_tokenizerJob;
    (tokenizer ? m_tokenizerJob : m_prepareJob) = 0;
    if (tokenizer)
        m_setup->tokenizerSection()->setBusy(false);
    else
        m_setup->datasetSection()->setBusy(false);
    if (end.kind == JobEnd::Kind::Finished) {
        m_setup->showMessage(tokenizer ? tr("Tokenizer %1 is ready.").arg(m_pendingTokenizer)
                                       : tr("Dataset %1 is ready.").arg(m_pendingDataset),
                             false);
    } else {
        m_setup->showMessage(end.message, true);
        (tokenizer ? m_pendingTokenizer : m_pendingDataset).clear();
    }
    refreshCatalog();
}

} // namespace lw::ui
