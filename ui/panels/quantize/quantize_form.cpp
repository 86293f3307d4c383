#include "ui/panels/quantize/quantize_form.h"

#include "core/model/model_config.h"
#include "core/quant/calibrated_method.h"
#include "core/quant/pruning.h"
#include "core/quant/quant_mix.h"
#include "ui/panels/quantize/quantize_methods.h"
#include "ui/shell/json_bridge.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

namespace lw::ui::quantize {

namespace {

void setLabelText(QFormLayout* form, QWidget* field, const QString& text)
{
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(field)))
        label->setText(text);
}

// `edit` with a Browse… button beside it, as one form field.
std::pair<QWidget*, QPushButton*> fileRow(QWidget* parent, QLineEdit* edit, const QString& browseName)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* browse = new QPushButton(row);
    browse->setObjectName(browseName);
    layout->addWidget(browse);
    return {row, browse};
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// The model's config as the listing has it, when it is one core reads and accepts (a
// damaged record with n_head 0 would otherwise divide by zero in the estimates).
std::optional<model::ModelConfig> configOf(const models::ModelEntry& entry)
{
    if (entry.config.isEmpty())
        return std::nullopt;
    try {
        model::ModelConfig config = model::ModelConfig::fromJson(fromQJson(entry.config));
        config.validate();
        return config;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

SizeEstimate estimateSize(const models::ModelEntry& entry, const QString& method, qint64 removeHeads,
                          qint64 removeChannels)
{
    const QuantMethod* m = findQuantMethod(method);
    if (!m || entry.parameters <= 0)
        return {};
    const std::optional<model::ModelConfig> config = configOf(entry);
    if (m->family != MethodFamily::Pruning && config) {
        // With the model's shape known, the sum over the tensors of the types the file
        // will store (a mix's raised tensors, the fallbacks of narrow rows), as core plans it.
        try {
            const quant::QuantizeEstimate planned =
                quant::estimateQuantizedSize(*config, quant::roundingMethod(method.toStdString()));
            return {planned.bytes, planned.bitsPerWeight};
        } catch (const std::exception&) {
            // A shape core cannot plan: the table's average below.
        }
    }
    SizeEstimate estimate;
    estimate.bitsPerWeight = m->bitsPerWeight;
    // Pruning writes float32 weights. Removing heads or channels takes the same number
    // from every layer, so the smaller shape is known before it has chosen which.
    qint64 parameters = entry.parameters;
    if (config && (method == QLatin1String("heads") || method == QLatin1String("channels"))) {
        quant::PruneSettings settings;
        settings.method = quant::pruneMethodFromName(method.toStdString());
        settings.removeHeads = removeHeads;
        settings.removeChannels = removeChannels;
        try {
            parameters -= config->parameterCount() - quant::prunedConfig(*config, settings).parameterCount();
        } catch (const std::exception&) {
            // Settings the model cannot take: llmwb prune names the field when run.
        }
    }
    estimate.bytes = qint64(double(parameters) * m->bitsPerWeight / 8.0);
    return estimate;
}

QuantizeForm::QuantizeForm(QWidget* parent)
    : QWidget(parent), m_model(new QComboBox(this)), m_method(new QComboBox(this)), m_output(new QLineEdit(this)),
      m_calibration(new QComboBox(this)), m_samples(new QSpinBox(this)), m_importance(new QCheckBox(this)),
      m_importanceFile(new QLineEdit(this)), m_importanceRow(nullptr), m_importanceBrowse(nullptr),
      m_damp(new QDoubleSpinBox(this)), m_actOrder(new QCheckBox(this)), m_sparsity(new QDoubleSpinBox(this)),
      m_heads(new QSpinBox(this)), m_channels(new QSpinBox(this)), m_report(new QCheckBox(this)),
      m_reportDataset(new QComboBox(this)), m_reportTextFile(new QLineEdit(this)),
      m_reportContext(new QSpinBox(this)), m_expected(new QLabel(this)),
      m_commandLine(new QLabel(this)), m_fields(new QFormLayout),
      m_reportFields(new QFormLayout), m_reportTitle(new QLabel(this)), m_browse(nullptr)
{
    m_model->setObjectName(QStringLiteral("quantModel"));
    m_method->setObjectName(QStringLiteral("quantMethod"));
    m_output->setObjectName(QStringLiteral("quantOutput"));
    m_output->setClearButtonEnabled(true);
    m_calibration->setObjectName(QStringLiteral("quantCalibration"));
    m_samples->setObjectName(QStringLiteral("quantCalibrationSamples"));
    m_samples->setRange(0, 4096);
    m_importance->setObjectName(QStringLiteral("quantImportance"));
    m_importanceFile->setObjectName(QStringLiteral("quantImportanceFile"));
    m_importanceFile->setClearButtonEnabled(true);
    m_damp->setObjectName(QStringLiteral("quantDamp"));
    m_damp->setDecimals(3);
    m_damp->setRange(0.001, 1.0);
    m_damp->setSingleStep(0.005);
    m_damp->setValue(0.01);
    m_actOrder->setObjectName(QStringLiteral("quantActOrder"));
    m_actOrder->setChecked(true);
    m_sparsity->setObjectName(QStringLiteral("quantSparsity"));
    m_sparsity->setRange(0.05, 0.95);
    m_sparsity->setSingleStep(0.05);
    m_sparsity->setValue(0.5);
    m_heads->setObjectName(QStringLiteral("quantRemoveHeads"));
    m_heads->setRange(1, 128);
    m_channels->setObjectName(QStringLiteral("quantRemoveChannels"));
    m_channels->setRange(1, 1 << 16);
    m_channels->setValue(256);
    m_report->setObjectName(QStringLiteral("quantReport"));
    m_report->setChecked(true);
    m_reportDataset->setObjectName(QStringLiteral("quantReportDataset"));
    m_reportDataset->addItem(QString()); // none: a text file instead
    m_reportTextFile->setObjectName(QStringLiteral("quantReportTextFile"));
    m_reportTextFile->setClearButtonEnabled(true);
    m_reportContext->setObjectName(QStringLiteral("quantReportContext"));
    m_reportContext->setRange(0, 1 << 20);
    m_expected->setObjectName(QStringLiteral("quantExpectedSize"));
    m_expected->setWordWrap(true);
    m_commandLine->setObjectName(QStringLiteral("quantCommandLine"));
    m_commandLine->setWordWrap(true);
    m_commandLine->setTextFormat(Qt::PlainText); // paths and names are not markup
    m_commandLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_commandLine->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reportTitle->setObjectName(QStringLiteral("quantReportTitle"));
    for (QComboBox* box : {m_model, m_calibration, m_reportDataset})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    // The methods by family, each family under a title row that cannot be chosen.
    auto* items = qobject_cast<QStandardItemModel*>(m_method->model());
    for (MethodFamily family : {MethodFamily::RoundToNearest, MethodFamily::Calibrated, MethodFamily::Pruning}) {
        const bool any = std::any_of(quantMethods().begin(), quantMethods().end(),
                                     [family](const QuantMethod& m) { return m.family == family; });
        if (!any)
            continue;
        m_method->addItem(QString(), QVariant::fromValue(int(family)));
        items->item(m_method->count() - 1)->setEnabled(false);
        for (const QuantMethod& m : quantMethods())
            if (m.family == family)
                m_method->addItem(m.id, m.id);
    }
    setMethod(QStringLiteral("q4_k_m"));

    auto [reportRow, browse] = fileRow(this, m_reportTextFile, QStringLiteral("quantReportTextFileBrowse"));
    m_browse = browse;
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a text file"), m_reportTextFile->text(),
                                                          tr("Text (*.txt *.md *.jsonl);;All files (*)"));
        if (!path.isEmpty())
            m_reportTextFile->setText(path);
    });
    auto [importanceRow, importanceBrowse] =
        fileRow(this, m_importanceFile, QStringLiteral("quantImportanceFileBrowse"));
    m_importanceRow = importanceRow;
    m_importanceBrowse = importanceBrowse;
    connect(importanceBrowse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Choose an importance matrix"), m_importanceFile->text(),
                                         tr("Importance matrices (*.dat *.gguf);;All files (*)"));
        if (!path.isEmpty())
            m_importanceFile->setText(path);
    });

    m_fields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (QWidget* field : QList<QWidget*>{m_model, m_method, m_output, m_importance, m_importanceRow, m_calibration,
                                          m_samples, m_damp, m_actOrder, m_sparsity, m_heads, m_channels})
        m_fields->addRow(new QLabel(this), field);
    m_reportFields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_reportFields->addRow(new QLabel(this), m_reportDataset);
    m_reportFields->addRow(new QLabel(this), reportRow);
    m_reportFields->addRow(new QLabel(this), m_reportContext);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_fields);
    layout->addWidget(m_expected);
    layout->addWidget(m_commandLine);
    layout->addSpacing(8);
    layout->addWidget(m_reportTitle);
    layout->addWidget(m_report);
    layout->addLayout(m_reportFields);
    layout->addStretch();

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        suggestOutputName();
        updateFields();
        Q_EMIT changed();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        suggestOutputName();
        updateFields();
        Q_EMIT changed();
    });
    for (QCheckBox* check : {m_report, m_importance, m_actOrder})
        connect(check, &QCheckBox::toggled, this, [this] {
            updateFields();
            Q_EMIT changed();
        });
    for (QDoubleSpinBox* spin : {m_damp, m_sparsity})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &QuantizeForm::changed);
    connect(m_samples, &QSpinBox::valueChanged, this, &QuantizeForm::changed);
    // Removed heads and channels shrink the model: the expected size follows them.
    for (QSpinBox* spin : {m_heads, m_channels})
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            m_expected->setText(expectedSizeText());
            Q_EMIT changed();
        });
    for (QLineEdit* edit : {m_output, m_reportTextFile})
        connect(edit, &QLineEdit::textChanged, this, &QuantizeForm::changed);
    connect(m_importanceFile, &QLineEdit::textChanged, this, [this] {
        updateFields();
        Q_EMIT changed();
    });
    for (QComboBox* box : {m_calibration, m_reportDataset})
        connect(box, &QComboBox::currentIndexChanged, this, &QuantizeForm::changed);
    connect(this, &QuantizeForm::changed, this, &QuantizeForm::updateCommandLine);
    retranslate();
    updateFields();
    updateCommandLine();
}

