#include "ui/panels/finetune/finetune_form.h"

#include "core/finetune/demo_instructions.h"
#include "core/finetune/demo_messages.h"
#include "core/finetune/finetune_config.h"
#include "ui/panels/finetune/finetune_field_texts.h"
#include "ui/panels/train/config_field_texts.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/scientific_spin_box.h"
#include "ui/shell/json_bridge.h"
#include "ui/widgets/check_box_contrast.h"
#include "ui/widgets/eval_tasks_box.h"
#include "ui/widgets/zero_meaning.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace lw::ui::finetune {

namespace {

const char* const kTrainingKeys[] = {"max_steps", "learning_rate", "batch_size", "context", "warmup_steps",
                                     "eval_every", "checkpoint_every"};

QDoubleSpinBox* doubleSpin(QWidget* parent, double low, double high, int decimals, double step)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setRange(low, high);
    spin->setDecimals(decimals);
    spin->setSingleStep(step);
    spin->setKeyboardTracking(false);
    return spin;
}

QSpinBox* intSpin(QWidget* parent, int low, int high)
{
    auto* spin = new QSpinBox(parent);
    spin->setRange(low, high);
    spin->setKeyboardTracking(false);
    return spin;
}

QCheckBox* checkBox(QWidget* parent)
{
    auto* box = new QCheckBox(parent);
    keepCheckBoxReadable(box);
    return box;
}

} // namespace

FinetuneForm::FinetuneForm(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildChoices());
    layout->addWidget(buildAdapter());
    layout->addWidget(buildPreference());
    layout->addWidget(buildData());
    layout->addWidget(buildTraining());
    m_processes = new ProcessesSection(this);
    layout->addWidget(m_processes);
    m_evalTasks = new EvalTasksBox(this);
    layout->addWidget(m_evalTasks);
    layout->addStretch();

    // Defaults of core's FinetuneSettings.
    const lw::finetune::FinetuneSettings defaults;
    m_rank->setValue(int(defaults.lora_rank));
    m_alpha->setValue(defaults.lora_alpha);
    m_dropout->setValue(defaults.lora_dropout);
    m_allLinear->setChecked(defaults.lora_targets == std::vector<std::string>{"all-linear"});
    m_rslora->setChecked(defaults.rslora);
    m_loraPlus->setValue(defaults.lora_plus_ratio);
    m_beta->setValue(defaults.beta);
    m_labelSmoothing->setValue(defaults.label_smoothing);
    m_simpoGamma->setValue(defaults.simpo_gamma);
    m_loss->setCurrentIndex(m_loss->findData(QString::fromStdString(defaults.loss)));
    m_packing->setChecked(defaults.packing);
    m_neftune->setValue(defaults.neftune_alpha);
    m_epochs->setValue(defaults.epochs);
    m_trainableBlocks->setValue(int(defaults.trainable_blocks));
    m_method->setCurrentIndex(m_method->findData(QString::fromStdString(defaults.method)));
    m_objective->setCurrentIndex(m_objective->findData(QString::fromStdString(defaults.objective)));

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        applyTrainingDefaults();
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_objective, &QComboBox::currentIndexChanged, this, [this] {
        if (objective() == QLatin1String("classify"))
            setMethod(QStringLiteral("full")); // a new head and the last blocks: no adapter
        fillDatasets();
        applyTrainingDefaults();
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_base, &QComboBox::currentIndexChanged, this, [this] {
        rebuildTargets();
        applyTrainingDefaults();
        Q_EMIT changed();
    });
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &FinetuneForm::changed);
    connect(m_allLinear, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_epochs, &QDoubleSpinBox::valueChanged, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    for (QWidget* editor : m_editors) {
        if (auto* spin = qobject_cast<QSpinBox*>(editor))
            connect(spin, &QSpinBox::valueChanged, this, &FinetuneForm::changed);
        if (auto* spin = qobject_cast<QDoubleSpinBox*>(editor))
            connect(spin, &QDoubleSpinBox::valueChanged, this, &FinetuneForm::changed);
        if (auto* box = qobject_cast<QCheckBox*>(editor))
            connect(box, &QCheckBox::toggled, this, &FinetuneForm::changed);
    }
    connect(m_processes, &ProcessesSection::settingsChanged, this, &FinetuneForm::changed);
    connect(m_evalTasks, &EvalTasksBox::tasksChanged, this, &FinetuneForm::changed);
    applyTrainingDefaults();
    retranslate();
    updateEnabled();
}

