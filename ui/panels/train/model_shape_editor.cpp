#include "ui/panels/train/model_shape_editor.h"

#include "core/model/model_config.h"
#include "ui/panels/train/config_error_text.h"
#include "ui/panels/train/config_field_texts.h"
#include "ui/shell/json_bridge.h"
#include "ui/widgets/number_text.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>

#include <exception>

namespace lw::ui {

namespace {

QSpinBox* makeSpin(QWidget* parent, int minimum, int maximum, const char* name)
{
    auto* spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    spin->setObjectName(QLatin1String(name));
    return spin;
}

std::string helpOf(const char* key)
{
    for (const auto& [field, help] : model::modelConfigHelp())
        if (field == key)
            return help;
    return {};
}

} // namespace

ModelShapeEditor::ModelShapeEditor(QWidget* parent) : QWidget(parent)
{
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("modelPreset"));
    for (const auto& preset : model::modelPresets())
        m_preset->addItem(QString::fromStdString(preset.name), QString::fromStdString(preset.name));
    m_preset->addItem(QString(), QString()); // "Custom", named in retranslate()
    m_family = new QComboBox(this);
    m_family->setObjectName(QStringLiteral("family"));
    m_family->addItems(configFieldChoices(QStringLiteral("family")));
    // From 0: a value core refuses is shown with the reason, not silently changed.
    m_layers = makeSpin(this, 0, 512, "n_layer");
    m_width = makeSpin(this, 0, 65536, "d_model");
    m_width->setSingleStep(64);
    m_heads = makeSpin(this, 0, 1024, "n_head");
    m_context = makeSpin(this, 0, 1 << 20, "context_length");
    m_context->setSingleStep(64);
    m_parametersLabel = new QLabel(this);
    m_parametersLabel->setObjectName(QStringLiteral("parameterCount"));
    m_memoryLabel = new QLabel(this);
    m_memoryLabel->setObjectName(QStringLiteral("memoryEstimate"));
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("shapeError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d04040;"));
    m_errorLabel->hide();
    m_memoryWarning = new QLabel(this);
    m_memoryWarning->setObjectName(QStringLiteral("memoryWarning"));
    m_memoryWarning->setWordWrap(true);
    m_memoryWarning->setStyleSheet(QStringLiteral("color: #d04040;"));
    m_memoryWarning->hide();

    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    for (QWidget* field : std::initializer_list<QWidget*>{m_preset, m_family, m_layers, m_width, m_heads, m_context,
                                                          m_parametersLabel, m_memoryLabel}) {
        auto* label = new QLabel(this);
        label->setBuddy(field);
        m_form->addRow(label, field);
    }
    m_form->addRow(m_memoryWarning);
    m_form->addRow(m_errorLabel);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &ModelShapeEditor::applyPreset);
    connect(m_family, &QComboBox::currentIndexChanged, this, &ModelShapeEditor::onShapeEdited);
    for (QSpinBox* spin : {m_layers, m_width, m_heads, m_context})
        connect(spin, &QSpinBox::valueChanged, this, &ModelShapeEditor::onShapeEdited);
    retranslate();
    applyPreset(0);
}

QString ModelShapeEditor::presetName() const
{
    return m_preset->currentData().toString();
}

void ModelShapeEditor::selectPreset(const QString& name)
{
    const int index = m_preset->findData(name);
    if (index < 0)
        return;
    if (index == m_preset->currentIndex())
        applyPreset(index);
    else
        m_preset->setCurrentIndex(index);
}

void ModelShapeEditor::applyPreset(int index)
{
    const QString name = m_preset->itemData(index).toString();
    if (name.isEmpty() || m_applying)
        return; // "Custom": keep the shape being edited
    setModelJson(toQJson(model::presetConfig(name.toStdString()).toJson()));
}

void ModelShapeEditor::setModelJson(const QJsonObject& model)
{
    m_base = model;
    m_applying = true;
    m_family->setCurrentText(model.value(QLatin1String("family")).toString(QStringLiteral("gpt2")));
    m_layers->setValue(model.value(QLatin1String("n_layer")).toInt());
    m_width->setValue(model.value(QLatin1String("d_model")).toInt());
    m_heads->setValue(model.value(QLatin1String("n_head")).toInt());
    m_context->setValue(model.value(QLatin1String("context_length")).toInt());
    m_applying = false;
    onShapeEdited();
}

QJsonObject ModelShapeEditor::modelJson() const
{
    QJsonObject model = m_base;
    model.insert(QStringLiteral("family"), m_family->currentText());
    model.insert(QStringLiteral("n_layer"), m_layers->value());
    model.insert(QStringLiteral("d_model"), m_width->value());
    model.insert(QStringLiteral("n_head"), m_heads->value());
    model.insert(QStringLiteral("context_length"), m_context->value());
    if (m_vocabSize > 0)
        model.insert(QStringLiteral("vocab_size"), m_vocabSize);
    return model;
}

