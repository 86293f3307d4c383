#include "ui/panels/data/export_dialog.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/tokenizer_chooser.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui::data {

namespace {

// The layouts `data export --format jsonl` writes; "" keeps the dataset's own.
const QStringList kLayouts = {QString(),                 QStringLiteral("text"),       QStringLiteral("alpaca"),
                              QStringLiteral("sharegpt"), QStringLiteral("messages"),  QStringLiteral("preference"),
                              QStringLiteral("mc")};

enum FormRow { FormatRow, OutputRow, LayoutRow, TemplateNameRow, TokenizerRow, LossRow, ContextRow };

} // namespace

ExportDialog::ExportDialog(JobSupervisor* supervisor, QWidget* parent)
    : QDialog(parent), m_job(new DataJob(supervisor, this)), m_form(new QFormLayout), m_datasetLabel(new QLabel(this)),
      m_format(new QComboBox(this)), m_layout(new QComboBox(this)), m_template(new QComboBox(this)),
      m_tokenizer(new TokenizerChooser(false, this)), m_loss(new QComboBox(this)), m_context(new QSpinBox(this)),
      m_output(new QLineEdit(this)), m_browseOutput(new QPushButton(this)), m_exportButton(new QPushButton(this)),
      m_closeButton(new QPushButton(this)), m_progress(new JobProgressRow(m_job, this)), m_result(new QLabel(this)),
      m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(QString(), QStringLiteral("jsonl"));
    m_format->addItem(QString(), QStringLiteral("tokens"));
    m_layout->setObjectName(QStringLiteral("exportLayout"));
    for (const QString& layout : kLayouts)
        m_layout->addItem(layout, layout);
    m_template->setObjectName(QStringLiteral("exportTemplate"));
    m_template->setEditable(true); // a template JSON file's path is accepted too
    m_template->addItems({QStringLiteral("chatml"), QStringLiteral("llama3"), QStringLiteral("alpaca")});
    m_tokenizer->setObjectName(QStringLiteral("exportTokenizer"));
    m_loss->addItem(QString(), QStringLiteral("assistant"));
    m_loss->addItem(QString(), QStringLiteral("all"));
    m_context->setObjectName(QStringLiteral("exportContext"));
    m_context->setRange(0, 1 << 20);
    m_context->setSingleStep(256);
    m_output->setObjectName(QStringLiteral("exportOutput"));
    m_output->setMinimumWidth(360);
    m_exportButton->setObjectName(QStringLiteral("startExport"));
    m_exportButton->setDefault(true);
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_datasetLabel->setWordWrap(true);

    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browseOutput);
    for (int row = 0; row <= ContextRow; ++row)
        m_labels.append(new QLabel(this));
    m_form->addRow(m_labels.at(FormatRow), m_format);
    m_form->addRow(m_labels.at(OutputRow), outputRow);
    m_form->addRow(m_labels.at(LayoutRow), m_layout);
    m_form->addRow(m_labels.at(TemplateNameRow), m_template);
    m_form->addRow(m_labels.at(TokenizerRow), m_tokenizer);
    m_form->addRow(m_labels.at(LossRow), m_loss);
    m_form->addRow(m_labels.at(ContextRow), m_context);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addStretch();
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_closeButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_datasetLabel);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        suggestOutput();
    });
    connect(m_browseOutput, &QPushButton::clicked, this, &ExportDialog::browseOutput);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::close);
    connect(m_output, &QLineEdit::textChanged, this, &ExportDialog::updateRows);
    connect(m_tokenizer, &TokenizerChooser::tokenizerChanged, this, &ExportDialog::updateRows);
    connect(m_job, &DataJob::runningChanged, this, &ExportDialog::updateRows);
    connect(m_job, &DataJob::succeeded, this, [this](const QJsonObject& json) {
        const ExportResult r = exportResultFromJson(json);
        const QLocale locale;
        QString text = r.format == QLatin1String("jsonl")
                           ? tr("%1 rows written as JSON Lines (layout %2).").arg(locale.toString(r.rows), r.layout)
                           : tr("%1 rows written as %2 token files, %3 tokens.")
                                 .arg(locale.toString(r.rows), r.format, locale.toString(r.tokens));
        text += QLatin1Char(' ') + tr("Files: %1").arg(r.files.join(QStringLiteral(", ")));
        m_result->setText(text);
        Q_EMIT exported(r);
    });
    connect(m_job, &DataJob::failed, this, &ExportDialog::showError);
    connect(m_job, &DataJob::cancelled, this, [this] {
        removeUnfinishedOutput();
        m_result->setText(tr("The export was cancelled."));
    });
    retranslateUi();
    updateRows();
}

