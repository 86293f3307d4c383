#include "ui/panels/chat/lab_column.h"

#include "ui/panels/chat/answer_stats_text.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/widgets/token_view.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace lw::ui {

LabColumn::LabColumn(int number, QWidget* parent) : QFrame(parent), m_number(number)
{
    setObjectName(QStringLiteral("labColumn%1").arg(number));
    setFrameShape(QFrame::StyledPanel);
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_form = new DecodingForm(this);
    m_form->setSettings(presetSettings(number - 1));
    m_tokens = new TokenView(this);
    m_tokens->setObjectName(QStringLiteral("labTokens"));
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("labStats"));
    m_stats->setWordWrap(true);
    m_stats->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_form);
    layout->addWidget(m_tokens, 1);
    layout->addWidget(m_stats);
    retranslate();
}

generate::SamplerSettings LabColumn::presetSettings(int column)
{
    generate::SamplerSettings s;
    s.max_tokens = 64;
    switch (column) {
    case 0: // the model's single most likely answer
        s.temperature = 0;
        break;
    case 1:
        s.temperature = 0.7;
        s.top_k = 40;
        break;
    case 2:
        s.temperature = 1.0;
        s.top_k = 0;
        s.top_p = 0.9;
        break;
    default:
        s.temperature = 1.3;
        s.top_k = 0;
        s.min_p = 0.05;
        break;
    }
    return s;
}

void LabColumn::clearAnswer()
{
    m_tokens->clearTokens();
    m_stats->clear();
    m_answer = AnswerResult();
}

void LabColumn::appendToken(const TokenViewItem& token)
{
    m_tokens->appendToken(token);
}

void LabColumn::finish(const AnswerResult& answer)
{
    m_answer = answer;
    m_stats->setText(answerStatsText(answer.stats, answer.stopReason));
}

void LabColumn::fail(const QString& message)
{
    m_stats->setText(message);
}

void LabColumn::retranslate()
{
    m_title->setText(tr("Setting %1").arg(m_number));
    if (!m_answer.stats.isEmpty())
        m_stats->setText(answerStatsText(m_answer.stats, m_answer.stopReason));
}

void LabColumn::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

} // namespace lw::ui
