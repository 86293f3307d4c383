#pragma once
// The model's shape: a preset, or a custom shape edited from one (architecture,
// layers, width, heads, context). The parameter count and the memory training needs
// follow every keystroke, with a warning when it needs more memory than the run will
// have; an impossible shape says why instead, naming the fields by their labels.
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace lw::ui {

class ModelShapeEditor : public QWidget {
    Q_OBJECT
public:
    explicit ModelShapeEditor(QWidget* parent = nullptr);

    // The preset's name, or "" for a custom shape.
    QString presetName() const;
    void selectPreset(const QString& name);
    // The full ModelConfig as JSON (vocab_size: the dataset's).
    QJsonObject modelJson() const;
    // Shows a stored configuration (the preset it matches, or custom).
    void setModelJson(const QJsonObject& model);
    // The dataset's vocabulary decides the embedding size.
    void setVocabSize(qint64 vocabSize);
    // The batch shape decides the activation memory.
    void setBatchShape(qint64 batchSize, qint64 sequenceLength);
    // "" when the shape is valid, else core's reason.
    QString validationError() const { return m_error; }
    qint64 parameterCount() const { return m_parameters; }
    // The memory training this shape needs (0 while the shape is invalid).
    double estimatedBytes() const { return m_estimatedBytes; }
    // The memory the run will have and whose it is ("this computer", "the GPU cuda:0");
    // a shape needing more is flagged under the estimate. 0: unknown.
    void setMemoryBudget(double bytes, const QString& where);
    bool exceedsMemoryBudget() const { return m_budgetBytes > 0 && m_estimatedBytes > m_budgetBytes; }
    // The warning shown when the shape needs more than the budget, else "".
    QString memoryWarning() const;

Q_SIGNALS:
    void shapeChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPreset(int index);
    void onShapeEdited();
    void updateEstimates();
    void retranslate();

    QComboBox* m_preset;
    QComboBox* m_family;
    QSpinBox* m_layers;
    QSpinBox* m_width;
    QSpinBox* m_heads;
    QSpinBox* m_context;
    QLabel* m_parametersLabel;
    QLabel* m_memoryLabel;
    QLabel* m_errorLabel;
    QLabel* m_memoryWarning;
    QFormLayout* m_form;
    QJsonObject m_base; // the preset (or stored config) the edits apply to
    qint64 m_vocabSize = 0;
    qint64 m_batchSize = 8;
    qint64 m_sequenceLength = 0;
    qint64 m_parameters = 0;
    double m_estimatedBytes = 0;
    double m_budgetBytes = 0;
    QString m_budgetWhere;
    QString m_error;
    bool m_applying = false;
};


} // namespace lw::ui
