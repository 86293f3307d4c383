#include "ui/panels/chat/model_compare.h"

#include "ui/panels/chat/answer_stats_text.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/panels/chat/model_session.h"
#include "ui/widgets/token_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lw::ui {

ModelCompare::ModelCompare(QWidget* parent) : QWidget(parent)
{
    m_promptLabel = new QLabel(this);
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("comparePrompt"));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(80);
    m_promptLabel->setBuddy(m_prompt);
    m_useTemplate = new QCheckBox(this);
    m_template = new ChatTemplatePicker(this);
    m_template->setEnabled(false);
    m_decodingLabel = new QLabel(this);
    m_form = new DecodingForm(this);
    generate::SamplerSettings greedy;
    greedy.temperature = 0; // the same prompt, the most likely answer of each model
    greedy.max_tokens = 64;
    m_form->setSettings(greedy);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("compareRun"));
    m_stop = new QPushButton(this);

    auto* options = new QHBoxLayout;
    options->addWidget(m_useTemplate);
    options->addWidget(m_template);
    options->addStretch(1);
    options->addWidget(m_run);
    options->addWidget(m_stop);
    auto* sides = new QHBoxLayout;
    sides->addWidget(buildSide(0), 1);
    sides->addWidget(buildSide(1), 1);
    auto* top = new QHBoxLayout;
    auto* promptColumn = new QVBoxLayout;
    promptColumn->addWidget(m_promptLabel);
    promptColumn->addWidget(m_prompt);
    promptColumn->addLayout(options);
    auto* formColumn = new QVBoxLayout;
    formColumn->addWidget(m_decodingLabel);
    formColumn->addWidget(m_form);
    formColumn->addStretch(1);
    top->addLayout(promptColumn, 3);
    top->addLayout(formColumn, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(sides, 1);

    connect(m_useTemplate, &QCheckBox::toggled, m_template, &QWidget::setEnabled);
    connect(m_run, &QPushButton::clicked, this, &ModelCompare::run);
    connect(m_stop, &QPushButton::clicked, this, &ModelCompare::stop);
    retranslate();
    updateButtons();
}

QWidget* ModelCompare::buildSide(int index)
{
    Side& side = m_sides[index];
    auto* frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    side.title = new QLabel(frame);
    side.picker = new ModelPicker(frame);
    side.picker->setObjectName(QStringLiteral("compareModel%1").arg(index + 1));
    side.title->setBuddy(side.picker);
    side.session = new ModelSession(this);
    side.tokens = new TokenView(frame);
    side.stats = new QLabel(frame);
    side.stats->setWordWrap(true);
    side.stats->setForegroundRole(QPalette::PlaceholderText);
    auto* header = new QHBoxLayout;
    header->addWidget(side.title);
    header->addWidget(side.picker, 1);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(header);
    layout->addWidget(side.tokens, 1);
    layout->addWidget(side.stats);

    connect(side.session, &ModelSession::tokenArrived, this, [this, index](quint64 jobId, const StreamedToken& t) {
        if (jobId == m_sides[index].job)
            m_sides[index].tokens->appendToken(t.token);
    });
    connect(side.session, &ModelSession::finished, this, [this, index](quint64 jobId, const QList<AnswerResult>& r) {
        Side& s = m_sides[index];
        if (jobId != s.job || r.isEmpty())
            return;
        s.result = r.front();
        s.stats->setText(answerStatsText(s.result.stats, s.result.stopReason));
        sideDone(index);
    });
    connect(side.session, &ModelSession::failed, this, [this, index](quint64 jobId, const QString& message) {
        Side& s = m_sides[index];
        if (jobId != s.job)
            return;
        if (s.session->isLoaded()) // else the reason the model did not load stays shown
            s.stats->setText(tr("No answer: %1").arg(message));
        sideDone(index);
    });
    connect(side.session, &ModelSession::loadStarted, this,
            [this, index] { m_sides[index].stats->setText(tr("Loading the model…")); });
    connect(side.session, &ModelSession::loaded, this, [this, index] { m_sides[index].stats->clear(); });
    connect(side.session, &ModelSession::loadFailed, this, [this, index](const QString& message) {
        m_sides[index].stats->setText(tr("The model could not be loaded: %1").arg(message));
    });
    return frame;
}

void ModelCompare::setCatalog(const ModelCatalog& catalog)
{
    m_sides[0].picker->setCatalog(catalog);
    m_sides[1].picker->setCatalog(catalog);
    if (!m_catalogSet && catalog.models.size() > 1) {
        // Two different models to start with: the catalog's default (the best completed
        // run), and the next one that holds other weights (another step or run), else
        // the demo model.
        m_catalogSet = true;
        const ModelChoice& first = catalog.models[qMax(0, catalog.indexOf(catalog.defaultKey))];
        QString second = catalog.models[0].key;
        for (int i = 1; i < catalog.models.size(); ++i)
            if (!first.demo && (catalog.models[i].runId != first.runId || catalog.models[i].step != first.step)) {
                second = catalog.models[i].key;
                break;
            }
        if (first.demo && catalog.models.size() > 1)
            second = catalog.models[1].key;
        m_sides[1].picker->selectKey(second);
    }
}

void ModelCompare::setLoadOptions(DemoModelJob* demo, int threads)
{
    for (Side& side : m_sides) {
        side.session->setDemoModel(demo);
        side.session->setThreads(threads);
    }
}

void ModelCompare::run()
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
    generate::SamplerSettings settings = m_form->settings();
    settings.top_alternatives = 5;
    job.settings = {settings};
    for (Side& side : m_sides) {
        side.result = AnswerResult();
        side.tokens->clearTokens();
        side.stats->clear();
        side.picker->settle();
        side.session->load(side.picker->currentChoice()); // nothing to do when it is loaded
        side.job = side.session->start(job);
    }
    updateButtons();
}

void ModelCompare::stop()
{
    for (Side& side : m_sides)
        side.session->stop();
}

void ModelCompare::sideDone(int index)
{
    m_sides[index].job = 0;
    updateButtons();
    if (!isRunning())
        Q_EMIT finished(m_sides[0].result, m_sides[1].result);
}

void ModelCompare::updateButtons()
{
    m_run->setEnabled(!isRunning());
    m_stop->setEnabled(isRunning());
    m_sides[0].picker->setEnabled(!isRunning());
    m_sides[1].picker->setEnabled(!isRunning());
}

void ModelCompare::retranslate()
{
    m_promptLabel->setText(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("The same prompt goes to both models"));
    m_useTemplate->setText(tr("As a chat message:"));
    m_decodingLabel->setText(tr("Decoding (both models)"));
    m_run->setText(tr("Compare"));
    m_run->setToolTip(tr("Answer the prompt with both models (Ctrl+Enter)"));
    m_stop->setText(tr("Stop"));
    m_sides[0].title->setText(tr("Model A"));
    m_sides[1].title->setText(tr("Model B"));
    for (Side& side : m_sides)
        if (!side.result.stats.isEmpty())
            side.stats->setText(answerStatsText(side.result.stats, side.result.stopReason));
}

void ModelCompare::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace lw::ui