void QuantizeForm::setModels(const QList<models::ModelEntry>& entries)
{
    const QString current = m_model->currentData().toString();
    m_entries = entries;
    {
        const QSignalBlocker blocker(m_model);
        m_model->clear();
        for (const models::ModelEntry& e : entries)
            m_model->addItem(QStringLiteral("%1 (%2)").arg(e.name, models::kindText(e.kind)), e.spec);
        const int index = m_model->findData(current);
        m_model->setCurrentIndex(index >= 0 ? index : (m_model->count() > 0 ? 0 : -1));
    }
    suggestOutputName();
    updateFields();
    Q_EMIT changed();
}

void QuantizeForm::setDatasets(const QStringList& names)
{
    for (QComboBox* box : {m_calibration, m_reportDataset}) {
        const QString current = box->currentText();
        const QSignalBlocker blocker(box);
        box->clear();
        if (box == m_reportDataset)
            box->addItem(QString());
        box->addItems(names);
        const int index = box->findText(current);
        box->setCurrentIndex(index >= 0 ? index : (box == m_reportDataset && names.size() > 0 ? 1 : 0));
    }
    m_reportDataset->setItemText(0, tr("(a text file)"));
    Q_EMIT changed();
}

void QuantizeForm::setModel(const QString& spec)
{
    const int index = m_model->findData(spec);
    if (index >= 0)
        m_model->setCurrentIndex(index);
}

