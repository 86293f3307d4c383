#pragma once
// The Fine-tune panel's settings: the base model and the dataset version (the
// objective filters the datasets: chat rows for SFT, labelled texts (choice records)
// for classification, preference pairs otherwise), the
// method and the objective, the adapter's settings (targets as check boxes named as the
// base's family names its modules), the preference settings, the data settings and
// the trainer's main settings. Defaults and tooltips come from core
// (FinetuneSettings, finetuneSettingsHelp(), finetuneTrainDefaults(), and the demo's
// trainer settings when the base is the demo model); settings that do not apply to
// the chosen method or objective are disabled (classification trains full weights).
// Below them, the Processes box and the tasks each checkpoint is evaluated on.
#include "ui/panels/finetune/finetune_catalog.h"
#include "ui/panels/train/distributed_settings.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace lw::ui {
class EvalTasksBox;
class ProcessesSection;
class ScientificSpinBox;
} // namespace lw::ui

namespace lw::ui::finetune {

class FinetuneForm : public QWidget {
    Q_OBJECT
public:
    explicit FinetuneForm(QWidget* parent = nullptr);

    void setCatalog(const FinetuneCatalog& catalog);
    const FinetuneCatalog& catalog() const { return m_catalog; }

    // FinetuneSettings fields, as the worker takes them.
    QJsonObject settings() const;
    // The trainer settings shown: max_steps (left out when epochs sets it),
    // learning_rate, batch_size, context, warmup_steps, eval_every, checkpoint_every.
    QJsonObject training() const;

    void setMethod(const QString& method);
    void setObjective(const QString& objective);
    bool setBase(const QString& spec);
    bool setDataset(const QString& name);
    QString method() const;
    QString objective() const;
    QString baseFamily() const;
    // The editor of a setting or trainer field ("lora_rank", "learning_rate", ...).
    QWidget* editor(const QString& key) const;
    // The module check boxes of the base's family, by module name.
    QList<QCheckBox*> targetBoxes() const;
    // How many processes train the fine-tune (the Train panel's box).
    ProcessesSection* processesSection() const { return m_processes; }
    DistributedSettings distributedSettings() const;
    // Why the fine-tune cannot start on those processes (its batch), or "".
    QString processesProblem() const;
    // The "Evaluate checkpoints" box: `--eval-task` specs, one a line.
    EvalTasksBox* evalTasksBox() const { return m_evalTasks; }
    QStringList evalTasks() const;
    void setEvalTasks(const QStringList& tasks);
    // Why a task would be refused by the worker, or "".
    QString evalTasksProblem() const;

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    QGroupBox* buildChoices();
    QGroupBox* buildAdapter();
    QGroupBox* buildPreference();
    QGroupBox* buildData();
    QGroupBox* buildTraining();
    QGridLayout* newGroup(QGroupBox** group);
    void addRow(QGridLayout* grid, const QString& key, QWidget* editor);
    void fillDatasets();
    void rebuildTargets();
    void applyTrainingDefaults();
    void updateEnabled();
    void retranslate();

    FinetuneCatalog m_catalog;
    QComboBox* m_base;
    QComboBox* m_dataset;
    QComboBox* m_method;
    QComboBox* m_objective;
    QGroupBox* m_adapterGroup;
    QSpinBox* m_rank;
    QDoubleSpinBox* m_alpha;
    QDoubleSpinBox* m_dropout;
    QCheckBox* m_allLinear;
    QWidget* m_targets;
    QList<QCheckBox*> m_targetBoxes;
    QCheckBox* m_rslora;
    QDoubleSpinBox* m_loraPlus;
    QGroupBox* m_preferenceGroup;
    QDoubleSpinBox* m_beta;
    QDoubleSpinBox* m_labelSmoothing;
    QDoubleSpinBox* m_simpoGamma;
    QGroupBox* m_dataGroup;
    QComboBox* m_loss;
    QCheckBox* m_packing;
    QDoubleSpinBox* m_neftune;
    QGroupBox* m_trainingGroup;
    QDoubleSpinBox* m_epochs;
    QSpinBox* m_steps;
    ScientificSpinBox* m_learningRate;
    QSpinBox* m_batchSize;
    QSpinBox* m_context;
    QSpinBox* m_warmup;
    QSpinBox* m_evalEvery;
    QSpinBox* m_checkpointEvery;
    QSpinBox* m_trainableBlocks;
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QLabel*> m_labels;
    QGroupBox* m_choicesGroup;
    ProcessesSection* m_processes;
    EvalTasksBox* m_evalTasks;
};

} // namespace lw::ui::finetune
