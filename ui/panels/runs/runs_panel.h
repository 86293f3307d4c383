#pragma once
// The Runs panel: every run of the project's store in a sortable, filterable table;
// the selected runs' curves overlaid in a chart and their configs side by side; the
// current run's samples, details, tags and notes; rename, tag, note, delete, resume and
// export. All store access runs on a worker thread (StoreTaskQueue), so neither a big
// metric series nor deleting gigabytes of checkpoints blocks the GUI; failures show in
// the panel, never as a crash.
//
// Keyboard: Delete deletes the selected runs (after asking), F2 renames, Ctrl+E
// exports their metrics as CSV, Ctrl+F goes to the filter, F5 refreshes.
#include <QElapsedTimer>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

namespace lw::store {
class Store;
}

namespace lw::ui {

class ConfigDiffView;
class LossChart;
class RunDetailsPane;
class RunsChartPane;
class RunsFilterBar;
class RunsFilterProxy;
class RunsTableModel;
class StoreTaskQueue;
struct RunsSnapshot;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);
    ~RunsPanel() override;

    void setProjectDir(const QString& dir); // opens the project's store (lw::store::Project::open + openStoreForListing), lists its runs
    QString projectDir() const;
    void refresh(); // re-reads the store (the shell calls it when a job event arrives; also poll every ~2 s while visible)

    // The selected runs in table order, and the one the details are about (-1: none).
    QVector<qint64> selectedRunIds() const;
    qint64 currentRunId() const;
    void selectRuns(const QVector<qint64>& runIds);

    // The actions, also callable without their keys and buttons.
    void renameCurrentRun();   // F2: edits the name in the table
    void deleteSelectedRuns(); // Delete: asks (with what and how much will go), then deletes
    void resumeCurrentRun();   // emits resumeRequested for an interrupted or cancelled run
    void exportMetricsWithDialog(); // Ctrl+E: the selected runs' metrics as CSV, to a file picked
    void exportChartWithDialog();   // the chart's Export button: PNG or SVG
    bool exportChart(const QString& path);       // by suffix: .svg, else PNG
    void exportMetricsCsv(const QString& path);  // selected runs; exportFinished tells when

    bool isBusy() const;      // store work queued or running
    QString errorText() const; // the error shown in the panel, "" when none

    // Parts, for the shell (and tests, which click them as a user would).
    QTableView* table() const { return m_table; }
    RunsTableModel* runsModel() const { return m_model; }
    RunsFilterProxy* proxy() const { return m_proxy; }
    RunsFilterBar* filterBar() const { return m_filterBar; }
    RunsChartPane* chartPane() const { return m_chartPane; }
    LossChart* chart() const;
    ConfigDiffView* configDiff() const { return m_configDiff; }
    RunDetailsPane* details() const { return m_details; }
    QPlainTextEdit* samplesView() const { return m_samples; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* errorBanner() const { return m_errorBanner; }
    QAction* resumeAction() const { return m_resumeAction; }

Q_SIGNALS:
    void resumeRequested(qint64 runId); // the shell starts `llmwb train --resume <id>` in a worker
    void finetuneResumeRequested(qint64 runId); // a fine-tune: `llmwb finetune --resume <id>`
    void statusMessage(const QString& text);
    void runsRefreshed(); // the table shows the store as just read, or the error why not
    void curvesLoaded();  // points asked for by the chart have arrived
    void samplesLoaded();
    void checkpointsLoaded(); // the details list the current run's checkpoints
    void datasetLineageLoaded(); // the details name the current run's dataset and its versions
    void storeChanged();  // a rename, tag, note or deletion has been written
    void exportFinished(const QString& path, bool ok);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void retranslateUi(); // every visible text, again after a language change
    void buildActions();
    void buildLayout();
    void startRefresh();
    void refreshAfterWrite();
    void applyRuns(RunsSnapshot snapshot);
    void syncSelection();
    void updateConfigDiff();
    void requestCurves();
    void loadSamples(qint64 runId, qint64 atStep);
    void updateActions();
    void updateCount();
    void writeToStore(std::function<void(lw::store::Store&)> write, const QString& doneMessage);
    void showError(const QString& text);
    QString askExportPath(const QString& title, const QStringList& filters, const QString& suggested);
    QString suggestedExportPath(const QString& suffix) const;
    void clearError();

    StoreTaskQueue* m_tasks;
    RunsTableModel* m_model;
    RunsFilterProxy* m_proxy;
    RunsFilterBar* m_filterBar;
    QTableView* m_table;
    QTabWidget* m_tabs;
    RunsChartPane* m_chartPane;
    ConfigDiffView* m_configDiff;
    QPlainTextEdit* m_samples;
    RunDetailsPane* m_details;
    QLabel* m_errorBanner;
    QLabel* m_countLabel;
    QAction* m_resumeAction = nullptr;
    QAction* m_renameAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_refreshAction = nullptr;

    QTimer m_pollTimer;      // every ~2 s while visible
    QTimer m_refreshDelay;   // spaces out refresh() calls that come in bursts
    QElapsedTimer m_sinceRefresh;
    bool m_refreshInFlight = false;
    bool m_refreshAgain = false;
    bool m_curvesInFlight = false;
    bool m_curvesAgain = false;
    QStringList m_allTags;
    QString m_diffSignature; // runs and names the config diff shows
    qint64 m_samplesRunId = -1;
    qint64 m_samplesAtStep = -1;
};

} // namespace lw::ui
