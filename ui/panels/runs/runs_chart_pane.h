#pragma once
// The overlay of the selected runs' curves: training loss (solid) and validation loss
// (dashed, with markers) per run, and the scores of its evaluated checkpoints (dotted,
// right axis), one colour per run (from its id), with a log-scale switch, a
// smoothing slider and an export button. It knows what it has drawn and asks only for
// the points after that, so a running run's curves grow as the panel refreshes.
#include "ui/panels/runs/runs_store_jobs.h"

#include <QHash>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;

namespace lw::ui {

class LossChart;

class RunsChartPane : public QWidget {
    Q_OBJECT
public:
    struct ShownRun {
        qint64 id = 0;
        QString name;
        qint64 storeStep = 0; // the run's step in the store: more points when it grew
    };

    explicit RunsChartPane(QWidget* parent = nullptr);

    static QString lossKey(qint64 runId);
    static QString valLossKey(qint64 runId);
    // A score of the run's evaluated checkpoints (right axis, dotted with markers).
    static QString evalKey(qint64 runId, const QString& name);

    // Shows these runs and no others (renames update the legend).
    void showRuns(const QVector<ShownRun>& runs);
    QVector<qint64> shownRuns() const { return m_order; }
    // The loads that would bring the shown runs up to their store step; each is marked
    // as asked for, so the next call does not ask again.
    QVector<CurveRequest> takeCurveRequests();
    // Appends loaded points; results for runs no longer shown, or drawn since the
    // request was made, are dropped (and asked for again).
    void applyCurves(const QVector<RunCurves>& curves);
    // Forget what was asked for but not delivered (a failed load), to ask again.
    void forgetRequests(const QVector<CurveRequest>& requests);

    LossChart* chart() const { return m_chart; }
    QCheckBox* logScaleBox() const { return m_logScale; }
    QSlider* smoothingSlider() const { return m_smoothing; }
    QPushButton* exportButton() const { return m_export; }

Q_SIGNALS:
    void exportRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    struct RunState {
        QString name;
        qint64 storeStep = 0;
        qint64 requestedAtStep = -1; // the store step the last request covered
        QStringList evalKeys;        // its evaluation curves on the chart
    };
    void showEvalCurves(qint64 runId, const QVector<EvalCurve>& curves);
    void addRunSeries(qint64 runId, const RunState& state);
    int64_t lastDrawnStep(const QString& key) const;
    void updateHint();

    LossChart* m_chart;
    QCheckBox* m_logScale;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QLabel* m_hint;
    QLabel* m_smoothingLabel;
    QPushButton* m_export;
    QVector<qint64> m_order;
    QHash<qint64, RunState> m_runs;
};

} // namespace lw::ui
