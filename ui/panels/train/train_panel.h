#pragma once
// The Train panel: set a run up (left), start, pause, resume or cancel it, and watch it
// live (right): loss curves, progress with ETA, and the samples it writes. Runs train in
// worker processes; the panel follows one run at a time, either a job it started or a
// run it found training in the project when it opened (reattached through the store).
#include "ui/panels/train/project_catalog.h"
#include "ui/panels/train/run_feed.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace lw::ui {

class JobSupervisor;
class Preferences;
class RunProgressView;
class TrainCharts;
class TrainSetupView;
struct DemoProjectInfo;
struct JobEnd;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    TrainPanel(JobSupervisor* supervisor, Preferences* preferences, QWidget* parent = nullptr);
    ~TrainPanel() override;

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    // Selects the demo dataset, preset and configuration (once the catalog has them).
    void applyDemo(const DemoProjectInfo& demo);
    // Adds text files to the dataset input (drag and drop, the File menu).
    void addTextFiles(const QStringList& paths);

    TrainSetupView* setupView() const { return m_setup; }
    TrainCharts* charts() const { return m_charts; }
    RunProgressView* progressView() const { return m_progress; }
    RunFeed* currentFeed() const { return m_feed; }
    bool isBusy() const; // following a run that has not ended
    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* cancelButton() const { return m_cancel; }

public Q_SLOTS:
    void startTraining();
    void pauseTraining();
    void resumeTraining(); // a paused run, or the last run if it can be resumed
    void cancelTraining();
    void togglePause();
    void resumeRun(qint64 runId); // continue a stopped run from its newest checkpoint
    void refreshCatalog();

Q_SIGNALS:
    void statusMessage(const QString& text);
    void runsChanged();      // a run started, ended, or changed state in the store
    void catalogRefreshed(); // the datasets and tokenizers shown are up to date
    void runEnded(qint64 runId, const QString& status);

protected:
    void changeEvent(QEvent* event) override;

private:
    void follow(RunFeed* feed);
    void onRunEnded(const QString& status, const QString& message);
    void onCatalogLoaded(const ProjectCatalog& catalog);
    void onSideJobEnded(int jobId, const JobEnd& end);
    void trainTokenizer(const QString& kind, int vocabSize, const QString& name);
    void prepareDataset(const QStringList& files, const QString& name);
    void setStatusKey(const QString& key);
    void updateButtons();
    void retranslate();

    JobSupervisor* m_supervisor;
    Preferences* m_preferences;
    QString m_projectDir;
    TrainSetupView* m_setup;
    TrainCharts* m_charts;
    RunProgressView* m_progress;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QLabel* m_hint;
    QPointer<RunFeed> m_feed;
    QString m_statusKey;
    qint64 m_lastRunId = 0;
    bool m_lastRunResumable = false;
    bool m_reattachOnLoad = false;
    int m_tokenizerJob = 0;
    int m_prepareJob = 0;
    QString m_pendingTokenizer;
    QString m_pendingDataset;
    QString m_pendingPreset;
    QJsonObject m_pendingConfig;
    bool m_catalogLoading = false;
    bool m_catalogAgain = false;
};

} // namespace lw::ui
