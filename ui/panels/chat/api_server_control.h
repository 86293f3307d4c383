#pragma once
// Serves the chosen model over the OpenAI-compatible local API: one button starts
// `llmwb serve --events` as a job of the app (listed in the status bar, where it can be
// cancelled too) and stops it again, on the port chosen beside it (remembered between
// sessions); a label shows the address once it listens, and why it stopped when it
// could not serve (a word-wrapped label the panel places where it has room).
#include "ui/panels/chat/generation_types.h"

#include <QWidget>

#include <functional>

class QJsonObject;
class QLabel;
class QSpinBox;
class QToolButton;

namespace lw::ui {

class JobSupervisor;
struct JobEnd;

class ApiServerControl : public QWidget {
    Q_OBJECT
public:
    // `currentModel` and `projectDir` are asked at each start.
    ApiServerControl(JobSupervisor* supervisor, std::function<ModelChoice()> currentModel,
                     std::function<QString()> projectDir, QWidget* parent = nullptr);

    static constexpr int kDefaultPort = 8080; // where OpenAI clients are usually pointed for local servers

    // 0: any free port (the label shows which). Remembered for the next session.
    void setPort(int port);
    int port() const;
    bool isServing() const { return m_jobId != 0; }
    QString url() const { return m_url; } // empty until the server listens
    QToolButton* button() const { return m_button; }
    QSpinBox* portBox() const { return m_portBox; }
    QLabel* addressLabel() const { return m_address; }
    QLabel* errorLabel() const { return m_errorLabel; }

    void start();
    void stop();

Q_SIGNALS:
    void listening(const QString& url);
    void stopped(const QString& error); // empty error: stopped as asked

protected:
    void changeEvent(QEvent* event) override;

private:
    void onEvent(int jobId, const QString& type, const QJsonObject& event);
    void onEnded(int jobId, const JobEnd& end);
    void retranslate();

    JobSupervisor* m_supervisor;
    std::function<ModelChoice()> m_currentModel;
    std::function<QString()> m_projectDir;
    QToolButton* m_button;
    QLabel* m_portLabel;
    QSpinBox* m_portBox;
    QLabel* m_address;
    QLabel* m_errorLabel;
    int m_jobId = 0;
    QString m_url;
    QString m_error;
};

} // namespace lw::ui
