#pragma once
// The Train panel's pre-flight check: the Check button runs `llmwb train --check` as a
// job (never on the GUI thread) on the setup Start would use, and shows its report:
// dataset and run size, memory by part, time per step and in total, disk for the
// checkpoints kept, and each finding in plain words. An error blocks Start until the
// setup changes (which clears the report) and a new check passes.
#include "ui/panels/train/train_jobs.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;

namespace lw::ui {

class TrainCheckSection : public QWidget {
    Q_OBJECT
public:
    TrainCheckSection(JobSupervisor* supervisor, QWidget* parent = nullptr);

    // Starts the check of a new run of `options` (ignored while one runs).
    void check(const NewRunOptions& options);
    // The setup or project changed: the report no longer answers it, and a check still
    // running is stopped and its report ignored.
    void clear();

    QPushButton* checkButton() const { return m_button; }
    QLabel* figuresLabel() const { return m_figures; }
    QLabel* findingsLabel() const { return m_findings; }
    bool isChecking() const { return m_job != 0; }
    bool hasReport() const { return !m_report.isEmpty(); }
    bool blocking() const { return m_report.value(QLatin1String("blocking")).toBool(); }
    // The error findings in plain words, one per line.
    QString blockingReason() const;
    QStringList findingTexts() const; // "Error: …", "Warning: …"

    // A finding in plain words, from its code and the report; core's message for codes
    // this does not know.
    static QString findingText(const QJsonObject& finding, const QJsonObject& report);

Q_SIGNALS:
    void stateChanged(); // a check started, ended, or its report was cleared
    void checkFinished();

protected:
    void changeEvent(QEvent* event) override;

private:
    void onJobEnded(int jobId, const JobEnd& end);
    void render();

    JobSupervisor* m_supervisor;
    QPushButton* m_button;
    QLabel* m_figures;
    QLabel* m_findings;
    QJsonObject m_report;
    QString m_failure;
    int m_job = 0;
    bool m_reported = false;
};

} // namespace lw::ui
