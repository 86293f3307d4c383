#include "ui/shell/project_context.h"

#include "core/store/project.h"
#include "ui/shell/background.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <exception>

namespace lw::ui {

namespace {

constexpr const char* kRecentKey = "projects/recent";
constexpr const char* kLastKey = "projects/last";

struct OpenResult {
    QString dir;
    QString name;
    QString error;
};

} // namespace

ProjectContext::ProjectContext(QObject* parent) : QObject(parent) { }

void ProjectContext::open(const QString& dir)
{
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_opening = absolute;
    runInBackground(
        this,
        [absolute] {
            OpenResult result;
            result.dir = absolute;
            try {
                QString name = QFileInfo(absolute).fileName();
                auto project = store::Project::openOrCreate(absolute.toStdString(),
                                                            name.isEmpty() ? "project" : name.toStdString());
                result.name = QString::fromStdString(project.name());
            } catch (const std::exception& e) {
                result.error = QString::fromUtf8(e.what());
            }
            return result;
        },
        [this](const OpenResult& result) {
            if (result.dir == m_opening)
                m_opening.clear();
            if (!result.error.isEmpty()) {
                Q_EMIT openFailed(result.dir, result.error);
                return;
            }
            m_dir = result.dir;
            m_name = result.name;
            remember(result.dir);
            Q_EMIT projectChanged(m_dir);
        });
}

QStringList ProjectContext::recentProjects() const
{
    QStringList existing;
    const QStringList stored = QSettings().value(QLatin1String(kRecentKey)).toStringList();
    for (const QString& dir : stored)
        if (QFileInfo::exists(QDir(dir).filePath(QLatin1String(store::Project::kStoreFileName))))
            existing.append(dir);
    return existing;
}

void ProjectContext::clearRecentProjects()
{
    QSettings().remove(QLatin1String(kRecentKey));
    Q_EMIT recentProjectsChanged();
}

QString ProjectContext::lastProject() const
{
    return QSettings().value(QLatin1String(kLastKey)).toString();
}

void ProjectContext::remember(const QString& dir)
{
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecentProjects)
        recent.removeLast();
    settings.setValue(QLatin1String(kRecentKey), recent);
    settings.setValue(QLatin1String(kLastKey), dir);
    Q_EMIT recentProjectsChanged();
}

} // namespace lw::ui
