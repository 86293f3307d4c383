#pragma once
// The Evaluate panel's form: the models to evaluate (a checkbox list of the project's
// runs, checkpoints, imports, fine-tunes and merges, as the Models view lists them), the
// task and its settings (one page per task), each field with a tooltip. request()
// gives what the form says as an EvalRequest.
#include "ui/panels/evaluate/eval_command_line.h"
#include "ui/panels/models/model_entry.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace lw::ui::evaluate {

class EvalForm : public QWidget {
    Q_OBJECT
public:
    explicit EvalForm(QWidget* parent = nullptr);

    void setModels(const QList<models::ModelEntry>& entries); // keeps the ticks of specs still listed
    void setDatasets(const QStringList& names);
    void setModelChecked(const QString& spec, bool checked);
    QStringList checkedModels() const;
    // Without the project folder: the panel fills it in.
    EvalRequest request() const;
    void setTask(const QString& task);
    QString task() const;

    QListWidget* modelList() const { return m_models; }
    QComboBox* taskBox() const { return m_task; }
    QComboBox* datasetBox() const { return m_dataset; }
    QLineEdit* textFileEdit() const { return m_textFile; }
    QSpinBox* contextSpin() const { return m_context; }
    QSpinBox* strideSpin() const { return m_stride; }
    QLineEdit* dataEdit() const { return m_data; }
    QComboBox* layoutBox() const { return m_layout; }
    QSpinBox* shotsSpin() const { return m_shots; }
    QSpinBox* seedSpin() const { return m_seed; }
    QSpinBox* limitSpin() const { return m_limit; }
    QLineEdit* templateEdit() const { return m_template; }
    QSpinBox* maxNewTokensSpin() const { return m_maxNewTokens; }
    QLineEdit* judgeUrlEdit() const { return m_judgeUrl; }
    QLineEdit* judgeModelEdit() const { return m_judgeModel; }
    QComboBox* rubricBox() const { return m_rubric; }

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* fileRow(QLineEdit* edit, bool datasetsToo);
    void updateVisibleFields();
    void retranslate();

    QListWidget* m_models;
    QComboBox* m_task;
    QFormLayout* m_fields;
    QComboBox* m_dataset;
    QLineEdit* m_textFile;
    QSpinBox* m_context;
    QSpinBox* m_stride;
    QLineEdit* m_data;
    QComboBox* m_layout;
    QSpinBox* m_shots;
    QSpinBox* m_seed;
    QSpinBox* m_limit;
    QLineEdit* m_template;
    QSpinBox* m_maxNewTokens;
    QLineEdit* m_judgeUrl;
    QLineEdit* m_judgeModel;
    QComboBox* m_rubric;
    QLabel* m_modelsLabel;
    QList<QWidget*> m_browseButtons;
};

} // namespace lw::ui::evaluate
