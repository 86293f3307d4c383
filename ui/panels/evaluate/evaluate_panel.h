#pragma once
// The Evaluate panel: pick models and a task with its settings, run one `llmwb eval`
// worker per model in turn (progress with ETA per job and overall, Cancel stops the
// job and the queue); read the project's stored evaluations in a table filtered by
// task with a chart of the selected ones' scores, the selected evaluation's examples,
// a multiple-choice evaluation's figures by subject (several side by side), and two
// evaluations compared example by example; scrub a run's checkpoints (each
// evaluated in turn, charted against the training step with the run's earlier
// evaluations); delete an evaluation after asking. Store reads run on pool threads.
// Keys: Ctrl+Return run, Esc cancel, Delete delete, F5 read the store again.
#include "ui/panels/evaluate/eval_command_line.h"
#include "ui/panels/evaluate/eval_store_reader.h"

#include <QWidget>

class QAction;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTabWidget;

namespace lw::ui {
class JobSupervisor;
}

namespace lw::ui::evaluate {

class EvalExamplesView;
class EvalForm;
class EvalQueue;
class EvalResultsTable;
class EvalSubjectsView;
class QueueProgressView;

class EvaluatePanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluatePanel(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    // Reads the models, the runs and the evaluations again.
    void refresh();

    // The form's request with the project filled in.
    EvalRequest currentRequest() const;
    // One job per ticked model; false (and a message) when the form is not complete.
    bool run();
    void cancel();
    // Evaluates each checkpoint of `runId` not yet evaluated with the form's task and
    // data, one job each.
    bool scrubRun(qint64 runId);
    void deleteEvaluation(qint64 id); // without asking

    const QList<StoredEvaluation>& evaluations() const { return m_listing.evaluations; }
    const QList<ScrubbableRun>& scrubbableRuns() const { return m_listing.runs; }
    // The evaluations drawn on the checkpoints chart: the chosen run's, of the form's task.
    QList<StoredEvaluation> scrubEvaluations() const;

    EvalForm* form() const { return m_form; }
    EvalQueue* queue() const { return m_queue; }
    EvalResultsTable* resultsTable() const { return m_results; }
    QComboBox* taskFilter() const { return m_taskFilter; }
    QCustomPlot* scoreChart() const { return m_scoreChart; }
    QCustomPlot* stepChart() const { return m_stepChart; }
    EvalExamplesView* examplesView() const { return m_examples; }
    EvalExamplesView* compareView() const { return m_compare; }
    EvalSubjectsView* subjectsView() const { return m_subjects; }
    QTabWidget* tabs() const { return m_tabs; }
    QComboBox* scrubRunBox() const { return m_scrubRun; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QPushButton* scrubButton() const { return m_scrubButton; }
    QPushButton* deleteButton() const { return m_deleteButton; }
    QLabel* messageLabel() const { return m_message; }
    QLabel* jobLabel() const;
    QLabel* overallLabel() const;
    QAction* runAction() const { return m_runAction; }
    QAction* cancelAction() const { return m_cancelAction; }
    QAction* deleteAction() const { return m_deleteAction; }
    bool isLoading() const { return m_loading != 0; }

public Q_SLOTS:
    void deleteSelectedWithQuestion();

Q_SIGNALS:
    void listed();          // the store was read and the views filled
    void examplesShown();   // the per-example view or the comparison was filled
    void queueFinished(int succeeded, int failed, bool cancelled);
    void statusMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void layOut(); // the shared queue panel layout (queue_panel_layout.h)
    void connectQueue();
    void applyListing(const EvaluationListing& listing);
    void onSelectionChanged();
    void loadExamples(const QList<StoredEvaluation>& selected);
    void updateStepChart();
    void updateActions();
    void showProblem(const QString& text);
    void retranslate();

    JobSupervisor* m_supervisor;
    QString m_projectDir;
    EvaluationListing m_listing;
    int m_loading = 0;        // store reads in flight
    int m_listGeneration = 0; // older answers are dropped
    int m_exampleGeneration = 0;
    qint64 m_scrubbingRun = 0;
    EvalForm* m_form;
    EvalQueue* m_queue;
    EvalResultsTable* m_results;
    QComboBox* m_taskFilter;
    QCustomPlot* m_scoreChart;
    QCustomPlot* m_stepChart;
    EvalExamplesView* m_examples;
    EvalExamplesView* m_compare;
    EvalSubjectsView* m_subjects;
    QTabWidget* m_tabs;
    QComboBox* m_scrubRun;
    QLabel* m_scrubLabel;
    QLabel* m_filterLabel;
    QPushButton* m_runButton;
    QPushButton* m_cancelButton;
    QPushButton* m_scrubButton;
    QPushButton* m_deleteButton;
    QLabel* m_message;
    QueueProgressView* m_progress;
    QAction* m_runAction;
    QAction* m_cancelAction;
    QAction* m_deleteAction;
    QAction* m_refreshAction;
};

} // namespace lw::ui::evaluate
