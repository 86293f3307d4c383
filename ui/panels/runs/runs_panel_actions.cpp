// RunsPanel: the actions that write the store or files (rename, tags, notes, delete,
// export) and resume, which hands the run to the shell.
#include "ui/panels/runs/runs_panel.h"

#include "ui/panels/runs/delete_confirmation.h"
#include "ui/panels/runs/run_display.h"
#include "ui/panels/runs/runs_chart_pane.h"
#include "ui/panels/runs/runs_filter_proxy.h"
#include "ui/panels/runs/runs_store_jobs.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/runs/store_task_queue.h"
#include "ui/widgets/loss_chart.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QTableView>

#include <string>
#include <vector>

namespace lw::ui {

namespace {

std::vector<int64_t> toStdIds(const QVector<qint64>& ids)
{
    return std::vector<int64_t>(ids.begin(), ids.end());
}

} // namespace

void RunsPanel::writeToStore(std::function<void(lw::store::Store&)> write, const QString& doneMessage)
{
    m_tasks->run<bool>(StoreTaskQueue::Open::Plain,
        [write = std::move(write)](lw::store::Store& store) {
            write(store);
            return true;
        },
        [this, doneMessage](bool) {
            Q_EMIT statusMessage(doneMessage);
            Q_EMIT storeChanged();
            refreshAfterWrite();
        },
        [this](const QString& error) {
            showError(tr("Could not save the change: %1").arg(error));
            refreshAfterWrite(); // undo what the table showed ahead of the store
        });
}

void RunsPanel::renameCurrentRun()
{
    const int row = m_model->rowOfRun(currentRunId());
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, RunsTableModel::NameColumn));
    m_table->setCurrentIndex(index);
    m_table->setFocus(Qt::ShortcutFocusReason);
    m_table->edit(index); // the model turns the edit into renameRequested
}

void RunsPanel::resumeCurrentRun()
{
    const lw::store::RunRecord* run = m_model->findRun(currentRunId());
    if (!run || !isResumable(run->status))
        return;
    Q_EMIT statusMessage(tr("Resuming run #%1 from its newest checkpoint…").arg(run->id));
    if (run->kind == lw::store::kRunKindFinetune)
        Q_EMIT finetuneResumeRequested(run->id);
    else
        Q_EMIT resumeRequested(run->id);
}

void RunsPanel::deleteSelectedRuns()
{
    const std::vector<int64_t> ids = toStdIds(selectedRunIds());
    if (ids.empty())
        return;
    // Sizes come from walking the run folders: off the GUI thread, then the question.
    m_tasks->run<std::vector<RunDeletionItem>>(StoreTaskQueue::Open::Plain,
        [ids](lw::store::Store& store) { return planDeletion(store, ids); },
        [this, ids](std::vector<RunDeletionItem> plan) {
            if (!confirmDeletion(this, plan))
                return;
            m_tasks->run<DeletionResult>(StoreTaskQueue::Open::Plain,
                [ids](lw::store::Store& store) { return deleteRuns(store, ids); },
                [this](DeletionResult result) {
                    Q_EMIT statusMessage(tr("Deleted %n run(s), freed %1", nullptr, int(result.deleted.size()))
                                             .arg(formatBytes(result.bytesFreed)));
                    refreshAfterWrite();
                    if (!result.problems.empty()) {
                        QStringList problems;
                        for (const auto& problem : result.problems)
                            problems.append(QString::fromStdString(problem));
                        showError(tr("Some of it was not deleted:\n%1").arg(problems.join(QLatin1Char('\n'))));
                    }
                    Q_EMIT storeChanged();
                },
                [this](const QString& error) {
                    showError(tr("Could not delete the runs: %1").arg(error));
                    refreshAfterWrite();
                });
        },
        [this](const QString& error) { showError(tr("Could not prepare the deletion: %1").arg(error)); });
}

QString RunsPanel::askExportPath(const QString& title, const QStringList& filters, const QString& suggested)
{
    QFileDialog dialog(this, title, suggested);
    dialog.setObjectName(QStringLiteral("exportDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setNameFilters(filters);
    dialog.setDefaultSuffix(QFileInfo(suggested).suffix());
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString& filter) {
        // The suffix follows the kind picked: "chart.png" becomes "chart.svg".
        const QString suffix = filter.section(QStringLiteral("*."), 1).section(QLatin1Char(')'), 0, 0);
        dialog.setDefaultSuffix(suffix);
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    return dialog.selectedFiles().first();
}

QString RunsPanel::suggestedExportPath(const QString& suffix) const
{
    QStringList idText;
    for (qint64 id : selectedRunIds())
        idText.append(QString::number(id));
    return QDir(projectDir()).filePath(QStringLiteral("runs-%1.%2").arg(idText.join(QLatin1Char('-')), suffix));
}

void RunsPanel::exportMetricsWithDialog()
{
    if (selectedRunIds().isEmpty()) {
        Q_EMIT statusMessage(tr("Select the runs to export first."));
        return;
    }
    const QString path = askExportPath(tr("Export the metrics"), {tr("Metrics as CSV (*.csv)")},
        suggestedExportPath(QStringLiteral("csv")));
    if (!path.isEmpty())
        exportMetricsCsv(path);
}

void RunsPanel::exportChartWithDialog()
{
    if (selectedRunIds().isEmpty()) {
        Q_EMIT statusMessage(tr("Select the runs to export first."));
        return;
    }
    const QString path = askExportPath(tr("Export the chart"),
        {tr("PNG image (*.png)"), tr("SVG image (*.svg)")}, suggestedExportPath(QStringLiteral("png")));
    if (!path.isEmpty())
        exportChart(path);
}

bool RunsPanel::exportChart(const QString& path)
{
    const bool svg = QFileInfo(path).suffix().compare(QStringLiteral("svg"), Qt::CaseInsensitive) == 0;
    const bool ok = svg ? chart()->saveSvg(path) : chart()->savePng(path);
    if (ok)
        Q_EMIT statusMessage(tr("Saved the chart to %1").arg(QDir::toNativeSeparators(path)));
    else
        showError(tr("Could not write %1").arg(QDir::toNativeSeparators(path)));
    Q_EMIT exportFinished(path, ok);
    return ok;
}

void RunsPanel::exportMetricsCsv(const QString& path)
{
    const std::vector<int64_t> ids = toStdIds(selectedRunIds());
    if (ids.empty()) {
        Q_EMIT statusMessage(tr("Select the runs to export first."));
        Q_EMIT exportFinished(path, false);
        return;
    }
    m_tasks->run<int64_t>(StoreTaskQueue::Open::Plain,
        [ids, path](lw::store::Store& store) { return writeMetricsCsv(store, ids, path); },
        [this, path](int64_t rows) {
            Q_EMIT statusMessage(tr("Exported %n metric row(s) to %1", nullptr, int(rows))
                                     .arg(QDir::toNativeSeparators(path)));
            Q_EMIT exportFinished(path, true);
        },
        [this, path](const QString& error) {
            showError(tr("Could not export the metrics: %1").arg(error));
            Q_EMIT exportFinished(path, false);
        });
}

} // namespace lw::ui
