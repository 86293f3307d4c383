#pragma once
// The settings of `llmwb merge`: the models to merge (two or more rows, each a
// model with its weight and density; one model may fill several rows), the
// method, the base model, t, lambda, the seed and the new model's name. Only
// the fields the chosen method reads are enabled. Accepting it asks the Models
// view to run the merge as a job.
#include "ui/panels/models/model_commands.h"
#include "ui/panels/models/model_entry.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace lw::ui::models {

class MergeDialog : public QDialog {
    Q_OBJECT
public:
    explicit MergeDialog(QWidget* parent = nullptr);

    // The models offered; the rows start with `picked` (specs), at least two
    // rows.
    void setModels(const QString& projectDir, const QList<ModelEntry>& models, const QStringList& picked);
    void addModelRow(const QString& spec);
    MergeRequest request() const;

    QTableWidget* modelTable() const { return m_models; }
    QComboBox* methodBox() const { return m_method; }
    QComboBox* baseBox() const { return m_base; }
    QDoubleSpinBox* tBox() const { return m_t; }
    QDoubleSpinBox* lambdaBox() const { return m_lambda; }
    QSpinBox* seedBox() const { return m_seed; }
    QLineEdit* nameEdit() const { return m_name; }
    QPushButton* mergeButton() const { return m_mergeButton; }
    QPushButton* addRowButton() const { return m_addRow; }
    QPushButton* removeRowButton() const { return m_removeRow; }

    enum Column { ModelColumn, WeightColumn, DensityColumn };

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateFields();

    QString m_projectDir;
    QList<ModelEntry> m_choices;
    QTableWidget* m_models;
    QLabel* m_methodLabel;
    QLabel* m_baseLabel;
    QLabel* m_tLabel;
    QLabel* m_lambdaLabel;
    QLabel* m_seedLabel;
    QLabel* m_nameLabel;
    QLabel* m_hint;
    QComboBox* m_method;
    QComboBox* m_base;
    QDoubleSpinBox* m_t;
    QDoubleSpinBox* m_lambda;
    QSpinBox* m_seed;
    QLineEdit* m_name;
    QPushButton* m_addRow;
    QPushButton* m_removeRow;
    QPushButton* m_mergeButton;
    QPushButton* m_cancelButton;
};

} // namespace lw::ui::models
