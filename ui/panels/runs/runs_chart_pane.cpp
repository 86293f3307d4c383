#include "ui/panels/runs/runs_chart_pane.h"

#include "ui/widgets/check_box_contrast.h"

#include "ui/widgets/loss_chart.h"
#include "ui/widgets/series_colors.h"

#include <QEvent>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace lw::ui {

namespace {
constexpr int kDefaultSmoothingPercent = 60; // TensorBoard's default, familiar to users
}

RunsChartPane::RunsChartPane(QWidget* parent)
    : QWidget(parent),
      m_chart(new LossChart(this)),
      m_logScale(new QCheckBox(this)),
      m_smoothing(new QSlider(Qt::Horizontal, this)),
      m_smoothingValue(new QLabel(this)),
      m_hint(new QLabel(this)),
      m_smoothingLabel(new QLabel(this)),
      m_export(new QPushButton(this))
{
    m_chart->setObjectName(QStringLiteral("runsChart"));
    m_logScale->setObjectName(QStringLiteral("logScale"));
    keepCheckBoxReadable(m_logScale);
    m_smoothing->setObjectName(QStringLiteral("smoothing"));
    m_export->setObjectName(QStringLiteral("exportChart"));
    m_smoothing->setRange(0, 99);
    m_smoothing->setMaximumWidth(160);
    retranslateUi();

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_hint, 1);
    bar->addWidget(m_logScale);
    bar->addSpacing(12);
    bar->addWidget(m_smoothingLabel);
    bar->addWidget(m_smoothing);
    bar->addWidget(m_smoothingValue);
    bar->addSpacing(12);
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);

    connect(m_logScale, &QCheckBox::toggled, m_chart, &LossChart::setLogScale);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int percent) {
        m_chart->setSmoothing(percent / 100.0);
        m_smoothingValue->setText(QLocale().toString(percent / 100.0, 'f', 2));
    });
    connect(m_export, &QPushButton::clicked, this, &RunsChartPane::exportRequested);
    m_smoothing->setValue(kDefaultSmoothingPercent);
    updateHint();
}

QString RunsChartPane::lossKey(qint64 runId)
{
    return QStringLiteral("run %1/loss").arg(runId);
}

QString RunsChartPane::valLossKey(qint64 runId)
{
    return QStringLiteral("run %1/val_loss").arg(runId);
}

void RunsChartPane::addRunSeries(qint64 runId, const RunState& state)
{
    const QColor color = runColor(runId, palette());
    // With the id: two runs may share a name.
    const QString title = QStringLiteral("#%1 %2").arg(runId).arg(state.name);
    m_chart->addSeries(lossKey(runId), tr("%1 train").arg(title), LossChart::Axis::Left, color);
    m_chart->addSeries(valLossKey(runId), tr("%1 val").arg(title), LossChart::Axis::Left, color);
    m_chart->setSeriesStyle(valLossKey(runId), Qt::DashLine, true);
    // Validation points are few and far apart: smoothing them would only add lag.
    m_chart->setSeriesSmoothed(valLossKey(runId), false);
}

void RunsChartPane::showRuns(const QVector<ShownRun>& runs)
{
    QVector<qint64> order;
    for (const ShownRun& run : runs)
        order.append(run.id);
    for (qint64 id : std::as_const(m_order)) {
        if (order.contains(id))
            continue;
        m_chart->removeSeries(lossKey(id));
        m_chart->removeSeries(valLossKey(id));
        for (const QString& key : std::as_const(m_runs[id].evalKeys))
            m_chart->removeSeries(key);
        m_runs.remove(id);
    }
    for (const ShownRun& run : runs) {
        auto it = m_runs.find(run.id);
        if (it == m_runs.end()) {
            RunState state;
            state.name = run.name;
            state.storeStep = run.storeStep;
            it = m_runs.insert(run.id, state);
            addRunSeries(run.id, state);
        } else {
            it->storeStep = run.storeStep;
            if (it->name != run.name) {
                it->name = run.name;
                addRunSeries(run.id, *it); // same keys: relabels, keeps the points
            }
        }
    }
    m_order = order;
    updateHint();
}

