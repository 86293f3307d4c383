#include "ui/panels/runs/run_display.h"

#include "ui/widgets/series_colors.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace lw::ui {

using lw::store::RunStatus;

namespace {

// The translation context of these texts (lupdate reads RunDisplay::tr calls).
class RunDisplay {
    Q_DECLARE_TR_FUNCTIONS(RunDisplay)
};

} // namespace

QString runStatusText(RunStatus status)
{
    switch (status) {
    case RunStatus::Created: return RunDisplay::tr("Created");
    case RunStatus::Running: return RunDisplay::tr("Running");
    case RunStatus::Paused: return RunDisplay::tr("Paused");
    case RunStatus::Completed: return RunDisplay::tr("Completed");
    case RunStatus::Cancelled: return RunDisplay::tr("Cancelled");
    case RunStatus::Diverged: return RunDisplay::tr("Diverged");
    case RunStatus::Failed: return RunDisplay::tr("Failed");
    case RunStatus::Interrupted: return RunDisplay::tr("Interrupted");
    }
    return {};
}

QColor runStatusColor(RunStatus status, const QPalette& palette)
{
    QColor color;
    switch (status) {
    case RunStatus::Created: return {};
    case RunStatus::Running: color = QColor(0x1f, 0x6f, 0xd1); break;
    case RunStatus::Paused: color = QColor(0xb0, 0x7d, 0x00); break;
    case RunStatus::Completed: color = QColor(0x1e, 0x8e, 0x3e); break;
    case RunStatus::Cancelled: color = QColor(0x80, 0x80, 0x80); break;
    case RunStatus::Diverged:
    case RunStatus::Failed: color = QColor(0xc6, 0x28, 0x28); break;
    case RunStatus::Interrupted: color = QColor(0xd3, 0x5f, 0x00); break;
    }
    return isDarkPalette(palette) ? color.lighter(150) : color;
}

bool isResumable(RunStatus status)
{
    return status == RunStatus::Interrupted || status == RunStatus::Cancelled;
}

std::optional<double> runDurationSeconds(const lw::store::RunRecord& run)
{
    if (!run.startedAt)
        return std::nullopt;
    const double end = run.endedAt ? *run.endedAt : run.updatedAt;
    return std::max(0.0, end - *run.startedAt);
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return RunDisplay::tr("%1 s").arg(s);
    if (s < 3600)
        return RunDisplay::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return RunDisplay::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return RunDisplay::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString formatUnixTime(double seconds)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000.0))
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 2, QLocale::DataSizeSIFormat);
}

QString runTitle(const lw::store::RunRecord& run)
{
    return RunDisplay::tr("#%1 %2").arg(run.id).arg(QString::fromStdString(run.name));
}

} // namespace lw::ui
