#pragma once
// The Data panel: the project's dataset versions as a tree, import, the filter recipe
// builder, the template and loss-mask view, and statistics, as tabs; export in a dialog. Every long piece
// of work is an `llmwb data ...` worker process (jobs with progress and cancel through
// the job supervisor, short queries through DataQuery); the GUI thread only draws.
// The version selected in the tree is the one the other tabs work on.
#include <QWidget>

class QTabWidget;

namespace lw::ui {
class JobSupervisor;
}

namespace lw::ui::data {

class ExportDialog;
class ImportPage;
class RecipePage;
class StatsPage;
class TemplatePage;
class VersionsPage;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    // Files dropped on the window: listed on the Import tab.
    void addImportFiles(const QStringList& paths);

    QTabWidget* tabs() const { return m_tabs; }
    VersionsPage* versionsPage() const { return m_versions; }
    ImportPage* importPage() const { return m_import; }
    RecipePage* recipePage() const { return m_recipe; }
    TemplatePage* templatePage() const { return m_template; }
    StatsPage* statsPage() const { return m_stats; }
    ExportDialog* exportDialog() const { return m_export; }

Q_SIGNALS:
    void statusMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void loadTokenizers();

    QString m_projectDir;
    QTabWidget* m_tabs;
    VersionsPage* m_versions;
    ImportPage* m_import;
    RecipePage* m_recipe;
    TemplatePage* m_template;
    StatsPage* m_stats;
    ExportDialog* m_export;
};

} // namespace lw::ui::data
