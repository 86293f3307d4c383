#pragma once
// A short `llmwb ... --json` command (list, show, preview, stats, split, template) run
// as a process of its own: its output is collected as it arrives and its last stdout
// line read as JSON when it exits, so the GUI thread never waits on it. One query at a
// time per object; starting another abandons (kills) the one running, so a view only
// ever shows the answer to its latest question.
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QProcess;

namespace lw::ui::data {

class DataQuery : public QObject {
    Q_OBJECT
public:
    explicit DataQuery(QObject* parent = nullptr);
    ~DataQuery() override;

    void setProgram(const QString& program) { m_program = program; }
    void run(const QStringList& arguments);
    void abandon();
    bool isRunning() const { return m_process != nullptr; }

    // What the worker printed as its error: the message of its stderr's last
    // "error: " line, else the whole of stderr, else the exit status.
    static QString errorText(const QByteArray& stderrBytes, int exitCode);

Q_SIGNALS:
    void succeeded(const QJsonObject& result);
    // It exited non-zero, could not start, or printed no JSON object.
    void failed(const QString& message);

private:
    void onFinished(int exitCode);

    QString m_program;
    QPointer<QProcess> m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

} // namespace lw::ui::data
