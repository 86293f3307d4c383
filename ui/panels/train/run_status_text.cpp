#include "ui/panels/train/run_status_text.h"

#include <QCoreApplication>
#include <QHash>

namespace lw::ui {

bool isLiveRunStatus(const QString& key)
{
    return key == QLatin1String("starting") || key == QLatin1String("running") || key == QLatin1String("paused");
}

QString runStatusSentence(const QString& key)
{
    static const QHash<QString, const char*> texts = {
        {QStringLiteral("starting"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Starting…")},
        {QStringLiteral("running"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Training")},
        {QStringLiteral("paused"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Paused")},
        {QStringLiteral("completed"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Completed")},
        {QStringLiteral("early_stopped"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Stopped early")},
        {QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Cancelled")},
        {QStringLiteral("diverged"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Diverged")},
        {QStringLiteral("failed"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Failed")},
        {QStringLiteral("interrupted"), QT_TRANSLATE_NOOP("lw::ui::TrainPanel", "Interrupted")},
    };
    const auto it = texts.constFind(key);
    return it == texts.constEnd() ? key : QCoreApplication::translate("lw::ui::TrainPanel", it.value());
}

QString runStatusMessage(qint64 runId, const QString& key)
{
    return runId > 0 ? QCoreApplication::translate("lw::ui::TrainPanel", "Run #%1: %2").arg(runId).arg(runStatusSentence(key))
                     : runStatusSentence(key);
}

} // namespace lw::ui
