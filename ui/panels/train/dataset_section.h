#pragma once
// Which data to train on: a prepared dataset of the project, or text files (dropped or
// picked) to prepare into a new one with the chosen tokenizer.
#include "ui/panels/train/project_catalog.h"

#include <QGroupBox>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace lw::ui {

class FileDropList;

class DatasetSection : public QGroupBox {
    Q_OBJECT
public:
    explicit DatasetSection(QWidget* parent = nullptr);

    void setDatasets(const QList<DatasetEntry>& datasets);
    bool selectDataset(const QString& name);
    std::optional<DatasetEntry> currentDataset() const;
    FileDropList* fileList() const { return m_files; }
    QStringList textFiles() const;
    // Whether a tokenizer is there to prepare the files with.
    void setTokenizerAvailable(bool available);
    void setBusy(bool busy); // a preparation runs: no second one

Q_SIGNALS:
    void datasetChanged();
    void textFilesChanged();
    void prepareRequested(const QStringList& files, const QString& name);

protected:
    void changeEvent(QEvent* event) override;

private:
    void addFilesFromDialog();
    void updateButtons();
    void updateSummary();
    void retranslate();

    QList<DatasetEntry> m_datasets;
    QComboBox* m_combo;
    QLabel* m_comboLabel;
    QLabel* m_summary;
    QLabel* m_filesLabel;
    FileDropList* m_files;
    QPushButton* m_addFiles;
    QPushButton* m_removeFiles;
    QLabel* m_nameLabel;
    QLineEdit* m_name;
    QPushButton* m_prepare;
    bool m_tokenizerAvailable = false;
    bool m_busy = false;
};

} // namespace lw::ui
