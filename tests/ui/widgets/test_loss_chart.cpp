// LossChart: point counts, the moving average against an independent computation,
// log scale, automatic ranges and user zoom, PNG/SVG export, and replot coalescing.
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolTip>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using lw::ui::LossChart;

class TestLossChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendedPointsAreCounted();
    void earlierStepReplacesTheTail();
    void smoothingIsAnExponentialMovingAverage_data();
    void smoothingIsAnExponentialMovingAverage();
    void smoothingFollowsAppendsIncrementally();
    void smoothingZeroDrawsRawOnly();
    void unsmoothedSeriesIgnoresSmoothing();
    void logScaleSwitchesTheAxisType();
    void autoRangeCoversTheDataUntilTheUserZooms();
    void rightAxisAppearsForRightSeries();
    void hoveringAPointShowsItsValue();
    void pngExportHasTheRequestedSize();
    void svgExportIsXmlWithAPath();
    void exportToAMissingFolderFails();
    void replotsAreCoalesced();
    void removingSeriesForgetsThem();
};

namespace {

// The curve the tests draw: falling with a wiggle, like a training loss.
double lossAt(int step)
{
    return 2.0 + 6.0 * std::exp(-step / 300.0) + 0.2 * std::sin(step * 0.7);
}

QVector<double> graphValues(QCPGraph* graph)
{
    QVector<double> values;
    for (const QCPGraphData& point : *graph->data())
        values.append(point.value);
    return values;
}

} // namespace

void TestLossChart::appendedPointsAreCounted()
{
    LossChart chart;
    chart.addSeries("run 1/loss", "run 1", LossChart::Axis::Left);
    QVERIFY(chart.hasSeries("run 1/loss"));
    QVERIFY(!chart.hasSeries("run 2/loss"));
    for (int step = 1; step <= 250; ++step)
        chart.appendPoint("run 1/loss", step, lossAt(step));
    QCOMPARE(chart.pointCount("run 1/loss"), 250);

    QVector<double> steps, values;
    for (int step = 251; step <= 1000; ++step) {
        steps.append(step);
        values.append(lossAt(step));
    }
    chart.appendPoints("run 1/loss", steps, values);
    QCOMPARE(chart.pointCount("run 1/loss"), 1000);
    QCOMPARE(chart.lastStep("run 1/loss"), 1000.0);
    QCOMPARE(chart.rawGraph("run 1/loss")->data()->at(999)->value, lossAt(1000));

    // Points for an unknown series go nowhere, and it stays unknown.
    chart.appendPoint("nope", 1, 1);
    QCOMPARE(chart.pointCount("nope"), 0);
    QVERIFY(!chart.hasSeries("nope"));
}

void TestLossChart::earlierStepReplacesTheTail()
{
    // A run resumed from its step-600 checkpoint logs steps 601.. again.
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    for (int step = 1; step <= 1000; ++step)
        chart.appendPoint("loss", step, lossAt(step));
    chart.appendPoints("loss", {601, 602}, {0.5, 0.25});
    QCOMPARE(chart.pointCount("loss"), 602);
    QCOMPARE(chart.rawGraph("loss")->data()->at(600)->value, 0.5);
    QCOMPARE(chart.rawGraph("loss")->data()->at(601)->value, 0.25);
    chart.appendPoint("loss", 602, 0.125); // the same step again replaces it
    QCOMPARE(chart.pointCount("loss"), 602);
    QCOMPARE(chart.rawGraph("loss")->data()->at(601)->value, 0.125);
}

void TestLossChart::smoothingIsAnExponentialMovingAverage_data()
{
    QTest::addColumn<double>("factor");
    QTest::newRow("0.3") << 0.3;
    QTest::newRow("0.6") << 0.6;
    QTest::newRow("0.95") << 0.95;
    QTest::newRow("0.99 (the maximum)") << 0.99;
    QTest::newRow("1.5 is clamped to 0.99") << 1.5;
}