DistributedSettings FinetuneForm::distributedSettings() const
{
    return m_processes->settings();
}

QString FinetuneForm::processesProblem() const
{
    return distributedProblem(distributedSettings(), m_batchSize->value());
}

QGridLayout* FinetuneForm::newGroup(QGroupBox** group)
{
    *group = new QGroupBox(this);
    auto* grid = new QGridLayout(*group);
    grid->setColumnStretch(1, 1);
    return grid;
}

void FinetuneForm::addRow(QGridLayout* grid, const QString& key, QWidget* editor)
{
    const int row = grid->rowCount();
    auto* label = new QLabel(this);
    label->setBuddy(editor);
    editor->setObjectName(key);
    grid->addWidget(label, row, 0);
    grid->addWidget(editor, row, 1);
    m_editors.insert(key, editor);
    m_labels.insert(key, label);
}

QGroupBox* FinetuneForm::buildChoices()
{
    QGridLayout* grid = newGroup(&m_choicesGroup);
    m_base = new QComboBox(this);
    m_base->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_base->setMinimumContentsLength(16);
    m_dataset = new QComboBox(this);
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dataset->setMinimumContentsLength(16);
    m_method = new QComboBox(this);
    for (const QString& method : kMethods)
        m_method->addItem(QString(), method);
    m_objective = new QComboBox(this);
    for (const QString& objective : kObjectives)
        m_objective->addItem(QString(), objective);
    addRow(grid, QStringLiteral("base"), m_base);
    addRow(grid, QStringLiteral("dataset"), m_dataset);
    addRow(grid, QStringLiteral("method"), m_method);
    addRow(grid, QStringLiteral("objective"), m_objective);
    m_trainableBlocks = intSpin(this, 0, 1024);
    addRow(grid, QStringLiteral("trainable_blocks"), m_trainableBlocks);
    return m_choicesGroup;
}

QGroupBox* FinetuneForm::buildAdapter()
{
    QGridLayout* grid = newGroup(&m_adapterGroup);
    m_rank = intSpin(this, 1, 4096);
    m_alpha = doubleSpin(this, 0.01, 100000, 2, 1);
    m_dropout = doubleSpin(this, 0, 0.95, 2, 0.05);
    m_rslora = checkBox(this);
    m_loraPlus = doubleSpin(this, 1, 1024, 1, 1);
    auto* targets = new QWidget(this);
    auto* targetsLayout = new QVBoxLayout(targets);
    targetsLayout->setContentsMargins(0, 0, 0, 0);
    m_allLinear = checkBox(this);
    m_allLinear->setObjectName(QStringLiteral("allLinear"));
    m_targets = new QWidget(this);
    new QGridLayout(m_targets);
    m_targets->layout()->setContentsMargins(0, 0, 0, 0);
    targetsLayout->addWidget(m_allLinear);
    targetsLayout->addWidget(m_targets);
    addRow(grid, QStringLiteral("lora_rank"), m_rank);
    addRow(grid, QStringLiteral("lora_alpha"), m_alpha);
    addRow(grid, QStringLiteral("lora_dropout"), m_dropout);
    addRow(grid, QStringLiteral("lora_targets"), targets);
    addRow(grid, QStringLiteral("rslora"), m_rslora);
    addRow(grid, QStringLiteral("lora_plus_ratio"), m_loraPlus);
    return m_adapterGroup;
}

QGroupBox* FinetuneForm::buildPreference()
{
    QGridLayout* grid = newGroup(&m_preferenceGroup);
    m_beta = doubleSpin(this, 0.001, 100, 3, 0.05);
    m_labelSmoothing = doubleSpin(this, 0, 0.49, 2, 0.05);
    m_simpoGamma = doubleSpin(this, 0, 100, 2, 0.1);
    addRow(grid, QStringLiteral("beta"), m_beta);
    addRow(grid, QStringLiteral("label_smoothing"), m_labelSmoothing);
    addRow(grid, QStringLiteral("simpo_gamma"), m_simpoGamma);
    return m_preferenceGroup;
}

