#pragma once
// Under the charts: how far the run is (progress bar, step, ETA, throughput, status)
// and the text samples it generates as they come.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;

namespace lw::ui {

class RunProgressView : public QWidget {
    Q_OBJECT
public:
    explicit RunProgressView(QWidget* parent = nullptr);

    void clear();
    void setRun(qint64 runId, const QString& name);
    void setProgress(qint64 step, qint64 maxSteps, double etaSeconds, double tokensPerSecond);
    // A translated status sentence ("Training", "Paused", "Cancelled", ...).
    void setStatusText(const QString& text);
    void addSample(qint64 step, const QString& text);
    int sampleCount() const { return m_samples; }

    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QPlainTextEdit* samplesView() const { return m_samplesView; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateDetails();
    void appendSampleHtml(qint64 step, const QString& text);

    QLabel* m_title;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_details;
    QLabel* m_samplesLabel;
    QPlainTextEdit* m_samplesView;
    QString m_statusText;
    qint64 m_step = 0, m_maxSteps = 0;
    double m_eta = -1, m_tokensPerSecond = 0;
    int m_samples = 0;
    qint64 m_runId = 0;
    QString m_runName;
    QList<QPair<qint64, QString>> m_sampleTexts; // to write them again in another language
};

} // namespace lw::ui