void TestLossChart::smoothingIsAnExponentialMovingAverage()
{
    QFETCH(double, factor);
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    QVector<double> steps, values;
    for (int step = 1; step <= 500; ++step) {
        steps.append(step);
        values.append(step == 100 ? std::nan("") : lossAt(step)); // one NaN: a gap
    }
    chart.appendPoints("loss", steps, values);
    chart.setSmoothing(factor);
    const double f = std::min(factor, 0.99);
    QCOMPARE(chart.smoothing(), f);

    // s_0 = v_0, s_i = f * s_(i-1) + (1 - f) * v_i, skipping the NaN.
    QVector<double> expected;
    double s = 0;
    bool started = false;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        s = started ? f * s + (1 - f) * v : v;
        started = true;
        expected.append(s);
    }
    const QVector<double> smoothed = graphValues(chart.smoothedGraph("loss"));
    QCOMPARE(smoothed.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(smoothed[i] - expected[i]) <= 1e-12 * std::abs(expected[i]),
            qPrintable(QString("point %1: %2 vs %3").arg(i).arg(smoothed[i]).arg(expected[i])));
    QCOMPARE(chart.rawGraph("loss")->dataCount(), 500); // raw points are all kept
    QVERIFY(chart.smoothedGraph("loss")->visible());
}

void TestLossChart::smoothingFollowsAppendsIncrementally()
{
    // Smoothing on first, then points one by one and in batches: the same curve as
    // smoothing the finished series.
    LossChart live;
    live.setSmoothing(0.8);
    live.addSeries("loss", "loss", LossChart::Axis::Left);
    for (int step = 1; step <= 300; ++step)
        live.appendPoint("loss", step, lossAt(step));
    QVector<double> steps, values;
    for (int step = 301; step <= 600; ++step) {
        steps.append(step);
        values.append(lossAt(step));
    }
    live.appendPoints("loss", steps, values);

    LossChart after;
    after.addSeries("loss", "loss", LossChart::Axis::Left);
    for (int step = 1; step <= 600; ++step)
        after.appendPoint("loss", step, lossAt(step));
    after.setSmoothing(0.8);

    const QVector<double> a = graphValues(live.smoothedGraph("loss"));
    const QVector<double> b = graphValues(after.smoothedGraph("loss"));
    QCOMPARE(a.size(), 600);
    for (int i = 0; i < a.size(); ++i)
        QVERIFY(std::abs(a[i] - b[i]) <= 1e-12 * std::abs(b[i]));
}

void TestLossChart::smoothingZeroDrawsRawOnly()
{
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    chart.setSmoothing(0.5);
    for (int step = 1; step <= 10; ++step)
        chart.appendPoint("loss", step, lossAt(step));
    QCOMPARE(chart.smoothedGraph("loss")->dataCount(), 10);
    // The raw curve is faint under the smoothed one...
    QVERIFY(chart.rawGraph("loss")->pen().color().alpha() < 255);
    chart.setSmoothing(0);
    // ...and the only, full-strength curve without smoothing.
    QCOMPARE(chart.smoothedGraph("loss")->dataCount(), 0);
    QVERIFY(!chart.smoothedGraph("loss")->visible());
    QCOMPARE(chart.rawGraph("loss")->pen().color().alpha(), 255);
    QCOMPARE(chart.plot()->legend->itemCount(), 1);
}

void TestLossChart::unsmoothedSeriesIgnoresSmoothing()
{
    LossChart chart;
    chart.addSeries("loss", "train", LossChart::Axis::Left);
    chart.addSeries("val", "val", LossChart::Axis::Left);
    chart.setSeriesSmoothed("val", false);
    chart.setSmoothing(0.9);
    for (int step = 10; step <= 100; step += 10) {
        chart.appendPoint("loss", step, lossAt(step));
        chart.appendPoint("val", step, lossAt(step));
    }
    QCOMPARE(chart.smoothedGraph("loss")->dataCount(), 10);
    QCOMPARE(chart.smoothedGraph("val")->dataCount(), 0);
    QCOMPARE(chart.rawGraph("val")->pen().color().alpha(), 255);
    QVERIFY(chart.rawGraph("loss")->pen().color().alpha() < 255);
    chart.setSeriesSmoothed("val", true); // and back: smoothed from the points it has
    QCOMPARE(chart.smoothedGraph("val")->dataCount(), 10);
    QCOMPARE(chart.smoothedGraph("val")->data()->at(9)->value, chart.smoothedGraph("loss")->data()->at(9)->value);
}

