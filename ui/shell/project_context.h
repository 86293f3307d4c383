#pragma once
// The project the window works on: a folder with its SQLite store. Opening (or
// creating) it happens off the GUI thread; the recent projects live in QSettings.
#include <QObject>
#include <QString>
#include <QStringList>

namespace lw::ui {

class ProjectContext : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRecentProjects = 8;

    explicit ProjectContext(QObject* parent = nullptr);

    bool isOpen() const { return !m_dir.isEmpty(); }
    QString dir() const { return m_dir; } // absolute
    QString name() const { return m_name; }

    // Opens the project in `dir`, creating the folder and its store when missing.
    // Emits projectChanged, or openFailed with the reason.
    void open(const QString& dir);
    bool isOpening() const { return !m_opening.isEmpty(); }

    // Most recent first; folders that no longer hold a project are left out.
    QStringList recentProjects() const;
    void clearRecentProjects();
    // The project open when the app last closed ("" when none ever was).
    QString lastProject() const;

Q_SIGNALS:
    void projectChanged(const QString& dir);
    void openFailed(const QString& dir, const QString& message);
    void recentProjectsChanged();

private:
    void remember(const QString& dir);

    QString m_dir;
    QString m_name;
    QString m_opening;
};

} // namespace lw::ui