QGroupBox* FinetuneForm::buildData()
{
    QGridLayout* grid = newGroup(&m_dataGroup);
    m_loss = new QComboBox(this);
    m_loss->addItem(QString(), QStringLiteral("assistant"));
    m_loss->addItem(QString(), QStringLiteral("all"));
    m_packing = checkBox(this);
    m_neftune = doubleSpin(this, 0, 100, 1, 1);
    addRow(grid, QStringLiteral("loss"), m_loss);
    addRow(grid, QStringLiteral("packing"), m_packing);
    addRow(grid, QStringLiteral("neftune_alpha"), m_neftune);
    return m_dataGroup;
}

QGroupBox* FinetuneForm::buildTraining()
{
    QGridLayout* grid = newGroup(&m_trainingGroup);
    m_epochs = doubleSpin(this, 0, 1000, 1, 1);
    m_steps = intSpin(this, 1, INT_MAX);
    m_learningRate = new ScientificSpinBox(this);
    m_batchSize = intSpin(this, 1, 4096);
    m_context = intSpin(this, 0, 1 << 20);
    m_warmup = intSpin(this, 0, INT_MAX);
    m_evalEvery = intSpin(this, 0, INT_MAX);
    m_checkpointEvery = intSpin(this, 0, INT_MAX);
    addRow(grid, QStringLiteral("epochs"), m_epochs);
    addRow(grid, QStringLiteral("max_steps"), m_steps);
    addRow(grid, QStringLiteral("learning_rate"), m_learningRate);
    addRow(grid, QStringLiteral("batch_size"), m_batchSize);
    addRow(grid, QStringLiteral("context"), m_context);
    addRow(grid, QStringLiteral("warmup_steps"), m_warmup);
    addRow(grid, QStringLiteral("eval_every"), m_evalEvery);
    addRow(grid, QStringLiteral("checkpoint_every"), m_checkpointEvery);
    return m_trainingGroup;
}

void FinetuneForm::setCatalog(const FinetuneCatalog& catalog)
{
    const QString base = m_base->currentData().toString();
    m_catalog = catalog;
    {
        const QSignalBlocker blocker(m_base);
        m_base->clear();
        for (const BaseModelEntry& entry : catalog.bases)
            m_base->addItem(entry.label, entry.spec);
        int index = m_base->findData(base);
        if (index < 0)
            index = m_base->findData(catalog.demoBase);
        m_base->setCurrentIndex(index >= 0 ? index : 0);
    }
    fillDatasets();
    rebuildTargets();
    applyTrainingDefaults();
    Q_EMIT changed();
}

void FinetuneForm::fillDatasets()
{
    const QString current = m_dataset->currentData().toString();
    const QSignalBlocker blocker(m_dataset);
    m_dataset->clear();
    for (const DatasetVersionEntry& d : m_catalog.datasetsFor(objective()))
        m_dataset->addItem(tr("%1 (%n row(s))", "", int(d.rows)).arg(d.name), d.name);
    int index = m_dataset->findData(current);
    if (index < 0) { // the demo's own data first, when it is there
        const char* demoData = objective() == QLatin1String("sft")        ? lw::finetune::kDemoInstructionsName
                               : objective() == QLatin1String("classify") ? lw::finetune::kDemoMessagesName
                                                                          : lw::finetune::kDemoPreferencesName;
        index = m_dataset->findData(QString::fromLatin1(demoData));
    }
    m_dataset->setCurrentIndex(index >= 0 ? index : 0);
}

void FinetuneForm::rebuildTargets()
{
    const QStringList names = m_catalog.targetChoices.value(baseFamily());
    QStringList checked;
    for (QCheckBox* box : m_targetBoxes)
        if (box->isChecked())
            checked.append(box->property("module").toString());
    qDeleteAll(m_targetBoxes);
    m_targetBoxes.clear();
    auto* grid = static_cast<QGridLayout*>(m_targets->layout());
    const int columns = 4;
    for (const QString& name : names) {
        QCheckBox* box = checkBox(m_targets);
        box->setText(name);
        box->setProperty("module", name);
        box->setObjectName(QStringLiteral("target_") + name);
        box->setChecked(checked.contains(name));
        const int i = int(m_targetBoxes.size());
        grid->addWidget(box, i / columns, i % columns);
        connect(box, &QCheckBox::toggled, this, &FinetuneForm::changed);
        m_targetBoxes.append(box);
    }
    updateEnabled();
    retranslate();
}