void TestLossChart::logScaleSwitchesTheAxisType()
{
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    double low = 1e9, high = 0;
    for (int step = 1; step <= 100; ++step) {
        chart.appendPoint("loss", step, lossAt(step));
        low = std::min(low, lossAt(step));
        high = std::max(high, lossAt(step));
    }
    chart.appendPoint("loss", 101, 0.0); // zero cannot be shown on a log axis: ignored there
    QVERIFY(!chart.logScale());
    QCOMPARE(chart.plot()->yAxis->scaleType(), QCPAxis::stLinear);
    chart.setLogScale(true);
    QVERIFY(chart.logScale());
    QCOMPARE(chart.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    chart.replotNow();
    for (double tick : chart.plot()->yAxis->tickVector())
        QVERIFY(tick > 0);
    const QCPRange range = chart.plot()->yAxis->range();
    QVERIFY(range.lower > 0); // a log axis cannot start at or below zero
    QVERIFY(range.lower <= low && range.lower > low / 2);
    QVERIFY(range.upper >= high && range.upper < high * 2);
    chart.setLogScale(false);
    QCOMPARE(chart.plot()->yAxis->scaleType(), QCPAxis::stLinear);
}

void TestLossChart::autoRangeCoversTheDataUntilTheUserZooms()
{
    LossChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    chart.appendPoints("loss", {10, 20, 30}, {5.0, 3.0, 4.0});
    chart.replotNow();
    QCPRange x = chart.plot()->xAxis->range();
    QCPRange y = chart.plot()->yAxis->range();
    QVERIFY(x.lower <= 10 && x.upper >= 30);
    QVERIFY(y.lower <= 3.0 && y.upper >= 5.0 && y.upper < 6.0);
    chart.appendPoint("loss", 400, 1.0);
    chart.replotNow();
    QVERIFY(chart.plot()->xAxis->range().upper >= 400);

    // The user zooms in: new points no longer move the view.
    chart.plot()->xAxis->setRange(15, 25);
    QVERIFY(!chart.autoRange());
    chart.appendPoint("loss", 500, 0.5);
    chart.replotNow();
    QCOMPARE(chart.plot()->xAxis->range().upper, 25.0);

    // A double-click brings the automatic view back.
    QTest::mouseDClick(chart.plot(), Qt::LeftButton, {}, chart.plot()->rect().center());
    QVERIFY(chart.autoRange());
    chart.replotNow();
    QVERIFY(chart.plot()->xAxis->range().upper >= 500);
}

void TestLossChart::rightAxisAppearsForRightSeries()
{
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    QVERIFY(!chart.plot()->yAxis2->visible());
    chart.addSeries("lr", "learning rate", LossChart::Axis::Right);
    chart.setAxisLabel(LossChart::Axis::Right, "Learning rate");
    QVERIFY(chart.plot()->yAxis2->visible());
    QCOMPARE(chart.plot()->yAxis2->label(), QString("Learning rate"));
    QCOMPARE(chart.rawGraph("lr")->valueAxis(), chart.plot()->yAxis2);
    chart.appendPoints("lr", {1, 2, 3}, {6e-4, 5e-4, 4e-4});
    chart.appendPoints("loss", {1, 2, 3}, {9.0, 8.0, 7.0});
    chart.replotNow();
    QVERIFY(chart.plot()->yAxis2->range().upper < 1e-3);
    QVERIFY(chart.plot()->yAxis->range().upper > 8.0);
    chart.removeSeries("lr");
    QVERIFY(!chart.plot()->yAxis2->visible());
}

void TestLossChart::hoveringAPointShowsItsValue()
{
    LossChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "run 7 train", LossChart::Axis::Left);
    chart.setSmoothing(0);
    chart.appendPoints("loss", {100, 200, 300}, {4.0, 3.0, 2.5});
    chart.replotNow();
    QCustomPlot* plot = chart.plot();
    const QPoint onPoint(int(plot->xAxis->coordToPixel(200)), int(plot->yAxis->coordToPixel(3.0)));
    // A hover (no button held), delivered straight to the plot: QTest's moves inherit
    // the button state earlier tests left behind.
    auto hover = [plot](QPoint at) {
        QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(plot->mapToGlobal(at)), Qt::NoButton,
            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
    };
    hover(onPoint);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains("run 7 train"), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains("Step 200"));
    // Anywhere above or below the step shows its values too; outside the plot, none.
    hover(QPoint(onPoint.x() + 3, int(plot->yAxis->coordToPixel(3.9))));
    QVERIFY(QToolTip::text().contains("Step 200"));
    hover(QPoint(onPoint.x(), plot->axisRect()->bottom() + 10));
    QTRY_VERIFY(!QToolTip::isVisible());
}

