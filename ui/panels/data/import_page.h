#pragma once
// Import: files dropped or chosen, the layout detected in each with a preview of its
// first rows as records and the rows it would refuse (file, line, field, reason), the
// format, text unit and column mapping overridden where the detection is not wanted,
// then the import as a job with progress, ETA and cancel. Keys: Ctrl+O adds files,
// Ctrl+P previews again, Ctrl+Return imports.
#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_json.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace lw::ui {
class JobSupervisor;
}

namespace lw::ui::data {

class DataJob;
class DataQuery;
class ImportFileList;
class JobProgressRow;

class ImportPage : public QWidget {
    Q_OBJECT
public:
    explicit ImportPage(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir) { m_projectDir = dir; }
    void addPaths(const QStringList& paths);
    ImportRequest request() const;
    void preview();
    void startImport();
    void openColumnMapping();

    static constexpr int kPreviewRows = 20;

    ImportFileList* files() const { return m_files; }
    QComboBox* formatBox() const { return m_format; }
    QComboBox* textUnitBox() const { return m_textUnit; }
    QLineEdit* nameEdit() const { return m_name; }
    QCheckBox* skipBadRows() const { return m_skipBadRows; }
    QPushButton* importButton() const { return m_importButton; }
    QPushButton* mapButton() const { return m_mapButton; }
    QTableWidget* previewTable() const { return m_previewTable; }
    QTableWidget* problemsTable() const { return m_problemsTable; }
    QLabel* detectedLabel() const { return m_detected; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* resultLabel() const { return m_result; }
    DataJob* job() const { return m_job; }
    JobProgressRow* progressRow() const { return m_progress; }
    bool isPreviewing() const;

Q_SIGNALS:
    void imported(const QString& dataset);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void schedulePreview();
    void showPreview(const QJsonObject& json);
    void showOutcome();
    static QString detectedText(const QList<PreviewFile>& files);
    void showError(const QString& message);
    void updateButtons();
    void chooseFiles();
    void chooseFolder();

    QString m_projectDir;
    QMap<QString, QString> m_columnMap;
    QList<PreviewFile> m_previewFiles; // of the latest preview
    enum class Outcome { None, Imported, Cancelled };
    Outcome m_outcome = Outcome::None;
    ImportResult m_lastImport;
    DataJob* m_job;
    DataQuery* m_previewQuery;
    QTimer* m_previewTimer;
    ImportFileList* m_files;
    QPushButton* m_addFiles;
    QPushButton* m_addFolder;
    QPushButton* m_removeFiles;
    QComboBox* m_format;
    QComboBox* m_textUnit;
    QLineEdit* m_name;
    QCheckBox* m_skipBadRows;
    QPushButton* m_mapButton;
    QPushButton* m_previewButton;
    QPushButton* m_importButton;
    QLabel* m_detected;
    QLabel* m_error;
    QLabel* m_result;
    QLabel* m_previewTitle;
    QLabel* m_problemsTitle;
    QTableWidget* m_previewTable;
    QTableWidget* m_problemsTable;
    JobProgressRow* m_progress;
    QLabel* m_formatLabel;
    QLabel* m_textUnitLabel;
    QLabel* m_nameLabel;
    QAction* m_addAction;
    QAction* m_previewAction;
    QAction* m_importAction;
};

} // namespace lw::ui::data