void FinetuneForm::applyTrainingDefaults()
{
    const bool demo = !m_catalog.demoBase.isEmpty() && m_base->currentData().toString() == m_catalog.demoBase;
    const std::string method = this->method().toStdString(), objective = this->objective().toStdString();
    const lw::train::TrainConfig t = demo ? lw::finetune::demoFinetuneTrainConfig(method, objective)
                                          : lw::finetune::finetuneTrainDefaults(method, objective);
    m_steps->setValue(int(t.max_steps));
    m_learningRate->setValue(t.learning_rate);
    m_batchSize->setValue(int(t.batch_size));
    m_context->setValue(int(t.context));
    m_warmup->setValue(int(t.warmup_steps));
    m_evalEvery->setValue(int(t.eval_every));
    m_checkpointEvery->setValue(int(t.checkpoint_every));
}

void FinetuneForm::updateEnabled()
{
    const QString method = this->method(), objective = this->objective();
    const bool classify = objective == QLatin1String("classify");
    const bool preference = objective != QLatin1String("sft") && !classify;
    m_method->setEnabled(!classify);
    m_trainableBlocks->setEnabled(classify);
    m_dataGroup->setEnabled(!classify); // a class per text: no answer tokens, templates or packing
    m_adapterGroup->setEnabled(method != QLatin1String("full"));
    m_targets->setEnabled(!m_allLinear->isChecked());
    m_preferenceGroup->setEnabled(preference);
    m_labelSmoothing->setEnabled(objective == QLatin1String("dpo"));
    m_simpoGamma->setEnabled(objective == QLatin1String("simpo"));
    m_packing->setEnabled(!preference);
    if (preference)
        m_packing->setChecked(false);
    m_steps->setEnabled(m_epochs->value() <= 0);
}

QString FinetuneForm::method() const { return m_method->currentData().toString(); }
QString FinetuneForm::objective() const { return m_objective->currentData().toString(); }

QString FinetuneForm::baseFamily() const
{
    const int index = m_catalog.indexOfBase(m_base->currentData().toString());
    return index >= 0 ? m_catalog.bases[index].family : QString();
}

void FinetuneForm::setMethod(const QString& method)
{
    const int index = m_method->findData(method);
    if (index >= 0)
        m_method->setCurrentIndex(index);
}

void FinetuneForm::setObjective(const QString& objective)
{
    const int index = m_objective->findData(objective);
    if (index >= 0)
        m_objective->setCurrentIndex(index);
}

bool FinetuneForm::setBase(const QString& spec)
{
    const int index = m_base->findData(spec);
    if (index >= 0)
        m_base->setCurrentIndex(index);
    return index >= 0;
}

bool FinetuneForm::setDataset(const QString& name)
{
    const int index = m_dataset->findData(name);
    if (index >= 0)
        m_dataset->setCurrentIndex(index);
    return index >= 0;
}

QWidget* FinetuneForm::editor(const QString& key) const { return m_editors.value(key); }
QList<QCheckBox*> FinetuneForm::targetBoxes() const { return m_targetBoxes; }

QJsonObject FinetuneForm::settings() const
{
    QJsonObject s;
    s.insert(QStringLiteral("base"), m_base->currentData().toString());
    s.insert(QStringLiteral("dataset"), m_dataset->currentData().toString());
    s.insert(QStringLiteral("method"), method());
    s.insert(QStringLiteral("objective"), objective());
    if (objective() == QLatin1String("classify")) {
        s.insert(QStringLiteral("trainable_blocks"), m_trainableBlocks->value());
    } else {
        s.insert(QStringLiteral("loss"), m_loss->currentData().toString());
        s.insert(QStringLiteral("packing"), m_packing->isChecked());
        s.insert(QStringLiteral("neftune_alpha"), m_neftune->value());
    }
    s.insert(QStringLiteral("epochs"), m_epochs->value());
    if (method() != QLatin1String("full")) {
        s.insert(QStringLiteral("lora_rank"), m_rank->value());
        s.insert(QStringLiteral("lora_alpha"), m_alpha->value());
        s.insert(QStringLiteral("lora_dropout"), m_dropout->value());
        QJsonArray targets;
        if (m_allLinear->isChecked()) {
            targets.append(QStringLiteral("all-linear"));
        } else {
            for (QCheckBox* box : m_targetBoxes)
                if (box->isChecked())
                    targets.append(box->property("module").toString());
        }
        s.insert(QStringLiteral("lora_targets"), targets);
        s.insert(QStringLiteral("rslora"), m_rslora->isChecked());
        s.insert(QStringLiteral("lora_plus_ratio"), m_loraPlus->value());
    }
    if (objective() != QLatin1String("sft") && objective() != QLatin1String("classify"))
        s.insert(QStringLiteral("beta"), m_beta->value());
    if (objective() == QLatin1String("dpo"))
        s.insert(QStringLiteral("label_smoothing"), m_labelSmoothing->value());
    if (objective() == QLatin1String("simpo"))
        s.insert(QStringLiteral("simpo_gamma"), m_simpoGamma->value());
    return s;
}

