#pragma once
// The Models view: every model of the project in a table (each run's newest and
// best checkpoint, then the imports and merges of the models table) with the
// selected one's details: where it lives, its files with their sha256, what it
// was merged from and its configuration. Import (a Hugging Face folder or a
// .gguf file, also dropped on the view), export, merge and delete are `llmwb`
// worker jobs with progress, ETA and cancel; their errors are shown above the
// table. Keys: Ctrl+I import a folder, Ctrl+Shift+I a GGUF file, Ctrl+E export,
// Ctrl+M merge, Delete delete, F5 read the list again.
#include "ui/panels/models/model_commands.h"
#include "ui/panels/models/model_entry.h"

#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace lw::ui {
class JobSupervisor;
namespace data {
class DataJob;
class JobProgressRow;
} // namespace data
} // namespace lw::ui

namespace lw::ui::models {

class ExportModelDialog;
class MergeDialog;

class ModelsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelsPanel(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    void refresh();

    // The actions, without dialogs (the dialogs end in these).
    void importModel(const QString& path, const QString& name);
    void exportModel(const ExportRequest& request);
    void mergeModels(const MergeRequest& request);
    void deleteModel(const QString& name); // without asking
    // Dropped paths: each is imported under a name made from its file name, one job
    // after another (queued behind a running job); anything but folders and .gguf
    // files refuses the whole drop with a message.
    void importPaths(const QStringList& paths);
    int queuedImports() const { return int(m_importQueue.size()); }
    // A name for a model imported from `path`: its file name, made unique in the
    // project and among `alsoTaken` (the names of imports still to come).
    QString suggestedName(const QString& path, const QStringList& alsoTaken = {}) const;

    void selectModel(const QString& name);
    const ModelEntry* currentEntry() const;
    const QList<ModelEntry>& entries() const { return m_entries; }

    QTableWidget* table() const { return m_table; }
    QTextBrowser* details() const { return m_details; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* resultLabel() const { return m_result; }
    data::DataJob* job() const { return m_job; }
    data::JobProgressRow* progressRow() const { return m_progress; }
    ExportModelDialog* exportDialog() const { return m_exportDialog; }
    MergeDialog* mergeDialog() const { return m_mergeDialog; }
    QAction* importFolderAction() const { return m_importFolder; }
    QAction* importGgufAction() const { return m_importGguf; }
    QAction* exportAction() const { return m_export; }
    QAction* mergeAction() const { return m_merge; }
    QAction* deleteAction() const { return m_delete; }
    QAction* refreshAction() const { return m_refresh; }
    bool isListing() const { return m_listing; }

    enum Column {
        NameColumn,
        KindColumn,
        FamilyColumn,
        ParametersColumn,
        DtypeColumn,
        SizeColumn,
        CreatedColumn,
        ColumnCount
    };

public Q_SLOTS:
    void chooseFolderToImport();
    void chooseGgufToImport();
    void showExportDialog();
    void showMergeDialog();
    void deleteCurrentWithQuestion();

Q_SIGNALS:
    void listed();
    // A model was imported, merged or deleted (other views that list models read
    // again).
    void modelsChanged();
    void statusMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;
    // Read again each time the view is shown: a model may have come by the command line.
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void retranslateUi();
    void fillTable();
    void updateDetails();
    void updateActions();
    void showError(const QString& message);
    void startJob(const JobSpec& spec, const QString& selectAfter);
    void startNextImport();
    int dropImportQueue(); // how many queued imports were dropped

    QString m_projectDir;
    QList<ModelEntry> m_entries;
    QString m_wanted;   // selected once listed
    QString m_jobModel; // the model the running job makes
    struct QueuedImport {
        QString path;
        QString name;
    };
    QList<QueuedImport> m_importQueue; // dropped paths waiting for the running job
    bool m_listing = false;
    int m_listGeneration = 0; // answers of older listings are dropped
    data::DataJob* m_job;
    QTableWidget* m_table;
    QTextBrowser* m_details;
    QLabel* m_error;
    QLabel* m_result;
    data::JobProgressRow* m_progress;
    QPushButton* m_importButton;
    QPushButton* m_exportButton;
    QPushButton* m_mergeButton;
    QPushButton* m_deleteButton;
    ExportModelDialog* m_exportDialog;
    MergeDialog* m_mergeDialog;
    QAction* m_importFolder;
    QAction* m_importGguf;
    QAction* m_export;
    QAction* m_merge;
    QAction* m_delete;
    QAction* m_refresh;
};

} // namespace lw::ui::models
