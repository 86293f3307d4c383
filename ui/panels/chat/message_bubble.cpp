#include "ui/panels/chat/message_bubble.h"

#include "ui/panels/chat/answer_stats_text.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kRedrawMs = 30;

} // namespace

MessageBubble::MessageBubble(const QString& role, const QString& text, QWidget* parent)
    : QFrame(parent), m_role(role), m_text(text)
{
    setObjectName(role == QLatin1String("user") ? QStringLiteral("userMessage") : QStringLiteral("assistantMessage"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // The user's messages stand out from the answers, in either theme.
    setBackgroundRole(role == QLatin1String("user") ? QPalette::AlternateBase : QPalette::Base);

    m_who = new QLabel(this);
    QFont bold = m_who->font();
    bold.setBold(true);
    m_who->setFont(bold);
    m_body = new QLabel(this);
    m_body->setTextFormat(Qt::PlainText);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_body->setObjectName(QStringLiteral("messageText"));
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("answerStats"));
    m_stats->setForegroundRole(QPalette::PlaceholderText);
    m_stats->hide();
    m_outside = new QLabel(this);
    m_outside->setObjectName(QStringLiteral("outOfContext"));
    m_outside->setWordWrap(true);
    m_outside->setForegroundRole(QPalette::PlaceholderText);
    QFont italic = m_outside->font();
    italic.setItalic(true);
    m_outside->setFont(italic);
    m_outside->hide();
    m_redraw.setSingleShot(true);
    connect(&m_redraw, &QTimer::timeout, this, &MessageBubble::showText);

    auto* header = new QHBoxLayout;
    header->addWidget(m_who);
    header->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(3);
    layout->addLayout(header);
    layout->addWidget(m_outside);
    layout->addWidget(m_body);
    layout->addWidget(m_stats);

    if (role != QLatin1String("user")) {
        auto makeArrow = [this, header](const char* name, const QString& arrow) {
            auto* button = new QToolButton(this);
            button->setObjectName(QLatin1String(name));
            button->setAutoRaise(true);
            button->setText(arrow);
            button->hide();
            header->addWidget(button);
            return button;
        };
        m_previous = makeArrow("previousVersion", QStringLiteral("‹"));
        m_versionLabel = new QLabel(this);
        m_versionLabel->setObjectName(QStringLiteral("answerVersion"));
        m_versionLabel->hide();
        header->addWidget(m_versionLabel);
        m_next = makeArrow("nextVersion", QStringLiteral("›"));
        connect(m_previous, &QToolButton::clicked, this, [this] {
            if (m_version > 0)
                Q_EMIT versionRequested(m_version - 1);
        });
        connect(m_next, &QToolButton::clicked, this, [this] {
            if (m_version + 1 < m_versionCount)
                Q_EMIT versionRequested(m_version + 1);
        });
    }

    if (role == QLatin1String("user")) {
        m_edit = new QToolButton(this);
        m_edit->setObjectName(QStringLiteral("editMessage"));
        m_edit->setAutoRaise(true);
        header->addWidget(m_edit);
        connect(m_edit, &QToolButton::clicked, this, &MessageBubble::startEditing);

        m_editPane = new QWidget(this);
        m_editor = new QPlainTextEdit(m_editPane);
        m_editor->setObjectName(QStringLiteral("messageEditor"));
        m_editor->setTabChangesFocus(true);
        m_editor->setMaximumHeight(120);
        m_resend = new QPushButton(m_editPane);
        m_resend->setObjectName(QStringLiteral("resendMessage"));
        m_cancel = new QPushButton(m_editPane);
        auto* buttons = new QHBoxLayout;
        buttons->addStretch(1);
        buttons->addWidget(m_cancel);
        buttons->addWidget(m_resend);
        auto* editLayout = new QVBoxLayout(m_editPane);
        editLayout->setContentsMargins(0, 0, 0, 0);
        editLayout->addWidget(m_editor);
        editLayout->addLayout(buttons);
        layout->addWidget(m_editPane);
        m_editPane->hide();
        connect(m_cancel, &QPushButton::clicked, this, &MessageBubble::cancelEditing);
        connect(m_resend, &QPushButton::clicked, this, [this] {
            const QString text = m_editor->toPlainText().trimmed();
            if (text.isEmpty())
                return;
            cancelEditing();
            Q_EMIT resendRequested(text);
        });
    }
    showText();
    retranslate();
}

void MessageBubble::showText()
{
    m_redraw.stop();
    m_lastDraw.restart();
    // A block cursor while the answer is being written.
    m_body->setText(m_streaming ? m_text + QStringLiteral("▍") : m_text);
}

void MessageBubble::setText(const QString& text)
{
    m_text = text;
    showText();
}

void MessageBubble::appendText(const QString& text)
{
    m_text += text;
    // Tokens can arrive by the thousand per second; laying out a long word-wrapped text
    // for each would keep the GUI thread busy. Draw at most once per frame (the first
    // token at once).
    if (m_redraw.isActive())
        return;
    const qint64 since = m_lastDraw.isValid() ? m_lastDraw.elapsed() : kRedrawMs;
    m_redraw.start(int(qMax<qint64>(0, kRedrawMs - since)));
}

void MessageBubble::setStreaming(bool streaming)
{
    m_streaming = streaming;
    // Selectable text costs a rich-text layout per change: only once the text stands still.
    m_body->setTextInteractionFlags(streaming ? Qt::NoTextInteraction
                                              : Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    showText();
}

void MessageBubble::setAnswerStats(const QJsonObject& stats, const QString& stopReason)
{
    m_stats->setText(answerStatsText(stats, stopReason));
    m_stats->show();
    m_statsJson = stats;
    m_stopReason = stopReason;
}

QString MessageBubble::statsText() const
{
    return m_stats->text();
}

void MessageBubble::setEditEnabled(bool enabled)
{
    m_editEnabled = enabled;
    if (m_edit)
        m_edit->setEnabled(enabled);
    if (m_resend)
        m_resend->setEnabled(enabled);
    if (m_previous) {
        m_previous->setEnabled(enabled && m_version > 0);
        m_next->setEnabled(enabled && m_version + 1 < m_versionCount);
    }
}

void MessageBubble::setVersion(int shown, int count)
{
    m_versionCount = qMax(1, count);
    m_version = qBound(0, shown, m_versionCount - 1);
    if (!m_previous)
        return;
    const bool several = m_versionCount > 1;
    m_previous->setVisible(several);
    m_versionLabel->setVisible(several);
    m_next->setVisible(several);
    m_versionLabel->setText(QStringLiteral("%1/%2").arg(QLocale().toString(m_version + 1), QLocale().toString(m_versionCount)));
    setEditEnabled(m_editEnabled);
    retranslate();
}

void MessageBubble::setOutOfContext(bool outside)
{
    if (outside == m_outOfContext)
        return;
    m_outOfContext = outside;
    m_outside->setVisible(outside);
    m_body->setForegroundRole(outside ? QPalette::PlaceholderText : QPalette::WindowText);
}

bool MessageBubble::isEditing() const
{
    return m_editPane && m_editPane->isVisible();
}

void MessageBubble::startEditing()
{
    if (!m_editPane)
        return;
    m_editor->setPlainText(m_text);
    m_body->hide();
    m_editPane->show();
    m_editor->setFocus(Qt::OtherFocusReason);
    m_editor->selectAll();
}

void MessageBubble::cancelEditing()
{
    if (!m_editPane)
        return;
    m_editPane->hide();
    m_body->show();
}

void MessageBubble::retranslate()
{
    m_who->setText(m_role == QLatin1String("user") ? tr("You") : tr("Model"));
    m_outside->setText(tr("Outside the model's context: it no longer reads this message."));
    if (m_previous) {
        m_previous->setToolTip(tr("The earlier version of this answer"));
        m_next->setToolTip(tr("The later version of this answer"));
        m_versionLabel->setToolTip(tr("Version %1 of %2 of this answer (Regenerate writes another)")
                                       .arg(QLocale().toString(m_version + 1), QLocale().toString(m_versionCount)));
    }
    if (!m_statsJson.isEmpty())
        m_stats->setText(answerStatsText(m_statsJson, m_stopReason));
    if (m_edit) {
        m_edit->setText(tr("Edit"));
        m_edit->setToolTip(tr("Change this message and send it again; the messages after it are dropped"));
        m_resend->setText(tr("Send again"));
        m_cancel->setText(tr("Cancel"));
    }
}

void MessageBubble::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

} // namespace lw::ui
