#pragma once
// The left side of the Train panel: everything a run is made of. Data (a prepared
// dataset, or text files to prepare), the tokenizer, the model's shape and the
// hyper-parameters; together they make the TrainConfig a new run starts from. Below them,
// the tasks each checkpoint is evaluated on.
#include "ui/panels/train/distributed_settings.h"
#include "ui/panels/train/project_catalog.h"

#include <QJsonObject>
#include <QScrollArea>

class QGroupBox;
class QLabel;

namespace lw::ui {

class DatasetSection;
class EvalTasksBox;
class HyperparameterForm;
class ModelShapeEditor;
class ProcessesSection;
class TokenizerSection;

class TrainSetupView : public QScrollArea {
    Q_OBJECT
public:
    explicit TrainSetupView(QWidget* parent = nullptr);

    DatasetSection* datasetSection() const { return m_dataset; }
    TokenizerSection* tokenizerSection() const { return m_tokenizer; }
    ModelShapeEditor* shapeEditor() const { return m_shape; }
    HyperparameterForm* hyperparameters() const { return m_form; }
    ProcessesSection* processesSection() const { return m_processes; }
    // How many processes (and machines) train the run.
    DistributedSettings distributedSettings() const;

    void setCatalog(const ProjectCatalog& catalog);
    // Shows a whole training configuration (the demo's, or a stored run's).
    void applyConfig(const QJsonObject& trainConfig, const QString& preset);
    // The configuration of the form: hyper-parameters and model (dataset excluded).
    QJsonObject trainConfig() const;
    // The tasks each checkpoint is evaluated on (`llmwb train --eval-task`), one per
    // non-empty line of the "Evaluate checkpoints" box.
    QStringList evalTasks() const;
    void setEvalTasks(const QStringList& tasks);
    // Why a run cannot start from this setup, or "".
    QString problem() const;
    // A note where the user acted (a job that failed, a file that was refused).
    void showMessage(const QString& text, bool isError);

Q_SIGNALS:
    void setupChanged();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateMinimumWidth();
    void updateShapeInputs();
    void retranslate();

    DatasetSection* m_dataset;
    TokenizerSection* m_tokenizer;
    ModelShapeEditor* m_shape;
    HyperparameterForm* m_form;
    ProcessesSection* m_processes;
    QGroupBox* m_modelBox;
    QGroupBox* m_trainingBox;
    EvalTasksBox* m_evalBox;
    QLabel* m_message;
};

} // namespace lw::ui
