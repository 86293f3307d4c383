#include "ui/panels/models/export_model_dialog.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace lw::ui::models {

ExportModelDialog::ExportModelDialog(QWidget* parent)
    : QDialog(parent), m_modelLabel(new QLabel(this)), m_formatLabel(new QLabel(this)), m_dtypeLabel(new QLabel(this)),
      m_outputLabel(new QLabel(this)), m_format(new QComboBox(this)), m_dtype(new QComboBox(this)),
      m_output(new QLineEdit(this)), m_browse(new QPushButton(this)), m_exportButton(new QPushButton(this)),
      m_cancelButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("exportModelDialog"));
    m_format->setObjectName(QStringLiteral("exportModelFormat"));
    m_format->addItem(QString(), QStringLiteral("hf"));
    m_format->addItem(QString(), QStringLiteral("gguf"));
    m_dtype->setObjectName(QStringLiteral("exportModelDtype"));
    m_output->setObjectName(QStringLiteral("exportModelOutput"));
    m_output->setMinimumWidth(380);
    m_exportButton->setObjectName(QStringLiteral("startModelExport"));
    m_exportButton->setDefault(true);
    m_modelLabel->setWordWrap(true);

    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(m_formatLabel, m_format);
    form->addRow(m_dtypeLabel, m_dtype);
    form->addRow(m_outputLabel, outputRow);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_modelLabel);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportModelDialog::onFormatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportModelDialog::browseOutput);
    connect(m_exportButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_output, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_exportButton->setEnabled(!text.trimmed().isEmpty()); });
    retranslateUi();
    onFormatChanged();
}

void ExportModelDialog::setModel(const QString& projectDir, const QString& spec, const QString& name,
                                 AdapterKind adapter)
{
    m_projectDir = projectDir;
    m_spec = spec;
    m_name = name;
    m_adapter = adapter;
    if (const int index = adapterFormatIndex(); index >= 0)
        m_format->removeItem(index);
    if (adapter != AdapterKind::None) {
        m_format->addItem(QString(), kAdapterGgufFormat);
        // Shown either way, so a DoRA fine-tune says why it has no llama.cpp adapter.
        auto* items = qobject_cast<QStandardItemModel*>(m_format->model());
        items->item(adapterFormatIndex())->setEnabled(adapter == AdapterKind::Lora);
    }
    retranslateUi();
    onFormatChanged(); // a new suggested output
}

ExportRequest ExportModelDialog::request() const
{
    ExportRequest r;
    r.projectDir = m_projectDir;
    r.model = m_spec;
    r.format = m_format->currentData().toString();
    r.dtype = m_dtype->currentText();
    r.output = m_output->text().trimmed();
    return r;
}

void ExportModelDialog::onFormatChanged()
{
    const QString format = m_format->currentData().toString();
    const QString previous = m_dtype->currentText();
    m_dtype->clear();
    m_dtype->addItems(exportDtypes(format));
    if (m_dtype->findText(previous) >= 0)
        m_dtype->setCurrentText(previous);
    // A name a file system takes: a run's "(best)" and spaces are left out.
    QString base = m_name;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    base = base.section(QLatin1Char('-'), 0, -1, QString::SectionSkipEmpty);
    if (base.isEmpty() || m_projectDir.isEmpty())
        return;
    const QString dir = QDir(m_projectDir).filePath(QStringLiteral("exports"));
    const QString file = format == QLatin1String("gguf") ? base + QStringLiteral(".gguf")
                         : format == kAdapterGgufFormat    ? base + QStringLiteral("-lora.gguf")
                                                           : base + QStringLiteral("-hf");
    m_output->setText(QDir::toNativeSeparators(QDir(dir).filePath(file)));
}

int ExportModelDialog::adapterFormatIndex() const
{
    return m_format->findData(kAdapterGgufFormat);
}

void ExportModelDialog::browseOutput()
{
    const bool gguf = m_format->currentData().toString() != QLatin1String("hf");
    const QString path = gguf ? QFileDialog::getSaveFileName(this, tr("Export to a GGUF file"), m_output->text(),
                                                             tr("GGUF files (*.gguf)"))
                              : QFileDialog::getSaveFileName(this, tr("Export to a new folder"), m_output->text());
    if (!path.isEmpty())
        m_output->setText(QDir::toNativeSeparators(path));
}

void ExportModelDialog::retranslateUi()
{
    setWindowTitle(tr("Export model"));
    m_modelLabel->setText(tr("Export %1 for other tools.").arg(m_name));
    m_formatLabel->setText(tr("Format:"));
    m_dtypeLabel->setText(tr("Weights:"));
    m_outputLabel->setText(tr("Output:"));
    m_format->setItemText(0, tr("Hugging Face folder (transformers)"));
    m_format->setItemText(1, tr("GGUF file (llama.cpp)"));
    if (const int index = adapterFormatIndex(); index >= 0) {
        m_format->setItemText(index, tr("LoRA adapter for llama.cpp (GGUF)"));
        m_format->setItemData(index,
                              m_adapter == AdapterKind::Dora
                                  ? tr("llama.cpp cannot load DoRA adapters: merge the adapter into its base "
                                       "(llmwb adapter merge) and export that model instead.")
                                  : tr("The adapter alone, which llama.cpp applies to the base model exported as "
                                       "GGUF (--lora)."),
                              Qt::ToolTipRole);
    }
    m_browse->setText(tr("Browse…"));
    m_exportButton->setText(tr("Export"));
    m_cancelButton->setText(tr("Cancel"));
}

void ExportModelDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

} // namespace lw::ui::models
