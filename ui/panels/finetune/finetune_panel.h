#pragma once
// The Fine-tune panel: pick a base model and a dataset, a method and an objective and
// their settings; check the fine-tune (`llmwb finetune --check`) and see what it will
// learn from and cost, with errors blocking the start; start, pause, resume and cancel
// it as a worker process; watch its curves (and, for preference objectives, its
// rewards with an explanation when they puzzle); then read the base's and the
// fine-tuned model's answers side by side (a classifier's accuracy and confusion
// matrices), chat with the adapter, or merge it into a
// model of the project. "Fine-tune the demo model" runs `llmwb finetune --demo`. The
// project's earlier fine-tunes are listed above the curves (PastFinetunesBox) and shown
// from the store, the newest when the project opens.
#include "ui/panels/finetune/finetune_catalog.h"
#include "ui/panels/finetune/finetune_command_line.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace lw::ui {
class JobSupervisor;
class JobRunFeed;
class RunProgressView;
struct JobEnd;
struct StoredRun;
} // namespace lw::ui

namespace lw::ui::finetune {

class CheckReportView;
class ClassificationResultView;
class ComparisonTable;
class FinetuneCharts;
class FinetuneForm;
class PastFinetunesBox;

class FinetunePanel : public QWidget {
    Q_OBJECT
public:
    explicit FinetunePanel(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    // Reads the project's models and datasets again (after a run, an import, ...).
    void refresh();

    // The request the form describes (demo: what --demo fills in is left to it).
    FinetuneRequest currentRequest(bool demo = false) const;
    void check();
    void start();
    void startDemo();
    // Continues an interrupted or cancelled fine-tune, its curves so far drawn first.
    void resumeRun(qint64 runId);
    bool isRunning() const;
    // Shows a fine-tune of the project from the store: its settings, curves (rewards
    // too), answers and state; Resume is offered when it was interrupted or cancelled.
    // Ignored while a fine-tune runs here. The newest is shown when a project opens.
    void showPastRun(qint64 runId);

    FinetuneForm* form() const { return m_form; }
    CheckReportView* checkView() const { return m_check; }
    FinetuneCharts* charts() const { return m_charts; }
    ComparisonTable* comparisonTable() const { return m_comparison; }
    ClassificationResultView* classificationView() const { return m_classification; }
    PastFinetunesBox* pastFinetunes() const { return m_pastRuns; }
    RunProgressView* progressView() const { return m_progress; }
    QPushButton* checkButton() const { return m_checkButton; }
    QPushButton* startButton() const { return m_startButton; }
    QPushButton* pauseButton() const { return m_pauseButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QPushButton* demoButton() const { return m_demoButton; }
    QPushButton* chatButton() const { return m_chatButton; }
    QPushButton* mergeButton() const { return m_mergeButton; }
    QLabel* blockedLabel() const { return m_blocked; }
    qint64 runId() const { return m_runId; }
    QString adapterDir() const { return m_adapterDir; }

Q_SIGNALS:
    void catalogLoaded();
    void checkFinished();
    void runEnded(const QString& status);
    void runsChanged();
    // A fine-tune read from the store is on screen (showPastRun, or the newest on opening).
    void pastRunShown(qint64 runId);
    void statusMessage(const QString& message);
    // The Processes box and the tasks were kept in `projectDir` (finetune-setup.json).
    void setupSaved(const QString& projectDir);
    // "Chat with it": the base run whose checkpoint to load, and the adapter folder ("" for
    // a full fine-tune, whose own run is then `baseRunId`).
    void chatRequested(qint64 baseRunId, const QString& adapterDir);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildSetup();
    QWidget* buildRunArea();
    void applyCatalog(const FinetuneCatalog& catalog);
    void startRequest(const FinetuneRequest& request);
    void followJob(int jobId, const FinetuneRequest& request);
    void onOtherEvent(int jobId, const QString& type, const QJsonObject& event);
    void onRunEnded(const QString& status, const QString& message);
    // finetune_panel_history.cpp
    void showStoredRun(const StoredRun& run);
    // The method, base and base run of the run's configuration (as stored or as started).
    void adoptRunConfig(const QJsonObject& config);
    // The adapter and the side-by-side answers the run left in its folder.
    void loadRunFolder();
    void onCheckEnded(const JobEnd& end);
    void togglePause();
    void mergeAdapter();
    void chatWithIt();
    void updateButtons();
    // Keeps the Processes box and the tasks in the project (finetune-setup.json).
    void saveSetup();
    void updateComparisonTitle();
    // A classifier's accuracy and confusion matrices in place of the answers side by side
    // (an empty report: the answers again).
    void showClassification(const QJsonObject& report);
    void retranslate();

    JobSupervisor* m_supervisor;
    QString m_projectDir;
    FinetuneForm* m_form;
    CheckReportView* m_check;
    FinetuneCharts* m_charts;
    RunProgressView* m_progress;
    ComparisonTable* m_comparison;
    ClassificationResultView* m_classification;
    PastFinetunesBox* m_pastRuns;
    QLabel* m_demoText;
    QWidget* m_demoBanner;
    QLabel* m_blocked;
    QLabel* m_afterRun;
    QLabel* m_comparisonTitle;
    QPushButton* m_demoButton;
    QPushButton* m_checkButton;
    QPushButton* m_startButton;
    QPushButton* m_pauseButton;
    QPushButton* m_cancelButton;
    QPushButton* m_chatButton;
    QPushButton* m_mergeButton;
    int m_checkJob = 0;
    int m_runJob = 0;
    bool m_checkReported = false;
    QStringList m_checkedArguments; // the command line the report answers
    QPointer<JobRunFeed> m_feed;
    bool m_paused = false;
    int m_runWorldSize = 1; // processes of the fine-tune followed now
    // The run being followed, or the last one.
    qint64 m_runId = 0;
    QString m_runDir;
    QString m_runName;
    QString m_runMethod;
    QString m_baseSpec;
    qint64 m_baseRunId = 0;
    QString m_adapterDir;
    QString m_endStatus;
    int m_catalogGeneration = 0;
    bool m_showNewestOnLoad = false; // the project was just opened
    int m_pastRunGeneration = 0;     // the last store read asked for
    QString m_setupProject; // the project whose kept Processes box and tasks the form shows
    struct SetupKeeper;
    std::shared_ptr<SetupKeeper> m_setupKeeper;
};

} // namespace lw::ui::finetune
