#include "ui/panels/train/train_setup_view.h"

#include "core/train/train_config.h"
#include "ui/panels/train/config_error_text.h"
#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/file_drop_list.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/model_shape_editor.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/tokenizer_section.h"
#include "ui/shell/json_bridge.h"
#include "ui/widgets/eval_tasks_box.h"

#include <QEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include <exception>

namespace lw::ui {

TrainSetupView::TrainSetupView(QWidget* parent) : QScrollArea(parent)
{
    auto* content = new QWidget(this);
    m_dataset = new DatasetSection(content);
    m_tokenizer = new TokenizerSection(content);
    auto* modelBox = new QGroupBox(content);
    m_modelBox = modelBox;
    m_shape = new ModelShapeEditor(modelBox);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->addWidget(m_shape);
    auto* trainingBox = new QGroupBox(content);
    m_trainingBox = trainingBox;
    m_form = new HyperparameterForm(trainingBox);
    auto* trainingLayout = new QVBoxLayout(trainingBox);
    trainingLayout->addWidget(m_form);
    m_processes = new ProcessesSection(content);
    m_evalBox = new EvalTasksBox(content);
    m_message = new QLabel(content);
    m_message->setObjectName(QStringLiteral("setupMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* layout = new QVBoxLayout(content);
    layout->addWidget(m_message);
    layout->addWidget(m_dataset);
    layout->addWidget(m_tokenizer);
    layout->addWidget(modelBox);
    layout->addWidget(trainingBox);
    layout->addWidget(m_processes);
    layout->addWidget(m_evalBox);
    layout->addStretch();
    setWidget(content);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    // Never narrower than its content, which grows with a longer language or a long
    // dataset name: the splitter must not clip the fields. Should the window itself be
    // too narrow, a scroll bar shows the rest.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    content->installEventFilter(this);
    updateMinimumWidth();

    connect(m_dataset, &DatasetSection::datasetChanged, this, [this] {
        const auto dataset = m_dataset->currentDataset();
        m_shape->setVocabSize(dataset ? dataset->vocabSize : 0);
        Q_EMIT setupChanged();
    });
    connect(m_dataset, &DatasetSection::textFilesChanged, this,
            [this] { m_tokenizer->setTextFilesAvailable(!m_dataset->textFiles().isEmpty()); });
    connect(m_dataset->fileList(), &FileDropList::pathsRefused, this, [this](const QStringList& paths) {
        QStringList names;
        for (const QString& path : paths)
            names << QFileInfo(path).fileName();
        showMessage(tr("Not a text file: %1").arg(names.join(QStringLiteral(", "))), true);
    });
    connect(m_tokenizer, &TokenizerSection::tokenizerChanged, this,
            [this] { m_dataset->setTokenizerAvailable(!m_tokenizer->currentTokenizer().isEmpty()); });
    connect(m_evalBox, &EvalTasksBox::tasksChanged, this, &TrainSetupView::setupChanged);
    connect(m_processes, &ProcessesSection::settingsChanged, this, &TrainSetupView::setupChanged);
    connect(m_shape, &ModelShapeEditor::shapeChanged, this, [this] {
        updateShapeInputs();
        Q_EMIT setupChanged();
    });
    connect(m_form, &HyperparameterForm::valuesChanged, this, [this] {
        updateShapeInputs();
        Q_EMIT setupChanged();
    });
    retranslate();
    updateShapeInputs();
}

void TrainSetupView::updateMinimumWidth()
{
    const int wanted = widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    if (wanted != minimumWidth())
        setMinimumWidth(wanted);
}

bool TrainSetupView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        QTimer::singleShot(0, this, &TrainSetupView::updateMinimumWidth); // after the layout has settled
    return QScrollArea::eventFilter(watched, event);
}

void TrainSetupView::setCatalog(const ProjectCatalog& catalog)
{
    m_tokenizer->setTokenizers(catalog.tokenizers);
    m_dataset->setDatasets(catalog.datasets);
}

void TrainSetupView::applyConfig(const QJsonObject& trainConfig, const QString& preset)
{
    if (!preset.isEmpty())
        m_shape->selectPreset(preset);
    else
        m_shape->setModelJson(trainConfig.value(QLatin1String("model")).toObject());
    m_form->setValues(trainConfig);
}

QJsonObject TrainSetupView::trainConfig() const
{
    QJsonObject config = m_form->values();
    config.insert(QStringLiteral("model"), m_shape->modelJson());
    return config;
}

DistributedSettings TrainSetupView::distributedSettings() const
{
    return m_processes->settings();
}

QStringList TrainSetupView::evalTasks() const
{
    return m_evalBox->tasks();
}

void TrainSetupView::setEvalTasks(const QStringList& tasks)
{
    m_evalBox->setTasks(tasks);
}

QString TrainSetupView::problem() const
{
    const auto dataset = m_dataset->currentDataset();
    if (!dataset)
        return tr("Pick a prepared dataset, or prepare one from text files.");
    if (!m_shape->validationError().isEmpty())
        return m_shape->validationError();
    // The whole configuration as the worker will check it, said with the form's labels.
    try {
        QJsonObject config = trainConfig();
        config.insert(QStringLiteral("dataset"), dataset->dir);
        train::TrainConfig::fromJson(fromQJson(config)).validate();
    } catch (const std::exception& e) {
        return describeConfigError(QString::fromUtf8(e.what()));
    }
    const QString processes =
        distributedProblem(distributedSettings(), m_form->values().value(QLatin1String("batch_size")).toInteger(1));
    if (!processes.isEmpty())
        return processes;
    return m_evalBox->problem();
}

void TrainSetupView::showMessage(const QString& text, bool isError)
{
    m_message->setText(text);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #d04040;") : QString());
    m_message->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        ensureWidgetVisible(m_message);
}

void TrainSetupView::updateShapeInputs()
{
    const QJsonObject values = m_form->values();
    // One micro-batch sits in memory at a time: gradient accumulation adds no activations.
    m_shape->setBatchShape(values.value(QLatin1String("batch_size")).toInteger(1),
                           values.value(QLatin1String("context")).toInteger(0));
}

void TrainSetupView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QScrollArea::changeEvent(event);
}

void TrainSetupView::retranslate()
{
    m_modelBox->setTitle(tr("Model"));
    m_trainingBox->setTitle(tr("Training"));
}

} // namespace lw::ui