void ExportDialog::retranslateUi()
{
    setWindowTitle(tr("Export dataset"));
    m_datasetLabel->setText(m_dataset.isEmpty() ? tr("Select a dataset version first.") : tr("Export %1").arg(m_dataset));
    m_format->setItemText(0, tr("JSON Lines"));
    m_format->setItemText(1, tr("Token files for training"));
    m_layout->setItemText(0, tr("The dataset's own"));
    m_loss->setItemText(0, tr("Assistant answers"));
    m_loss->setItemText(1, tr("All tokens"));
    m_context->setSpecialValueText(tr("No limit"));
    m_context->setToolTip(tr("Context length in tokens: longer rows are cut"));
    m_template->setToolTip(tr("Chat template; leave it empty for a text dataset"));
    m_browseOutput->setText(tr("Browse…"));
    m_exportButton->setText(tr("Export"));
    m_closeButton->setText(tr("Close"));
    const QStringList labels = {tr("Format"), tr("Output"),  tr("Layout"), tr("Template"),
                                tr("Tokenizer"), tr("Loss on"), tr("Context")};
    for (int row = 0; row < labels.size(); ++row)
        m_labels.at(row)->setText(labels.at(row));
}

void ExportDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void ExportDialog::setProjectDir(const QString& dir)
{
    m_projectDir = dir;
    suggestOutput();
}

void ExportDialog::setDataset(const QString& name, const QString& kind)
{
    if (name != m_dataset) {
        m_result->clear();
        showError({});
    }
    m_dataset = name;
    m_kind = kind;
    // Text rows become tokens as they are; other rows need a template.
    if (kind == QLatin1String("text"))
        m_template->setCurrentText(QString());
    else if (m_template->currentText().isEmpty())
        m_template->setCurrentIndex(0);
    retranslateUi();
    suggestOutput();
    updateRows();
}

void ExportDialog::setTokenizers(const QStringList& names)
{
    m_tokenizer->setTokenizers(names);
}

bool ExportDialog::tokens() const
{
    return m_format->currentData().toString() == QLatin1String("tokens");
}

void ExportDialog::updateRows()
{
    m_form->setRowVisible(LayoutRow, !tokens());
    for (int row : {TemplateNameRow, TokenizerRow, LossRow, ContextRow})
        m_form->setRowVisible(row, tokens());
    const bool ready = !m_dataset.isEmpty() && !m_projectDir.isEmpty() && !m_output->text().trimmed().isEmpty() &&
                       (!tokens() || !m_tokenizer->tokenizer().isEmpty());
    m_exportButton->setEnabled(ready && !m_job->isRunning());
}

void ExportDialog::suggestOutput()
{
    if (m_projectDir.isEmpty() || m_dataset.isEmpty())
        return;
    // A file for JSON Lines, a folder for token files, both under the project's exports.
    const QString name = tokens() ? m_dataset + QStringLiteral("-tokens") : m_dataset + QStringLiteral(".jsonl");
    m_output->setText(QDir(m_projectDir).filePath(QStringLiteral("exports/") + name));
}

void ExportDialog::browseOutput()
{
    const QString path = tokens() ? QFileDialog::getExistingDirectory(this, tr("Folder for the token files"),
                                                                      m_output->text())
                                  : QFileDialog::getSaveFileName(this, tr("Export as JSON Lines"), m_output->text(),
                                                                 tr("JSON Lines (*.jsonl)"));
    if (!path.isEmpty())
        m_output->setText(path);
}

void ExportDialog::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ExportDialog::removeUnfinishedOutput()
{
    // The worker stops where it is when cancelled: what it wrote is of no use. A folder
    // that was not there before holds only what this export made; a file is written
    // under a temporary name (<name>.tmp-<pid>-<n>) and renamed only when complete.
    const QFileInfo output(m_startedOutput);
    if (m_startedTokens && !m_outputExisted)
        QDir(m_startedOutput).removeRecursively();
    if (!m_startedTokens) {
        QDir dir = output.absoluteDir();
        for (const QString& name : dir.entryList({output.fileName() + QStringLiteral(".tmp-*")}, QDir::Files))
            dir.remove(name);
    }
}

void ExportDialog::startExport()
{
    if (!m_exportButton->isEnabled())
        return;
    ExportRequest request;
    request.projectDir = m_projectDir;
    request.dataset = m_dataset;
    request.format = m_format->currentData().toString();
    request.layout = m_layout->currentData().toString();
    request.templateName = m_template->currentText().trimmed();
    request.tokenizer = m_tokenizer->tokenizer();
    request.loss = m_loss->currentData().toString();
    request.context = m_context->value();
    request.output = m_output->text().trimmed();
    // A JSON Lines file goes into a folder that may not exist yet.
    if (!tokens())
        QDir().mkpath(QFileInfo(request.output).absolutePath());
    m_startedOutput = request.output;
    m_startedTokens = tokens();
    m_outputExisted = QFileInfo::exists(request.output);
    showError({});
    m_result->clear();
    m_job->start(exportJob(request));
}

} // namespace lw::ui::data
