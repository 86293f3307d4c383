#pragma once
// The status bar's passing message, kept as the function that writes it rather than as
// the text it wrote: a language change while the message is shown writes it again in
// the new language (a text made once stays in the language it was made in).
#include <QDeadlineTimer>
#include <QObject>
#include <QString>

#include <functional>

class QStatusBar;

namespace lw::ui {

class StatusBarMessage : public QObject {
    Q_OBJECT
public:
    using Compose = std::function<QString()>;

    StatusBarMessage(QStatusBar* bar, int timeoutMs);

    // Shows compose() for the timeout and returns the text shown.
    QString show(Compose compose);
    // Writes the message shown again (call on QEvent::LanguageChange); nothing when it
    // has gone or another message replaced it.
    void retranslate();

private:
    QStatusBar* m_bar;
    int m_timeoutMs;
    Compose m_compose;
    QString m_shown;
    QDeadlineTimer m_deadline;
};

} // namespace lw::ui
