#pragma once
// Export of the chosen dataset version (`llmwb data export`) as a job with progress and
// cancel: JSON Lines in a layout (the dataset's own, or another), or token files for
// training through a chat template and a tokenizer, with the loss mode and the context
// length. The dialog stays open while the job runs; the result names the files written.
#include "ui/panels/data/data_json.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace lw::ui {
class JobSupervisor;
}

namespace lw::ui::data {

class DataJob;
class JobProgressRow;
class TokenizerChooser;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    // `kind` is the record kind: text datasets need no chat template for tokens.
    void setDataset(const QString& name, const QString& kind);
    void setTokenizers(const QStringList& names);
    void startExport();

    QComboBox* formatBox() const { return m_format; }
    QComboBox* layoutBox() const { return m_layout; }
    QComboBox* templateBox() const { return m_template; }
    TokenizerChooser* tokenizerChooser() const { return m_tokenizer; }
    QComboBox* lossBox() const { return m_loss; }
    QSpinBox* contextBox() const { return m_context; }
    QLineEdit* outputEdit() const { return m_output; }
    QPushButton* exportButton() const { return m_exportButton; }
    JobProgressRow* progressRow() const { return m_progress; }
    QLabel* resultLabel() const { return m_result; }
    QLabel* errorLabel() const { return m_error; }
    DataJob* job() const { return m_job; }

Q_SIGNALS:
    void exported(const lw::ui::data::ExportResult& result);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    bool tokens() const;
    void updateRows();
    void suggestOutput();
    void browseOutput();
    void showError(const QString& message);
    void removeUnfinishedOutput();

    QString m_projectDir;
    QString m_dataset;
    QString m_kind;
    QString m_startedOutput; // of the export running or last run
    bool m_startedTokens = false;
    bool m_outputExisted = false;
    DataJob* m_job;
    QFormLayout* m_form;
    QList<QLabel*> m_labels; // the form's, row by row
    QLabel* m_datasetLabel;
    QComboBox* m_format;
    QComboBox* m_layout;
    QComboBox* m_template;
    TokenizerChooser* m_tokenizer;
    QComboBox* m_loss;
    QSpinBox* m_context;
    QLineEdit* m_output;
    QPushButton* m_browseOutput;
    QPushButton* m_exportButton;
    QPushButton* m_closeButton;
    JobProgressRow* m_progress;
    QLabel* m_result;
    QLabel* m_error;
};

} // namespace lw::ui::data