void QuantizeForm::setMethod(const QString& method)
{
    const int index = m_method->findData(method);
    if (index >= 0)
        m_method->setCurrentIndex(index);
}

const models::ModelEntry* QuantizeForm::currentEntry() const
{
    const QString spec = m_model->currentData().toString();
    for (const models::ModelEntry& e : m_entries)
        if (e.spec == spec)
            return &e;
    return nullptr;
}

void QuantizeForm::suggestOutputName()
{
    const models::ModelEntry* entry = currentEntry();
    const QString method = m_method->currentData().toString();
    if (!entry || method.isEmpty())
        return;
    // A name the user typed stays; one the form suggested follows the choices.
    if (!m_output->text().isEmpty() && m_output->text() != m_suggestedName)
        return;
    m_suggestedName = defaultOutputName(entry->baseName, method); // the same in every language
    m_output->setText(m_suggestedName);
}

QuantizeRequest QuantizeForm::request() const
{
    QuantizeRequest r;
    r.model = m_model->currentData().toString();
    r.method = m_method->currentData().toString();
    r.output = m_output->text().trimmed();
    r.calibrationDataset = m_calibration->currentText();
    r.calibrationSamples = m_samples->value();
    // A file of the user's replaces the matrix computed from calibration data.
    if (takesImportanceMatrix(r.method))
        r.importanceFile = m_importanceFile->text().trimmed();
    r.importanceMatrix = m_importance->isChecked() && r.importanceFile.isEmpty();
    r.damp = m_damp->value();
    r.actOrder = m_actOrder->isChecked();
    r.sparsity = m_sparsity->value();
    r.removeHeads = m_heads->value();
    r.removeChannels = m_channels->value();
    if (m_report->isChecked()) {
        r.reportDataset = m_reportDataset->currentIndex() > 0 ? m_reportDataset->currentText() : QString();
        r.reportTextFile = r.reportDataset.isEmpty() ? m_reportTextFile->text().trimmed() : QString();
        r.reportContext = m_reportContext->value();
    }
    return r;
}