int64_t RunsChartPane::lastDrawnStep(const QString& key) const
{
    const double last = m_chart->lastStep(key);
    return std::isnan(last) ? INT64_MIN : int64_t(last);
}

QVector<CurveRequest> RunsChartPane::takeCurveRequests()
{
    QVector<CurveRequest> requests;
    for (qint64 id : std::as_const(m_order)) {
        RunState& state = m_runs[id];
        if (state.requestedAtStep >= 0 && state.storeStep <= state.requestedAtStep)
            continue;
        requests.append(CurveRequest{id, lastDrawnStep(lossKey(id)), lastDrawnStep(valLossKey(id))});
        state.requestedAtStep = state.storeStep;
    }
    return requests;
}

void RunsChartPane::forgetRequests(const QVector<CurveRequest>& requests)
{
    for (const CurveRequest& request : requests)
        if (m_runs.contains(request.runId))
            m_runs[request.runId].requestedAtStep = -1;
}

void RunsChartPane::applyCurves(const QVector<RunCurves>& curves)
{
    for (const RunCurves& curve : curves) {
        const qint64 id = curve.request.runId;
        if (!m_runs.contains(id))
            continue; // deselected meanwhile
        if (lastDrawnStep(lossKey(id)) != curve.request.lossAfter ||
            lastDrawnStep(valLossKey(id)) != curve.request.valAfter) {
            m_runs[id].requestedAtStep = -1; // drawn from elsewhere meanwhile: ask again
            continue;
        }
        m_chart->appendPoints(lossKey(id), curve.lossSteps, curve.lossValues);
        m_chart->appendPoints(valLossKey(id), curve.valSteps, curve.valValues);
        showEvalCurves(id, curve.evals);
    }
}

QString RunsChartPane::evalKey(qint64 runId, const QString& name)
{
    return QStringLiteral("run %1/eval/%2").arg(runId).arg(name);
}

void RunsChartPane::showEvalCurves(qint64 runId, const QVector<EvalCurve>& curves)
{
    QStringList& keys = m_runs[runId].evalKeys;
    const QColor color = runColor(runId, palette());
    const QString title = QStringLiteral("#%1 %2").arg(runId).arg(m_runs[runId].name);
    QStringList shown;
    for (const EvalCurve& curve : curves) {
        const QString key = evalKey(runId, curve.name);
        // Reloaded whole each time: drawing from scratch keeps a deleted point from lingering.
        m_chart->removeSeries(key);
        m_chart->addSeries(key, QStringLiteral("%1 %2").arg(title, curve.name), LossChart::Axis::Right, color);
        m_chart->setSeriesStyle(key, Qt::DotLine, true);
        m_chart->setSeriesSmoothed(key, false);
        m_chart->appendPoints(key, curve.steps, curve.values);
        shown.append(key);
    }
    for (const QString& key : std::as_const(keys))
        if (!shown.contains(key))
            m_chart->removeSeries(key);
    keys = shown;
}

void RunsChartPane::retranslateUi()
{
    m_logScale->setText(tr("Log scale"));
    m_export->setText(tr("Export…"));
    m_smoothingLabel->setText(tr("Smoothing"));
    m_chart->setAxisLabel(LossChart::Axis::Left, tr("Loss"));
    m_chart->setAxisLabel(LossChart::Axis::Right, tr("Evaluation score"));
    m_smoothingValue->setText(QLocale().toString(m_smoothing->value() / 100.0, 'f', 2));
    m_smoothing->setToolTip(tr("Exponential moving average of the curves; the raw points stay faint behind"));
    m_export->setToolTip(tr("Save the chart as a PNG or SVG image"));
    for (qint64 id : std::as_const(m_order))
        addRunSeries(id, m_runs[id]); // the legend's "train" and "val", in the new language
    updateHint();
}

void RunsChartPane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    if (event->type() == QEvent::PaletteChange) // run colours are lightened on dark palettes
        for (qint64 id : std::as_const(m_order))
            addRunSeries(id, m_runs[id]);
}

void RunsChartPane::updateHint()
{
    m_hint->setText(m_order.isEmpty() ? tr("Select runs in the table to compare their curves.")
                                      : tr("%n run(s) shown", nullptr, int(m_order.size())));
}

} // namespace lw::ui
