#pragma once
// Under the charts: how far the run is (progress bar, step, ETA, throughput, status),
// the text samples it generates as they come (each after its prompt), and once it has
// ended a summary of it with a button that opens its checkpoint folder.
#include "ui/panels/train/run_summary.h"

#include <QWidget>

class QFrame;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace lw::ui {

struct StoredRun;

class RunProgressView : public QWidget {
    Q_OBJECT
public:
    explicit RunProgressView(QWidget* parent = nullptr);

    void clear();
    void setRun(qint64 runId, const QString& name);
    void setProgress(qint64 step, qint64 maxSteps, double etaSeconds, double tokensPerSecond);
    // More than one process: the throughput is also shown per process (rank).
    void setWorldSize(int worldSize);
    // A run status key (run_status_text.h: running, completed, ...) with the worker's
    // reason after it when given; said again in the new language on a language change.
    void setStatus(const QString& key, const QString& reason = QString());
    // Any other translated text (a stage's progress), shown until the next status.
    void setStatusText(const QString& text);
    // A sample at or before the last one shown replaces those from its step on (a run
    // resumed from an earlier checkpoint writes them again).
    void addSample(qint64 step, const QString& prompt, const QString& text);
    int sampleCount() const { return int(m_sampleTexts.size()); }
    // Jobs that write no samples (fine-tunes) hide their place.
    void setSamplesShown(bool shown);
    // The run ended: no time left to show.
    void setEnded();
    void showSummary(const RunSummary& summary);
    // A run as the store keeps it (a panel opened after a restart): its title, the step
    // it reached, its samples and its state, with the error of one that did not finish.
    void showStoredRun(const StoredRun& run);

    QLabel* detailsLabel() const { return m_details; }
    QLabel* summaryLabel() const { return m_summaryText; }
    QPushButton* openFolderButton() const { return m_openFolder; }

    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QPlainTextEdit* samplesView() const { return m_samplesView; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void updateDetails();
    void showStatus();
    struct Sample {
        qint64 step = 0;
        QString prompt;
        QString text;
    };
    void appendSampleHtml(const Sample& sample);
    void rewriteSamples();
    void fitSummary();

    QLabel* m_title;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_details;
    QLabel* m_samplesLabel;
    QPlainTextEdit* m_samplesView;
    QFrame* m_summary;
    QLabel* m_summaryText;
    QPushButton* m_openFolder;
    RunSummary m_summaryData;
    QString m_statusKey; // "" while a free text is shown
    QString m_statusReason;
    qint64 m_step = 0, m_maxSteps = 0;
    double m_eta = -1, m_tokensPerSecond = 0;
    int m_worldSize = 1;
    qint64 m_runId = 0;
    QString m_runName;
    QList<Sample> m_sampleTexts; // to write them again in another language
};

} // namespace lw::ui
