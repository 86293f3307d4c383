// TrainPanel: the project's last run, shown when the panel opens on a project and
// follows no run (after a restart): its curves, samples, state and summary from the
// store, with Resume offered when it was interrupted or cancelled.
#include "ui/panels/train/train_panel.h"

#include "core/store/records.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/run_store_reader.h"
#include "ui/panels/train/run_summary.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/background.h"

namespace lw::ui {

void TrainPanel::showNewestRun()
{
    if (m_projectDir.isEmpty())
        return;
    StoredRunQuery query;
    query.projectDir = m_projectDir;
    query.newestOfKind = QString::fromLatin1(store::kRunKindPretrain);
    query.withConfig = true; // the sample prompt
    const QString dir = m_projectDir;
    runInBackground(this, [query] { return readStoredRun(query); }, [this, dir](const StoredRun& run) {
        // A run started, resumed or reattached meanwhile is what the panel shows.
        if (dir != m_projectDir || isBusy() || m_lastRunId != 0)
            return;
        if (!run.error.isEmpty()) {
            m_setup->showMessage(run.error, true);
            return;
        }
        // A run training in another process is reattached by the catalog, not drawn here.
        if (run.runId == 0 || isLiveRunStatus(run.status))
            return;
        showStoredRun(run);
    });
}

void TrainPanel::showStoredRun(const StoredRun& run)
{
    m_charts->clear();
    for (auto it = run.metrics.constBegin(); it != run.metrics.constEnd(); ++it)
        m_charts->appendPoints(it.key(), it.value().steps, it.value().values);
    m_progress->showStoredRun(run);
    m_lastRunId = run.runId;
    m_lastRunResumable = run.status == QLatin1String("interrupted") || run.status == QLatin1String("cancelled");
    // The Processes box keeps the project's setting: Resume takes the run's own count
    // when it starts (ProcessesSection::resumeArguments), not when the run is shown.
    m_statusKey = run.status; // shown by the progress view, with the reason of a failure
    updateButtons();
    Q_EMIT lastRunShown(run.runId);
    showSummaryOf(run.runId);
}

void TrainPanel::showSummaryOf(qint64 runId)
{
    const QString dir = m_projectDir;
    runInBackground(this, [dir, runId] { return readRunSummary(dir, runId); },
                    [this, runId](const RunSummary& summary) {
                        if (runId != m_lastRunId || isBusy())
                            return; // another run is shown by now
                        m_progress->showSummary(summary);
                        Q_EMIT summaryShown(runId);
                    });
}

} // namespace lw::ui
