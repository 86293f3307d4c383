#include "ui/panels/train/run_summary.h"

#include "core/store/project.h"
#include "core/train/train_config.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/number_text.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

#include <algorithm>
#include <exception>
#include <filesystem>

namespace lw::ui {

namespace {

class RunSummaryText {
    Q_DECLARE_TR_FUNCTIONS(RunSummaryText)
};

qint64 tokensPerStep(nlohmann::json config)
{
    config.erase("schedule_history"); // the store's, not a training setting
    try {
        return train::TrainConfig::fromJson(config).tokensPerStep();
    } catch (const std::exception&) {
        return 0; // a configuration of another version: the count stays unknown
    }
}

} // namespace

RunSummary readRunSummary(const QString& projectDir, qint64 runId)
{
    RunSummary summary;
    summary.runId = runId;
    try {
        auto project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        const store::RunRecord run = store.run(runId);
        summary.name = QString::fromStdString(run.name);
        const std::string_view status = store::runStatusToString(run.status);
        summary.status = QString::fromUtf8(status.data(), qsizetype(status.size()));
        summary.step = run.step;
        if (run.bestValLoss) {
            summary.bestValLoss = *run.bestValLoss;
            summary.bestStep = run.bestStep.value_or(-1);
        }
        if (run.startedAt && run.endedAt)
            summary.seconds = std::max(0.0, *run.endedAt - *run.startedAt);
        summary.tokensSeen = run.step * tokensPerStep(run.config);
        summary.checkpointDir = QString::fromStdString(store.absolutePath(run.runDir) + "/checkpoints");
        summary.checkpointDirShown = QString::fromStdString(run.runDir + "/checkpoints");
        for (const auto& artifact : store.artifacts(runId)) {
            std::error_code ec;
            const bool checkpoint = artifact.kind == store::kArtifactCheckpoint ||
                                    artifact.kind == store::kArtifactBest || artifact.kind == store::kArtifactFinal;
            if (checkpoint && std::filesystem::is_regular_file(store.absolutePath(artifact.path), ec))
                ++summary.checkpointCount;
        }
    } catch (const std::exception& e) {
        summary.error = QString::fromUtf8(e.what());
    }
    return summary;
}

QString runSummaryText(const RunSummary& summary)
{
    if (!summary.error.isEmpty())
        return RunSummaryText::tr("Run #%1: its record could not be read (%2).")
            .arg(summary.runId)
            .arg(summary.error.toHtmlEscaped());
    const QLocale locale;
    QStringList parts;
    parts << RunSummaryText::tr("<b>Run #%1 %2</b> at step %3")
                 .arg(summary.runId)
                 .arg(runStatusSentence(summary.status).toLower().toHtmlEscaped(), locale.toString(summary.step));
    if (summary.hasBestValLoss())
        parts << RunSummaryText::tr("best validation loss <b>%1</b> at step %2")
                     .arg(locale.toString(summary.bestValLoss, 'f', 4), locale.toString(summary.bestStep));
    else
        parts << RunSummaryText::tr("no validation loss measured");
    const QString time = formatEta(summary.seconds);
    if (!time.isEmpty())
        parts << RunSummaryText::tr("%1 of training").arg(time);
    if (summary.tokensSeen > 0)
        parts << RunSummaryText::tr("%1 tokens seen").arg(formatCount(double(summary.tokensSeen)));
    parts << RunSummaryText::tr("%n checkpoint(s) in %1", nullptr, summary.checkpointCount)
                 .arg(QDir::toNativeSeparators(summary.checkpointDirShown).toHtmlEscaped());
    return parts.join(QStringLiteral(" · "));
}

} // namespace lw::ui
