#pragma once
// The Quantize panel: pick a model, a method and its settings, see the size to expect,
// run `llmwb quantize` (or `llmwb prune`) and then `llmwb quant-report` as one queue
// (progress with ETA, Cancel stops it and keeps nothing of the running job), and compare
// every quality report of one original model in a table and a size-against-perplexity
// chart, with the per-matrix error of the selected report. Store reads run on pool
// threads. Keys: Ctrl+Return run, Esc cancel, F5 read the store again.
#include "ui/panels/evaluate/eval_store_reader.h"
#include "ui/panels/models/model_entry.h"
#include "ui/panels/quantize/quant_report_table.h"

#include <QJsonArray>
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
class EvalQueue;
class QueueProgressView;
}

namespace lw::ui::quantize {

class QuantizeForm;
class QuantReportTable;
struct QuantizeRequest;

class QuantizePanel : public QWidget {
    Q_OBJECT
public:
    explicit QuantizePanel(JobSupervisor* supervisor, QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    void refresh(); // reads the models, datasets and reports again

    QuantizeRequest currentRequest() const;
    // false (and a message) when the form is not complete. An importance matrix file is
    // read first, off the GUI thread: the jobs start once it loads, else startRefused.
    bool run();
    void cancel();

    QuantizeForm* form() const { return m_form; }
    evaluate::EvalQueue* queue() const { return m_queue; }
    QuantReportTable* reportTable() const { return m_reports; }
    QComboBox* referenceFilter() const { return m_referenceFilter; }
    QCustomPlot* sizeChart() const { return m_sizeChart; }
    QCustomPlot* errorChart() const { return m_errorChart; }
    QTabWidget* tabs() const { return m_tabs; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QLabel* messageLabel() const { return m_message; }
    QLabel* jobLabel() const;
    bool isLoading() const { return m_loading != 0; }

Q_SIGNALS:
    void listed();           // the store was read and the views filled
    void matrixErrorsShown(); // the selected report's per-matrix chart was drawn
    void queueFinished(int succeeded, int failed, bool cancelled);
    void modelsChanged();    // a new model joined the project
    void statusMessage(const QString& text);
    void startRefused(const QString& why); // a file the form names did not load
    void setupRestored();                  // the project's saved setup was read (and applied when there was one)

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void layOut(); // the shared queue panel layout (queue_panel_layout.h)
    void connectQueue();
    void applyListing(const evaluate::EvaluationListing& listing);
    void fillReferenceFilter();
    QString referenceName(const QString& reference) const;
    QList<QuantReportFigures> chartedReports() const;
    void onSelectionChanged();
    void drawErrors();
    void updateActions();
    bool startJobs(const QuantizeRequest& request);
    void restoreSavedSetup();
    void showProblem(const QString& text);
    void retranslate();

    JobSupervisor* m_supervisor;
    QString m_projectDir;
    QList<evaluate::StoredEvaluation> m_reportsStored;
    QJsonArray m_errorRows;   // the per-matrix chart's rows, redrawn on a language change
    QString m_errorModel;     // and the model they belong to ("" when none is selected)
    int m_loading = 0;
    int m_listGeneration = 0;
    int m_errorGeneration = 0;
    bool m_checkingFiles = false; // the importance file is being read before the start
    QuantizeForm* m_form;
    evaluate::EvalQueue* m_queue;
    QuantReportTable* m_reports;
    QComboBox* m_referenceFilter;
    QLabel* m_referenceLabel;
    QCustomPlot* m_sizeChart;
    QCustomPlot* m_errorChart;
    QTabWidget* m_tabs;
    QPushButton* m_runButton;
    QPushButton* m_cancelButton;
    QLabel* m_message;
    evaluate::QueueProgressView* m_progress;
    QAction* m_runAction;
    QAction* m_cancelAction;
    QAction* m_refreshAction;
};

} // namespace lw::ui::quantize
