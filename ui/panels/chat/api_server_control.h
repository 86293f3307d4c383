#pragma once
// Serves the chosen model over the OpenAI-compatible local API: one button starts
// `llmwb serve --events` as a job of the app (listed in the status bar, where it can be
// cancelled too) and stops it again; a label shows the address once it listens.
#include "ui/panels/chat/generation_types.h"

#include <QWidget>

#include <functional>

class QJsonObject;
class QLabel;
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

    void setPort(int port) { m_port = port; } // 0: any free port (the label shows which)
    bool isServing() const { return m_jobId != 0; }
    QString url() const { return m_url; } // empty until the server listens
    QToolButton* button() const { return m_button; }
    QLabel* addressLabel() const { return m_address; }

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
    QLabel* m_address;
    int m_port = 8080; // the port OpenAI clients are usually pointed at for local servers
    int m_jobId = 0;
    QString m_url;
    QString m_error;
};

} // namespace lw::ui