QString QuantizeForm::expectedSizeText() const
{
    const models::ModelEntry* entry = currentEntry();
    if (!entry)
        return {};
    const SizeEstimate estimate =
        estimateSize(*entry, m_method->currentData().toString(), m_heads->value(), m_channels->value());
    if (estimate.bytes <= 0)
        return tr("The model's size is not known before it is read.");
    QString text = tr("Expected: about %1 on disk and in memory, %2 bits per weight.")
                       .arg(sizeText(estimate.bytes), QLocale().toString(estimate.bitsPerWeight, 'f', 2));
    if (entry->bytes > 0)
        text += QLatin1Char(' ') + tr("The original: %1.").arg(sizeText(entry->bytes));
    return text;
}

void QuantizeForm::updateFields()
{
    const QuantMethod* method = findQuantMethod(m_method->currentData().toString());
    const QString id = method ? method->id : QString();
    const bool importance = takesImportanceMatrix(id);
    const bool importanceFromFile = !m_importanceFile->text().trimmed().isEmpty();
    const bool calibration =
        method && (method->needsCalibration || (importance && m_importance->isChecked() && !importanceFromFile));
    m_fields->setRowVisible(m_importance, importance);
    m_fields->setRowVisible(m_importanceRow, importance);
    m_importance->setEnabled(!importanceFromFile);
    m_fields->setRowVisible(m_calibration, calibration);
    m_fields->setRowVisible(m_samples, calibration);
    const bool gptq = id.startsWith(QLatin1String("gptq-"));
    m_fields->setRowVisible(m_damp, gptq);
    m_fields->setRowVisible(m_actOrder, gptq);
    m_fields->setRowVisible(m_sparsity, id == QLatin1String("magnitude") || id == QLatin1String("wanda"));
    m_fields->setRowVisible(m_heads, id == QLatin1String("heads"));
    limitHeadsToTheModel();
    m_fields->setRowVisible(m_channels, id == QLatin1String("channels"));
    m_method->setToolTip(method ? methodDescription(id) : QString());
    const bool report = m_report->isChecked();
    for (QWidget* field : QList<QWidget*>{m_reportDataset, m_reportTextFile, m_reportContext, m_browse})
        field->setEnabled(report);
    m_expected->setText(expectedSizeText());
}

// Fewer heads than the model has, and with grouped-query attention whole steps of
// n_kv_head, so that every key/value group loses the same number (pruning.h).
void QuantizeForm::limitHeadsToTheModel()
{
    const models::ModelEntry* entry = currentEntry();
    const std::optional<model::ModelConfig> config = entry ? configOf(*entry) : std::nullopt;
    const QSignalBlocker blocker(m_heads);
    if (!config || config->n_head < 2) {
        m_heads->setRange(1, 128);
        m_heads->setSingleStep(1);
        return;
    }
    const int step = config->kvHeads() != config->n_head ? int(config->kvHeads()) : 1;
    m_heads->setSingleStep(step);
    m_heads->setRange(step, std::max(step, int(config->n_head) - step));
    m_heads->setValue(m_heads->value() / step * step);
}

void QuantizeForm::updateCommandLine()
{
    const QuantizeRequest r = request();
    m_commandLine->setText(r.model.isEmpty() || r.method.isEmpty() ? QString() : quantizeCommandPreview(r));
}

void QuantizeForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void QuantizeForm::retranslate()
{
    setLabelText(m_fields, m_model, tr("Model:"));
    m_model->setToolTip(tr("The model to quantize or prune: a run's checkpoint or a model of the project."));
    setLabelText(m_fields, m_method, tr("Method:"));
    for (int i = 0; i < m_method->count(); ++i) {
        const QVariant data = m_method->itemData(i);
        if (data.typeId() == QMetaType::Int) {
            m_method->setItemText(i, QStringLiteral("— %1 —").arg(familyTitle(MethodFamily(data.toInt()))));
        } else {
            m_method->setItemData(i, methodDescription(data.toString()), Qt::ToolTipRole);
        }
    }
    setLabelText(m_fields, m_output, tr("New model:"));
    m_output->setToolTip(tr("The name the quantized or pruned model gets in the project."));
    setLabelText(m_fields, m_calibration, tr("Calibration data:"));
    m_calibration->setToolTip(
        tr("A dataset of the project whose text shows the method the model's typical activations."));
    setLabelText(m_fields, m_samples, tr("Calibration samples:"));
    m_samples->setSpecialValueText(tr("default (128)"));
    m_samples->setToolTip(tr("Sequences of calibration text to run through the model; more is slower and "
                             "steadier."));
    setLabelText(m_fields, m_importance, tr("Importance:"));
    m_importance->setText(tr("From the calibration data"));
    m_importance->setToolTip(tr("Computes an importance matrix from the calibration data, as llama-imatrix does, so "
                                "that weights meeting large activations are rounded more carefully."));
    setLabelText(m_fields, m_importanceRow, tr("Importance file:"));
    m_importanceFile->setPlaceholderText(tr("(none)"));
    m_importanceFile->setToolTip(tr("An importance matrix made earlier (llama-imatrix or llmwb), used instead of "
                                    "computing one from calibration data."));
    if (auto* browse = qobject_cast<QPushButton*>(m_importanceBrowse))
        browse->setText(tr("Browse…"));
    m_commandLine->setToolTip(tr("What Run starts, as the command line would do it (in the project's folder)."));
    setLabelText(m_fields, m_damp, tr("Damping:"));
    m_damp->setToolTip(tr("GPTQ: the share of the mean Hessian diagonal added to it; raise it if quantization "
                          "fails on a singular Hessian."));
    setLabelText(m_fields, m_actOrder, tr("Order:"));
    m_actOrder->setText(tr("Largest activations first (act-order)"));
    m_actOrder->setToolTip(tr("GPTQ: quantizes the columns with the largest activations first, which usually "
                              "lowers the error."));
    setLabelText(m_fields, m_sparsity, tr("Sparsity:"));
    m_sparsity->setToolTip(tr("The share of each matrix's weights set to zero."));
    setLabelText(m_fields, m_heads, tr("Heads to remove:"));
    m_heads->setToolTip(tr("Attention heads removed from every layer: the model gets smaller and faster. With "
                           "grouped-query attention, a multiple of the key/value heads (each group loses as many)."));
    setLabelText(m_fields, m_channels, tr("Channels to remove:"));
    m_channels->setToolTip(tr("Feed-forward channels removed from every layer."));
    m_reportTitle->setText(tr("<b>Quality report</b>"));
    m_report->setText(tr("Measure the new model against the original"));
    m_report->setToolTip(tr("Perplexity, KL divergence and top-1 agreement on the data below, per-matrix error, "
                            "size and speed, stored with the model."));
    setLabelText(m_reportFields, m_reportDataset, tr("Dataset:"));
    m_reportDataset->setToolTip(tr("Held-out text to measure on; choose none to use a text file."));
    m_reportDataset->setItemText(0, tr("(a text file)"));
    if (auto* label = qobject_cast<QLabel*>(m_reportFields->labelForField(m_reportTextFile->parentWidget())))
        label->setText(tr("Text file:"));
    if (auto* browse = qobject_cast<QPushButton*>(m_browse))
        browse->setText(tr("Browse…"));
    setLabelText(m_reportFields, m_reportContext, tr("Context:"));
    m_reportContext->setSpecialValueText(tr("the model's"));
    m_reportContext->setToolTip(tr("Tokens per window when measuring perplexity."));
    // A spin box sizes itself for its numbers; its "default" text may be longer.
    for (QSpinBox* spin : {m_samples, m_reportContext})
        spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(spin->specialValueText()) + 48);
    updateFields();
}

} // namespace lw::ui::quantize
