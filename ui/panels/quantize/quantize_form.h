#pragma once
// The Quantize panel's form: the model, the method (grouped: round to nearest,
// calibrated, pruning; each with a tooltip), the new model's name, the settings the
// method takes (calibration data, an importance matrix for round-to-nearest computed
// from it or read from a file (llama-imatrix .dat or GGUF), GPTQ's
// damping and act-order, sparsity, heads or channels to remove), the data the
// quality report measures on, and the size expected before anything runs.
#include "ui/panels/models/model_entry.h"
#include "ui/panels/quantize/quantize_command_line.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lw::ui::quantize {

// Bytes and bits per weight a method would give `entry`'s model: core's plan of the
// tensors (quant::estimateQuantizedSize) when its configuration is known, else the
// method's average bits per weight; bytes 0 when the model's size is unknown. Removing
// heads or channels (the counts per layer) shrinks the model first, when its config is
// known.
struct SizeEstimate {
    qint64 bytes = 0;
    double bitsPerWeight = 0;
};
SizeEstimate estimateSize(const models::ModelEntry& entry, const QString& method, qint64 removeHeads = 0,
                          qint64 removeChannels = 0);

class QuantizeForm : public QWidget {
    Q_OBJECT
public:
    explicit QuantizeForm(QWidget* parent = nullptr);

    void setModels(const QList<models::ModelEntry>& entries); // keeps the choice when still listed
    void setDatasets(const QStringList& names);
    void setModel(const QString& spec);
    void setMethod(const QString& method);
    // Without the project folder: the panel fills it in.
    QuantizeRequest request() const;
    // "About 81 MB, 4.5 bits per weight (the original: 498 MB)", or "" without a model.
    QString expectedSizeText() const;

    QComboBox* modelBox() const { return m_model; }
    QComboBox* methodBox() const { return m_method; }
    QLineEdit* outputEdit() const { return m_output; }
    QComboBox* calibrationBox() const { return m_calibration; }
    QSpinBox* calibrationSamplesSpin() const { return m_samples; }
    QCheckBox* importanceCheck() const { return m_importance; }
    QLineEdit* importanceFileEdit() const { return m_importanceFile; }
    QDoubleSpinBox* dampSpin() const { return m_damp; }
    QCheckBox* actOrderCheck() const { return m_actOrder; }
    QDoubleSpinBox* sparsitySpin() const { return m_sparsity; }
    QSpinBox* removeHeadsSpin() const { return m_heads; }
    QSpinBox* removeChannelsSpin() const { return m_channels; }
    QCheckBox* reportCheck() const { return m_report; }
    QComboBox* reportDatasetBox() const { return m_reportDataset; }
    QLineEdit* reportTextFileEdit() const { return m_reportTextFile; }
    QSpinBox* reportContextSpin() const { return m_reportContext; }
    QLabel* expectedSizeLabel() const { return m_expected; }
    QLabel* commandLineLabel() const { return m_commandLine; } // the quantization as `llmwb quantize ...`

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    const models::ModelEntry* currentEntry() const;
    void suggestOutputName();
    void limitHeadsToTheModel();
    void updateFields();
    void updateCommandLine();
    void retranslate();

    QList<models::ModelEntry> m_entries;
    QComboBox* m_model;
    QComboBox* m_method;
    QLineEdit* m_output;
    QComboBox* m_calibration;
    QSpinBox* m_samples;
    QCheckBox* m_importance;
    QLineEdit* m_importanceFile;
    QWidget* m_importanceRow;
    QWidget* m_importanceBrowse;
    QDoubleSpinBox* m_damp;
    QCheckBox* m_actOrder;
    QDoubleSpinBox* m_sparsity;
    QSpinBox* m_heads;
    QSpinBox* m_channels;
    QCheckBox* m_report;
    QComboBox* m_reportDataset;
    QLineEdit* m_reportTextFile;
    QSpinBox* m_reportContext;
    QLabel* m_expected;
    QLabel* m_commandLine;
    QFormLayout* m_fields;
    QFormLayout* m_reportFields;
    QLabel* m_reportTitle;
    QWidget* m_browse;
    QString m_suggestedName; // the last name the form filled in itself
};

} // namespace lw::ui::quantize