QJsonObject FinetuneForm::training() const
{
    QJsonObject t;
    if (m_epochs->value() <= 0)
        t.insert(QStringLiteral("max_steps"), m_steps->value());
    t.insert(QStringLiteral("learning_rate"), m_learningRate->value());
    t.insert(QStringLiteral("batch_size"), m_batchSize->value());
    t.insert(QStringLiteral("context"), m_context->value());
    t.insert(QStringLiteral("warmup_steps"), m_warmup->value());
    t.insert(QStringLiteral("eval_every"), m_evalEvery->value());
    t.insert(QStringLiteral("checkpoint_every"), m_checkpointEvery->value());
    return t;
}

QStringList FinetuneForm::evalTasks() const { return m_evalTasks->tasks(); }
void FinetuneForm::setEvalTasks(const QStringList& tasks) { m_evalTasks->setTasks(tasks); }
QString FinetuneForm::evalTasksProblem() const { return m_evalTasks->problem(); }

void FinetuneForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FinetuneForm::retranslate()
{
    m_choicesGroup->setTitle(tr("What to fine-tune"));
    m_adapterGroup->setTitle(tr("Adapter"));
    m_preferenceGroup->setTitle(tr("Preference"));
    m_dataGroup->setTitle(tr("Data"));
    m_trainingGroup->setTitle(tr("Training"));
    for (int i = 0; i < m_method->count(); ++i)
        m_method->setItemText(i, methodTitle(m_method->itemData(i).toString()));
    for (int i = 0; i < m_objective->count(); ++i)
        m_objective->setItemText(i, objectiveTitle(m_objective->itemData(i).toString()));
    m_loss->setItemText(0, tr("Answers only"));
    m_loss->setItemText(1, tr("Every token"));
    m_allLinear->setText(tr("All linear maps"));
    for (const auto& [key, help] : lw::finetune::finetuneSettingsHelp()) {
        const QString name = QString::fromStdString(key);
        if (QLabel* label = m_labels.value(name)) {
            label->setText(finetuneFieldLabel(name));
            m_editors.value(name)->setToolTip(translatedFinetuneHelp(help));
            label->setToolTip(translatedFinetuneHelp(help));
            showZeroMeaning(qobject_cast<QAbstractSpinBox*>(m_editors.value(name)), translatedFinetuneHelp(help));
        }
    }
    for (const auto& [key, help] : lw::train::trainConfigHelp()) {
        const QString name = QString::fromStdString(key);
        const bool shown = std::find(std::begin(kTrainingKeys), std::end(kTrainingKeys), key) != std::end(kTrainingKeys);
        if (QLabel* label = m_labels.value(name); label && shown) {
            label->setText(configFieldLabel(name));
            m_editors.value(name)->setToolTip(translatedConfigHelp(help));
            label->setToolTip(translatedConfigHelp(help));
            showZeroMeaning(qobject_cast<QAbstractSpinBox*>(m_editors.value(name)), translatedConfigHelp(help));
        }
    }
    // 0 is a choice, not a number: the boxes above read what 0 means from their help; these
    // two say it in fewer words (the value the job receives stays 0).
    m_epochs->setSpecialValueText(tr("off: the steps below"));
    m_context->setSpecialValueText(tr("model's context"));
    m_allLinear->setToolTip(tr("Every linear map of the blocks gets an adapter (the output head does not)"));
    for (QCheckBox* box : m_targetBoxes)
        box->setToolTip(tr("Adapters on the %1 modules").arg(box->property("module").toString()));
}

} // namespace lw::ui::finetune
