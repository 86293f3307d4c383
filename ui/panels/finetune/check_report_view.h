#pragma once
// The pre-flight check of a fine-tune (`llmwb finetune --check`) as the panel shows it:
// what will train (rows, tokens, trainable parameters and their share), what it will
// cost (memory by part, time per step and in total, disk for the checkpoints) and each
// finding in plain words (a classification check's rows by class and findings:
// classification_check_text.h). Errors block the start; blockingReason() says why.
#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace lw::ui::finetune {

class CheckReportView : public QWidget {
    Q_OBJECT
public:
    explicit CheckReportView(QWidget* parent = nullptr);

    // The `check` event's fields (finetune_check.h or classification_check.h toJson()).
    void setReport(const QJsonObject& report);
    // A check that could not run (the worker's error).
    void setFailure(const QString& message);
    void setRunning();
    void clear();

    bool hasReport() const { return !m_report.isEmpty(); }
    const QJsonObject& report() const { return m_report; }
    bool blocking() const;
    // The error findings, in plain words, one per line ("" when nothing blocks).
    QString blockingReason() const;
    // Every finding as shown ("Error: ...", "Warning: ...").
    QStringList findingTexts() const;
    QLabel* figuresLabel() const { return m_figures; }
    QLabel* findingsLabel() const { return m_findings; }

    // A finding in plain words, from its code and the report's counts; core's own
    // message for codes this does not know.
    static QString findingText(const QJsonObject& finding, const QJsonObject& report);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    QJsonObject m_report;
    QString m_failure;
    bool m_running = false;
    QLabel* m_title;
    QLabel* m_figures;
    QLabel* m_findings;
};

} // namespace lw::ui::finetune
