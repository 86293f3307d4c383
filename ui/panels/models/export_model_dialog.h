#pragma once
// The settings of `llmwb export` for one model: the format (a Hugging Face
// folder or a GGUF file, or for a LoRA fine-tune its adapter alone as a
// llama.cpp GGUF adapter), the dtypes that format takes, and where to write it.
// Accepting it asks the Models view to run the export as a job.
#include "ui/panels/models/model_commands.h"
#include "ui/panels/models/model_entry.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace lw::ui::models {

class ExportModelDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportModelDialog(QWidget* parent = nullptr);

    // `spec` is what `--model` takes, `name` how the model is listed; `adapter`
    // adds the adapter format (disabled for DoRA, which llama.cpp cannot load).
    void setModel(const QString& projectDir, const QString& spec, const QString& name,
                  AdapterKind adapter = AdapterKind::None);
    ExportRequest request() const;

    QComboBox* formatBox() const { return m_format; }
    QComboBox* dtypeBox() const { return m_dtype; }
    QLineEdit* outputEdit() const { return m_output; }
    QPushButton* exportButton() const { return m_exportButton; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void onFormatChanged();
    void browseOutput();
    int adapterFormatIndex() const;

    QString m_projectDir;
    QString m_spec;
    QString m_name;
    AdapterKind m_adapter = AdapterKind::None;
    QLabel* m_modelLabel;
    QLabel* m_formatLabel;
    QLabel* m_dtypeLabel;
    QLabel* m_outputLabel;
    QComboBox* m_format;
    QComboBox* m_dtype;
    QLineEdit* m_output;
    QPushButton* m_browse;
    QPushButton* m_exportButton;
    QPushButton* m_cancelButton;
};

} // namespace lw::ui::models