void ModelShapeEditor::setVocabSize(qint64 vocabSize)
{
    m_vocabSize = vocabSize;
    updateEstimates();
}

void ModelShapeEditor::setBatchShape(qint64 batchSize, qint64 sequenceLength)
{
    m_batchSize = batchSize;
    m_sequenceLength = sequenceLength;
    updateEstimates();
}

void ModelShapeEditor::onShapeEdited()
{
    if (m_applying)
        return;
    // The combo shows the preset this shape is, or "Custom".
    QString matching;
    const QJsonObject shape = modelJson();
    for (const auto& preset : model::modelPresets()) {
        QJsonObject candidate = toQJson(preset.config.toJson());
        candidate.insert(QStringLiteral("vocab_size"), shape.value(QLatin1String("vocab_size")));
        if (candidate == shape) {
            matching = QString::fromStdString(preset.name);
            break;
        }
    }
    m_applying = true;
    m_preset->setCurrentIndex(m_preset->findData(matching));
    m_applying = false;
    updateEstimates();
    Q_EMIT shapeChanged();
}

void ModelShapeEditor::updateEstimates()
{
    try {
        const model::ModelConfig config = model::ModelConfig::fromJson(fromQJson(modelJson()));
        config.validate();
        m_parameters = config.parameterCount();
        const qint64 sequence = m_sequenceLength > 0 ? m_sequenceLength : config.context_length;
        m_estimatedBytes = config.estimatedTrainingBytes(m_batchSize, sequence);
        m_error.clear();
        m_parametersLabel->setText(formatCount(double(m_parameters)));
        const QLocale locale;
        m_memoryLabel->setText(tr("about %1 (batch %2 × %3 tokens)")
                                   .arg(formatMemory(m_estimatedBytes), locale.toString(m_batchSize),
                                        locale.toString(sequence)));
    } catch (const std::exception& e) {
        m_parameters = 0;
        m_estimatedBytes = 0;
        m_error = describeConfigError(QString::fromUtf8(e.what()));
        m_parametersLabel->setText(QStringLiteral("—"));
        m_memoryLabel->setText(QStringLiteral("—"));
    }
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
    m_memoryWarning->setText(memoryWarning());
    m_memoryWarning->setVisible(!m_memoryWarning->text().isEmpty());
}

void ModelShapeEditor::setMemoryBudget(double bytes, const QString& where)
{
    m_budgetBytes = bytes;
    m_budgetWhere = where;
    updateEstimates();
}

QString ModelShapeEditor::memoryWarning() const
{
    if (!exceedsMemoryBudget())
        return {};
    return tr("Needs about %1: more than the %2 of memory of %3. Training would fail or make the computer swap.")
        .arg(formatMemory(m_estimatedBytes), formatMemory(m_budgetBytes), m_budgetWhere);
}

void ModelShapeEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ModelShapeEditor::retranslate()
{
    m_preset->setItemText(m_preset->count() - 1, tr("Custom"));
    for (int i = 0; i < int(model::modelPresets().size()); ++i)
        m_preset->setItemData(i, translatedPresetDescription(model::modelPresets()[size_t(i)].description),
                              Qt::ToolTipRole);
    auto setRow = [this](QWidget* field, const QString& label, const std::string& help) {
        if (auto* l = qobject_cast<QLabel*>(m_form->labelForField(field)))
            l->setText(label);
        if (!help.empty())
            field->setToolTip(translatedConfigHelp(help));
    };
    setRow(m_preset, tr("Preset"), {});
    m_preset->setToolTip(tr("A built-in model shape; editing a field below makes it a custom shape"));
    setRow(m_family, configFieldLabel(QStringLiteral("family")), helpOf("family"));
    setRow(m_layers, configFieldLabel(QStringLiteral("n_layer")), helpOf("n_layer"));
    setRow(m_width, configFieldLabel(QStringLiteral("d_model")), helpOf("d_model"));
    setRow(m_heads, configFieldLabel(QStringLiteral("n_head")), helpOf("n_head"));
    setRow(m_context, configFieldLabel(QStringLiteral("context_length")), helpOf("context_length"));
    setRow(m_parametersLabel, tr("Parameters"), {});
    setRow(m_memoryLabel, tr("Training memory"), {});
    m_memoryLabel->setToolTip(tr("Weights, gradients and AdamW state in fp32, plus activations for one batch"));
    m_memoryWarning->setToolTip(m_memoryLabel->toolTip());
    updateEstimates();
}

} // namespace lw::ui
