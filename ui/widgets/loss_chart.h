#pragma once
// A live chart of training curves (QCustomPlot underneath), built to keep up with runs
// that log every step: appending is O(1) amortised, the smoothed curve and the axis
// ranges are updated incrementally, and replots are coalesced by a timer (at most about
// 30 per second) instead of one per point.
//
// Mouse: drag pans, the wheel zooms (both stop the automatic ranging), a double-click
// goes back to the automatic view; hovering marks the step under the cursor and lists
// every series' value there. The legend sits above the plot, never over the curves;
// each axis labels its ticks in one number format of the UI language (axis_tickers.h).
#include "ui/widgets/series_extent.h"

#include <QColor>
#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QMouseEvent;

namespace lw::ui {

class LossChart : public QWidget {
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    explicit LossChart(QWidget* parent = nullptr);
    ~LossChart() override;

    void setAxisLabel(Axis axis, const QString& label);
    // A series is one metric of one run; key is unique, e.g. "run 3/loss". Adding an
    // existing key replaces its label, axis and colour and keeps its points. An invalid
    // colour picks the next one of the chart's palette.
    void addSeries(const QString& key, const QString& label, Axis axis, const QColor& color = QColor());
    void removeSeries(const QString& key);
    void clearSeries();
    bool hasSeries(const QString& key) const;
    QStringList seriesKeys() const;
    // Steps are expected in increasing order. A step at or before the last one replaces
    // the tail from that step on (a run resumed from an earlier checkpoint logs again).
    void appendPoint(const QString& key, double step, double value);
    void appendPoints(const QString& key, const QVector<double>& steps, const QVector<double>& values);
    int pointCount(const QString& key) const;
    double lastStep(const QString& key) const; // NaN when the series is empty or unknown
    // Dashed validation curves with markers next to solid training curves, for example.
    void setSeriesStyle(const QString& key, Qt::PenStyle style, bool markers);
    // Whether the chart's smoothing applies to this series (default yes). A sparse
    // series, such as a validation loss every few hundred steps, reads better raw.
    void setSeriesSmoothed(const QString& key, bool smoothed);

    void setLogScale(bool on); // left axis logarithmic
    bool logScale() const;
    void setSmoothing(double factor); // 0 = raw, up to 0.99: exponential moving average shown over faint raw points
    double smoothing() const;
    // Back to the automatic view (what a double-click does).
    void resetView();
    bool autoRange() const { return m_autoRange; }

    bool savePng(const QString& path, int width = 0, int height = 0);
    bool saveSvg(const QString& path); // via QSvgGenerator (Qt6::Svg)
    void replotNow();
    QCustomPlot* plot();
    // The graphs behind a series (nullptr for an unknown key): the raw points, and the
    // moving average (empty while smoothing is 0).
    QCPGraph* rawGraph(const QString& key) const;
    QCPGraph* smoothedGraph(const QString& key) const;

    // What hovering at `step` shows: the nearest step any series has a point at, then
    // each series' value there (a sparse series: its last point at or before it), in
    // the number format of the series' axis. Rich text; "" when no series has points.
    QString valuesText(double step) const;
    // The step a hover at `step` snaps to (NaN when no series has points).
    double snappedStep(double step) const;
    // The format the axis labelled its ticks with at the last replot.
    QString formatForAxis(Axis axis, double value) const;

Q_SIGNALS:
    void replotted(); // after every (throttled) replot

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Series {
        QString label;
        Axis axis = Axis::Left;
        QColor color;
        int paletteIndex = -1; // >= 0: a palette colour, re-picked when the theme changes
        Qt::PenStyle style = Qt::SolidLine;
        bool markers = false;
        bool smoothable = true;
        QCPGraph* raw = nullptr;
        QCPGraph* smoothed = nullptr;
        SeriesExtent extent;
        ExponentialMovingAverage average;
    };

    Series* find(const QString& key);
    const Series* find(const QString& key) const;
    void appendOne(Series& series, double step, double value);
    void truncateFrom(Series& series, double step);
    void rebuildSummaries(Series& series);
    void rebuildSmoothed(Series& series);
    double smoothingOf(const Series& series) const { return series.smoothable ? m_smoothing : 0.0; }
    void applySeriesLook(Series& series);
    void applyTheme();
    void applyAutoRange();
    void updateAxesAndLegend();
    void updateLegendColumns();
    void scheduleReplot();
    void prepareDrawing(); // the automatic ranges and the locale, before any drawing
    void render(bool immediate);
    QSize exportSize(int width, int height) const;
    void onUserRangeChange();
    void showValueTooltip(QMouseEvent* event);
    void hideHover();

    QCustomPlot* m_plot = nullptr;
    QHash<QString, Series> m_series;
    QStringList m_order; // insertion order, for the legend and the palette
    int m_nextColor = 0;
    double m_smoothing = 0;
    bool m_logScale = false;
    bool m_autoRange = true;
    bool m_settingRange = false; // our own setRange calls must not look like the user's
    QTimer m_replotTimer;
    QCPItemStraightLine* m_hoverLine = nullptr; // the step under the cursor
};

} // namespace lw::ui
