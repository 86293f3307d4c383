#include "ui/panels/chat/decoding_lab.h"

#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/lab_column.h"
#include "ui/panels/chat/model_session.h"
#include "ui/widgets/token_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui {

DecodingLab::DecodingLab(ModelSession* session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_promptLabel = new QLabel(this);
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("labPrompt"));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(80);
    m_promptLabel->setBuddy(m_prompt);
    m_columnsLabel = new QLabel(this);
    m_columnsSpin = new QSpinBox(this);
    m_columnsSpin->setObjectName(QStringLiteral("labColumns"));
    m_columnsSpin->setRange(kMinColumns, kMaxColumns);
    m_columnsLabel->setBuddy(m_columnsSpin);
    m_useTemplate = new QCheckBox(this);
    m_useTemplate->setObjectName(QStringLiteral("labUseTemplate"));
    m_template = new ChatTemplatePicker(this);
    m_template->setEnabled(false);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("labRun"));
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("labStop"));
    m_legend = new QLabel(this);
    m_legend->setWordWrap(true);
    m_legend->setForegroundRole(QPalette::PlaceholderText);

    auto* options = new QHBoxLayout;
    options->addWidget(m_columnsLabel);
    options->addWidget(m_columnsSpin);
    options->addSpacing(12);
    options->addWidget(m_useTemplate);
    options->addWidget(m_template);
    options->addStretch(1);
    options->addWidget(m_run);
    options->addWidget(m_stop);
    m_columnsLayout = new QHBoxLayout;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_promptLabel);
    layout->addWidget(m_prompt);
    layout->addLayout(options);
    layout->addWidget(m_legend);
    layout->addLayout(m_columnsLayout, 1);

    connect(m_columnsSpin, &QSpinBox::valueChanged, this, &DecodingLab::setColumnCount);
    connect(m_useTemplate, &QCheckBox::toggled, m_template, &QWidget::setEnabled);
    connect(m_run, &QPushButton::clicked, this, &DecodingLab::run);
    connect(m_stop, &QPushButton::clicked, this, &DecodingLab::stop);
    connect(m_session, &ModelSession::tokenArrived, this, [this](quint64 jobId, const StreamedToken& token) {
        if (jobId == m_job && token.sequence < m_columns.size())
            m_columns[token.sequence]->appendToken(token.token);
    });
    connect(m_session, &ModelSession::finished, this, [this](quint64 jobId, const QList<AnswerResult>& results) {
        if (jobId != m_job)
            return;
        m_job = 0;
        for (int i = 0; i < results.size() && i < m_columns.size(); ++i)
            m_columns[i]->finish(results[i]);
        updateButtons();
        Q_EMIT finished(results);
    });
    connect(m_session, &ModelSession::failed, this, [this](quint64 jobId, const QString& message) {
        if (jobId != m_job)
            return;
        m_job = 0;
        for (LabColumn* column : std::as_const(m_columns))
            column->fail(tr("No answer: %1").arg(message));
        updateButtons();
    });
    m_columnsSpin->setValue(3);
    setColumnCount(3);
    retranslate();
    updateButtons();
}

void DecodingLab::setColumnCount(int columns)
{
    columns = qBound(kMinColumns, columns, kMaxColumns);
    if (isRunning() || columns == columnCount()) {
        m_columnsSpin->setValue(columnCount());
        return;
    }
    while (columnCount() < columns) {
        auto* column = new LabColumn(columnCount() + 1, this);
        m_columnsLayout->addWidget(column, 1);
        m_columns.append(column);
    }
    while (columnCount() > columns)
        delete m_columns.takeLast();
    m_columnsSpin->setValue(columns);
}

void DecodingLab::run()
{
    if (isRunning())
        return;
    GenerationJob job;
    job.chat = m_useTemplate->isChecked();
    const std::string text = m_prompt->toPlainText().toStdString();
    if (job.chat) {
        job.chatTemplate = m_template->currentTemplate();
        job.messages = {{"user", text}};
    } else {
        job.prompt = text;
    }
    for (LabColumn* column : std::as_const(m_columns)) {
        generate::SamplerSettings settings = column->form()->settings();
        settings.top_alternatives = kAlternatives;
        job.settings.push_back(settings);
        column->clearAnswer();
    }
    m_job = m_session->start(std::move(job));
    updateButtons();
}

void DecodingLab::stop()
{
    if (isRunning())
        m_session->stop();
}

void DecodingLab::updateButtons()
{
    m_run->setEnabled(!isRunning());
    m_stop->setEnabled(isRunning());
    m_columnsSpin->setEnabled(!isRunning());
}

void DecodingLab::retranslate()
{
    m_promptLabel->setText(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Text for the model to continue, the same for every column"));
    m_columnsLabel->setText(tr("Columns"));
    m_useTemplate->setText(tr("As a chat message:"));
    m_useTemplate->setToolTip(tr("Send the prompt as a user message through a chat template instead of "
                                 "continuing it as plain text"));
    m_run->setText(tr("Run"));
    m_run->setToolTip(tr("Answer the prompt with every column's setting at once (Ctrl+Enter)"));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop every column (Esc)"));
    m_legend->setText(tr("Each token is coloured by its probability under the model, from red (unlikely) to "
                         "green (likely). Hover a token to see what else the model considered."));
}

void DecodingLab::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace lw::ui