void TestLossChart::pngExportHasTheRequestedSize()
{
    QTemporaryDir dir;
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left, Qt::red);
    for (int step = 1; step <= 2000; ++step)
        chart.appendPoint("loss", step, lossAt(step));
    const QString path = dir.filePath("chart.png");
    QVERIFY(chart.savePng(path, 640, 360));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(640, 360));
    // The curve was drawn: some pixels are the series' red.
    int red = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            red += c.red() > 200 && c.green() < 80 && c.blue() < 80;
        }
    QVERIFY2(red > 100, qPrintable(QString::number(red)));
}

void TestLossChart::svgExportIsXmlWithAPath()
{
    QTemporaryDir dir;
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    for (int step = 1; step <= 500; ++step)
        chart.appendPoint("loss", step, lossAt(step));
    const QString path = dir.filePath("chart.svg");
    QVERIFY(chart.saveSvg(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString root;
    int paths = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (root.isEmpty())
            root = xml.name().toString();
        paths += xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline");
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(root, QString("svg"));
    QVERIFY(paths > 0);
}

void TestLossChart::exportToAMissingFolderFails()
{
    QTemporaryDir dir;
    LossChart chart;
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    chart.appendPoint("loss", 1, 1);
    QVERIFY(!chart.savePng(dir.filePath("missing/chart.png")));
    QVERIFY(!chart.saveSvg(dir.filePath("missing/chart.svg")));
}

void TestLossChart::replotsAreCoalesced()
{
    LossChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    QSignalSpy replots(&chart, &LossChart::replotted);

    // A tight loop: no replot at all until the event loop runs, then one.
    for (int step = 1; step <= 10000; ++step)
        chart.appendPoint("loss", step, lossAt(step));
    QCOMPARE(replots.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(replots.count(), 1, 2000);
    QTest::qWait(100);
    QCOMPARE(replots.count(), 1);

    // Points arriving while the event loop runs: at most about 30 replots a second.
    replots.clear();
    QElapsedTimer elapsed;
    elapsed.start();
    for (int step = 10001; step <= 20000; ++step) {
        chart.appendPoint("loss", step, lossAt(step));
        QCoreApplication::processEvents();
        if (step % 50 == 0)
            QTest::qWait(1); // let timers fire, as a GUI thread between events would
    }
    QTRY_VERIFY(replots.count() >= 1);
    const double seconds = elapsed.elapsed() / 1000.0;
    QVERIFY2(replots.count() <= seconds * 31 + 2,
        qPrintable(QString("%1 replots in %2 s").arg(replots.count()).arg(seconds)));
    QVERIFY(replots.count() < 10000 / 20);
    QCOMPARE(chart.pointCount("loss"), 20000);
}

void TestLossChart::removingSeriesForgetsThem()
{
    LossChart chart;
    chart.addSeries("a", "a", LossChart::Axis::Left);
    chart.addSeries("b", "b", LossChart::Axis::Left);
    chart.appendPoint("a", 1, 1);
    QCOMPARE(chart.seriesKeys(), QStringList({"a", "b"}));
    QCOMPARE(chart.plot()->graphCount(), 4); // raw and smoothed per series
    chart.removeSeries("a");
    QVERIFY(!chart.hasSeries("a"));
    QCOMPARE(chart.pointCount("a"), 0);
    QCOMPARE(chart.plot()->graphCount(), 2);
    chart.clearSeries();
    QVERIFY(chart.seriesKeys().isEmpty());
    QCOMPARE(chart.plot()->graphCount(), 0);
    QVERIFY(!chart.plot()->legend->visible());
}

LW_TEST_MAIN(TestLossChart)
#include "test_loss_chart.moc"
