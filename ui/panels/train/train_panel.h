#pragma once
// The Train panel: set a run up (left), start, pause, resume or cancel it, and watch it
// live (right): loss curves, progress with ETA, the samples it writes, and a summary
// once it has ended. Runs train in worker processes; the panel follows one run at a
// time, either a job it started or a run it found training in the project when it
// opened (reattached through the store, and listed with the jobs); with neither, it shows
// the project's last run as the store keeps it. The setup is kept per
// project (saved_train_setup.h) and comes back on the next start; "Copy as llmwb
// command" puts the equivalent command line on the clipboard.
//
// Keyboard: Ctrl+Return trains (from anywhere in the panel), Ctrl+Alt+C copies the
// command.
#include "ui/panels/train/project_catalog.h"
#include "ui/panels/train/run_feed.h"
#include "ui/panels/train/train_jobs.h"

#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;

namespace lw::ui {

class DeviceMemoryProbe;
class JobSupervisor;
class Preferences;
class RunProgressView;
class TrainCharts;
class TrainCheckSection;
class TrainSetupView;
struct DemoProjectInfo;
struct JobEnd;
struct StoredRun;

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
    TrainCheckSection* checkSection() const { return m_check; }
    RunFeed* currentFeed() const { return m_feed; }
    bool isBusy() const; // following a run that has not ended (or about to)
    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* copyCommandButton() const { return m_copyCommand; }
    QAction* copyCommandAction() const { return m_copyCommandAction; }
    QLabel* hintLabel() const { return m_hint; }
    // The `llmwb train` command line of the current setup (what Copy puts on the clipboard).
    QString commandLine() const;
    // The configuration a new run would start from, as the worker gets it.
    QJsonObject configToStart() const;

public Q_SLOTS:
    void startTraining();
    void checkTraining(); // `llmwb train --check` of the setup Start would use
    void pauseTraining();
    void resumeTraining(); // a paused run, or the last run if it can be resumed
    void cancelTraining();
    void togglePause();
    void resumeRun(qint64 runId); // continue a stopped run from its newest checkpoint
    void refreshCatalog();
    void copyCommandLine();

Q_SIGNALS:
    void statusMessage(const QString& text);
    // The followed run ended with this status key (run_status_text.h); runId 0 when the
    // worker stopped before its run began. The window says it in the language shown.
    void runStatusReported(qint64 runId, const QString& status);
    void runsChanged();      // a run started, ended, or changed state in the store
    void catalogRefreshed(); // the datasets and tokenizers shown are up to date
    void runEnded(qint64 runId, const QString& status);
    void summaryShown(qint64 runId); // the summary of an ended run is on screen
    // The project's last run, read from the store when the panel opened on it, is on screen.
    void lastRunShown(qint64 runId);
    void setupSaved(const QString& projectDir);

protected:
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // train_panel.cpp: runs
    void follow(RunFeed* feed);
    void startResumedRun(qint64 runId, const StoredRun& history);
    void onRunEnded(const QString& status, const QString& message);
    bool confirmMemory();
    void setStatusKey(const QString& key);
    void updateButtons();
    void retranslate();
    // train_panel_history.cpp: the last run after a restart
    void showNewestRun();
    void showStoredRun(const StoredRun& run);
    void showSummaryOf(qint64 runId); // reads the store on a pool thread
    NewRunOptions newRunOptions() const; // what Start and Check give the worker
    // train_panel_setup.cpp: what the form shows, and the jobs that feed it
    void onCatalogLoaded(const ProjectCatalog& catalog);
    void restoreSetup(const ProjectCatalog& catalog);
    void scheduleSetupSave();
    void saveSetupNow();
    void updateMemoryBudget();
    void onSideJobEnded(int jobId, const JobEnd& end);
    void trainTokenizer(const QString& kind, int vocabSize, const QString& name);
    void prepareDataset(const QStringList& files, const QString& name);

    JobSupervisor* m_supervisor;
    Preferences* m_preferences;
    DeviceMemoryProbe* m_memory;
    QString m_projectDir;
    TrainSetupView* m_setup;
    TrainCharts* m_charts;
    RunProgressView* m_progress;
    TrainCheckSection* m_check;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QPushButton* m_copyCommand;
    QAction* m_copyCommandAction;
    QLabel* m_hint;
    QPointer<RunFeed> m_feed;
    QString m_statusKey;
    qint64 m_lastRunId = 0;
    bool m_lastRunResumable = false;
    int m_followedWorldSize = 1; // processes of the run followed now
    bool m_resumeStarting = false; // reading a run's history before resuming it
    bool m_reattachOnLoad = false;
    int m_tokenizerJob = 0;
    int m_prepareJob = 0;
    QString m_pendingTokenizer;
    QString m_pendingDataset;
    QString m_pendingPreset;
    QJsonObject m_pendingConfig;
    bool m_catalogLoading = false;
    bool m_catalogAgain = false;
    // The setup is restored once per project opened, and saved only after that (so
    // the defaults shown meanwhile never overwrite what was saved).
    bool m_restoreOnLoad = false;
    bool m_setupRestored = false;
    QTimer m_saveTimer;
};

} // namespace lw::ui
