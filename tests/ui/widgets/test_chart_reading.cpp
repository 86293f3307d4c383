// Reading a LossChart: one number format per axis (fixed or scientific with one
// exponent, never both), tick labels under 1 on a log scale, the UI language's digits,
// a legend that never covers the plot, the values of every series at the hovered step,
// and run colours that do not depend on the order runs are shown in. Labels are parsed
// back and compared with the tick values the axis computed.
#include "ui/widgets/axis_number_format.h"
#include "ui/widgets/check_box_contrast.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/series_colors.h"
#include "test_registry.h"

#include <QApplication>
#include <QCheckBox>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOptionButton>
#include <QLocale>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QToolTip>
#include <QtTest>

#include <cmath>

using lw::ui::AxisNumberFormat;
using lw::ui::LossChart;

namespace {

const QString kTimesTen = QString(QChar(0x00b7)) + QStringLiteral("10");

// The value a label writes, read back independently of the code that wrote it:
// "1,5" and "7,5·10⁻⁵" in Vietnamese, "3.099" with a group separator.
double parseLabel(QString label, const QLocale& locale)
{
    double scale = 1;
    const int times = label.indexOf(kTimesTen);
    if (times >= 0) {
        QString exponent = label.mid(times + kTimesTen.size());
        static const QString superscripts = QString::fromUtf8("⁰¹²³⁴⁵⁶⁷⁸⁹");
        int value = 0;
        int sign = 1;
        for (const QChar c : exponent) {
            if (c == QChar(0x207b))
                sign = -1;
            else
                value = value * 10 + int(superscripts.indexOf(c));
        }
        scale = std::pow(10.0, sign * value);
        label = label.left(times);
    }
    bool ok = false;
    const double mantissa = locale.toDouble(label, &ok);
    return ok ? mantissa * scale : std::nan("");
}

// The exponent a scientific label carries, or 0 for a fixed one.
QString exponentPart(const QString& label)
{
    const int times = label.indexOf(kTimesTen);
    return times < 0 ? QString() : label.mid(times);
}

QSet<QString> formatsOf(const QVector<QString>& labels)
{
    QSet<QString> kinds;
    for (const QString& label : labels)
        if (label != QLatin1String("0"))
            kinds.insert(label.contains(kTimesTen) ? exponentPart(label) : QStringLiteral("fixed"));
    return kinds;
}

// Decimals after the locale's decimal point (0 when there is none).
int decimalsOf(const QString& label, const QLocale& locale)
{
    const QString mantissa = label.contains(kTimesTen) ? label.left(label.indexOf(kTimesTen)) : label;
    const int point = mantissa.indexOf(locale.decimalPoint());
    return point < 0 ? 0 : int(mantissa.size() - point - 1);
}

void hover(QCustomPlot* plot, QPoint at)
{
    QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(plot->mapToGlobal(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
}

} // namespace

class TestChartReading : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void axisFormatIsUniform_data();
    void axisFormatIsUniform();
    void learningRateAxisNeverMixesFormats();
    void logScaleLabelsValuesBelowOne();
    void numbersFollowTheUiLanguage();
    void legendNeverCoversThePlot();
    void hoverListsEverySeriesAtTheStep();
    void runColourComesFromTheRunId();
    void checkBoxesReadOnDarkPalettes();
};

void TestChartReading::cleanup()
{
    QLocale::setDefault(QLocale::c());
    QToolTip::hideText();
}

void TestChartReading::axisFormatIsUniform_data()
{
    QTest::addColumn<QVector<double>>("ticks");
    QTest::addColumn<bool>("scientific");
    QTest::newRow("losses") << QVector<double>{1.0, 1.5, 2.0, 2.5} << false;
    QTest::newRow("steps") << QVector<double>{0, 2000, 4000, 6000} << false;
    QTest::newRow("learning rates") << QVector<double>{0, 2.5e-5, 5e-5, 7.5e-5, 1e-4} << true;
    QTest::newRow("small and fine") << QVector<double>{0.0001, 0.00015, 0.0002} << true;
    QTest::newRow("a million steps") << QVector<double>{0, 5e5, 1e6, 1.5e6} << true;
    QTest::newRow("negative") << QVector<double>{-0.4, -0.2, 0, 0.2} << false;
}

void TestChartReading::axisFormatIsUniform()
{
    QFETCH(QVector<double>, ticks);
    QFETCH(bool, scientific);
    const QLocale locale(QLocale::English);
    const AxisNumberFormat format = lw::ui::chooseAxisNumberFormat(ticks);
    QCOMPARE(format.scientific, scientific);
    QVector<QString> labels;
    for (double tick : ticks)
        labels.append(lw::ui::formatAxisNumber(tick, format, locale));
    QVERIFY2(formatsOf(labels).size() == 1, qPrintable(labels.toList().join(" ")));
    int decimals = -1;
    for (int i = 0; i < ticks.size(); ++i) {
        // Every label reads back as its tick, in the same number of decimals.
        QVERIFY2(std::abs(parseLabel(labels[i], locale) - ticks[i]) <= 1e-9 * std::max(1.0, std::abs(ticks[i])),
                 qPrintable(labels[i]));
        if (labels[i] == QLatin1String("0"))
            continue;
        if (decimals >= 0)
            QCOMPARE(decimalsOf(labels[i], locale), decimals);
        decimals = decimalsOf(labels[i], locale);
    }
}

void TestChartReading::learningRateAxisNeverMixesFormats()
{
    // The values that drew "0.0001" beside "7.5·10⁻⁵": a warm-up then a cosine decay.
    LossChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("lr", "learning rate", LossChart::Axis::Right);
    QVector<double> steps, values;
    for (int step = 1; step <= 400; ++step) {
        steps.append(step);
        values.append(step <= 40 ? 1e-4 * step / 40 : 1e-5 + 0.5 * 9e-5 * (1 + std::cos(M_PI * (step - 40) / 360.0)));
    }
    chart.appendPoints("lr", steps, values);
    chart.replotNow();
    const QVector<QString> labels = chart.plot()->yAxis2->tickVectorLabels();
    const QVector<double> ticks = chart.plot()->yAxis2->tickVector();
    QVERIFY(labels.size() >= 3);
    QVERIFY2(formatsOf(labels).size() == 1, qPrintable(labels.toList().join(" ")));
    for (int i = 0; i < labels.size(); ++i)
        QVERIFY2(std::abs(parseLabel(labels[i], QLocale::c()) - ticks[i]) <= 1e-12, qPrintable(labels[i]));
}

void TestChartReading::logScaleLabelsValuesBelowOne()
{
    LossChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    QVector<double> steps, values;
    for (int step = 1; step <= 300; ++step) {
        steps.append(step);
        values.append(0.25 + 3.5 * std::exp(-step / 40.0)); // 3.7 down to 0.25
    }
    chart.appendPoints("loss", steps, values);
    chart.setLogScale(true);
    chart.replotNow();
    const QVector<QString> labels = chart.plot()->yAxis->tickVectorLabels();
    const QVector<double> ticks = chart.plot()->yAxis->tickVector();
    const QCPRange range = chart.plot()->yAxis->range();
    int belowOne = 0, inside = 0;
    for (int i = 0; i < ticks.size(); ++i) {
        QVERIFY2(std::abs(parseLabel(labels[i], QLocale::c()) - ticks[i]) <= 1e-9, qPrintable(labels[i]));
        QVERIFY2(!labels[i].contains(kTimesTen), qPrintable(labels[i])); // 0.5, not 5·10⁻¹
        if (ticks[i] >= range.lower && ticks[i] <= range.upper) {
            ++inside;
            belowOne += ticks[i] < 1 ? 1 : 0;
        }
    }
    QVERIFY2(belowOne >= 2, qPrintable(labels.toList().join(" ")));
    QVERIFY2(inside >= 4, qPrintable(labels.toList().join(" ")));
}

void TestChartReading::numbersFollowTheUiLanguage()
{
    const QLocale vietnamese(QLocale::Vietnamese, QLocale::Vietnam);
    QCOMPARE(vietnamese.decimalPoint(), QString(","));
    QCOMPARE(vietnamese.groupSeparator(), QString("."));
    QLocale::setDefault(vietnamese);
    LossChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "loss", LossChart::Axis::Left);
    chart.appendPoints("loss", {1000, 3099, 6000}, {1.8, 1.5, 1.13});
    chart.replotNow();
    const QVector<QString> steps = chart.plot()->xAxis->tickVectorLabels();
    const QVector<double> stepTicks = chart.plot()->xAxis->tickVector();
    bool grouped = false;
    for (int i = 0; i < steps.size(); ++i) {
        QCOMPARE(parseLabel(steps[i], vietnamese), stepTicks[i]);
        grouped = grouped || steps[i].contains(QLatin1Char('.'));
    }
    QVERIFY2(grouped, qPrintable(steps.toList().join(" "))); // "2.000", "4.000"
    for (const QString& label : chart.plot()->yAxis->tickVectorLabels())
        QVERIFY2(!label.contains(QLatin1Char('.')), qPrintable(label)); // "1,5", never "1.5"
    const QString text = chart.valuesText(3099);
    QVERIFY2(text.contains(QStringLiteral("3.099")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1,5")), qPrintable(text));
}

void TestChartReading::legendNeverCoversThePlot()
{
    LossChart chart;
    chart.resize(520, 360);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    for (int run = 1; run <= 8; ++run) {
        for (const char* kind : {"train", "val"}) {
            const QString key = QStringLiteral("run %1/%2").arg(run).arg(kind);
            chart.addSeries(key, QStringLiteral("#%1 a longer run name %2").arg(run).arg(kind), LossChart::Axis::Left);
            chart.appendPoints(key, {1, 50, 100}, {5.0 - run * 0.1, 3.0, 2.0 + run * 0.05});
        }
    }
    chart.replotNow();
    QCustomPlot* plot = chart.plot();
    QCOMPARE(plot->legend->itemCount(), 16);
    const QRect data = plot->axisRect()->rect();
    const QRect legend = plot->legend->outerRect();
    QVERIFY2(!legend.intersects(data), qPrintable(QString("legend %1,%2 %3x%4").arg(legend.x()).arg(legend.y())
                                                      .arg(legend.width()).arg(legend.height())));
    // Every entry is inside the widget: wrapped onto rows, not cut off at the side.
    for (int i = 0; i < plot->legend->itemCount(); ++i) {
        const QRect item = plot->legend->item(i)->outerRect();
        QVERIFY2(plot->rect().contains(item), qPrintable(QString::number(i)));
    }
    QVERIFY(plot->legend->rowCount() > 1);
}

void TestChartReading::hoverListsEverySeriesAtTheStep()
{
    LossChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries("loss", "Training loss", LossChart::Axis::Left);
    chart.addSeries("val", "Validation loss", LossChart::Axis::Left);
    chart.setSeriesSmoothed("val", false);
    chart.addSeries("lr", "Learning rate", LossChart::Axis::Right);
    chart.setSeriesSmoothed("lr", false);
    chart.setSmoothing(0.6);
    QVector<double> steps, losses, rates;
    for (int step = 1; step <= 200; ++step) {
        steps.append(step);
        losses.append(3.0 - step * 0.01);
        rates.append(6e-4 * (1 - step / 400.0));
    }
    chart.appendPoints("loss", steps, losses);
    chart.appendPoints("lr", steps, rates);
    chart.appendPoints("val", {100, 200}, {1.13, 1.05});
    chart.replotNow();

    QCustomPlot* plot = chart.plot();
    const QPoint at(int(plot->xAxis->coordToPixel(150.2)), plot->axisRect()->center().y());
    hover(plot, at);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString text = QToolTip::text();
    QVERIFY2(text.contains("Step 150"), qPrintable(text));
    for (const char* label : {"Training loss", "Validation loss", "Learning rate"})
        QVERIFY2(text.contains(label), qPrintable(text));
    // The sparse series: its last evaluation, as measured, and where it was taken.
    QVERIFY2(text.contains("1.13") && text.contains("at step 100"), qPrintable(text));
    // The learning rate in its axis' format: the exponent the tick labels carry.
    const QSet<QString> rateFormats = formatsOf(plot->yAxis2->tickVectorLabels());
    QCOMPARE(rateFormats.size(), 1);
    const QString rateText = chart.formatForAxis(LossChart::Axis::Right, rates[149]);
    QVERIFY2(text.contains(rateText.toHtmlEscaped()), qPrintable(text));
    QCOMPARE(formatsOf({rateText}), rateFormats);
    QVERIFY(std::abs(parseLabel(rateText, QLocale::c()) - rates[149]) <= rates[149] * 1e-3);
    // The training loss, raw and smoothed: the value measured at step 150.
    QVERIFY2(text.contains(chart.formatForAxis(LossChart::Axis::Left, losses[149])), qPrintable(text));
    QVERIFY2(text.contains("smoothed"), qPrintable(text));
}

void TestChartReading::runColourComesFromTheRunId()
{
    const QPalette light = QApplication::palette();
    // The same run, the same colour, wherever it comes in a selection...
    QCOMPARE(lw::ui::runColor(7, light), lw::ui::runColor(7, light));
    // ...and neighbouring runs, the ones most often compared, apart.
    for (qint64 id = 1; id < 30; ++id)
        QVERIFY(lw::ui::runColor(id, light) != lw::ui::runColor(id + 1, light));
    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    // On a dark background every run colour stands out (WCAG contrast at least 3).
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double base = luminance(dark.color(QPalette::Base));
    for (qint64 id = 0; id < 10; ++id) {
        const double contrast = (luminance(lw::ui::runColor(id, dark)) + 0.05) / (base + 0.05);
        QVERIFY2(contrast >= 3.0, qPrintable(QString("run %1: %2").arg(id).arg(contrast)));
    }
}

void TestChartReading::checkBoxesReadOnDarkPalettes()
{
    // The app's style and dark palette (ui/shell/theme.cpp), on a chart's tool row.
    QWidget row;
    row.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette dark = row.palette();
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    row.setPalette(dark);
    row.setAutoFillBackground(true);
    auto* box = new QCheckBox(QStringLiteral("Log scale"), &row);
    box->setStyle(row.style());
    box->adjustSize();
    row.resize(box->size() + QSize(8, 8));
    // The strongest contrast inside the unticked square, against the window around it.
    auto squareContrast = [&] {
        const QImage image = row.grab().toImage();
        QStyleOptionButton option;
        option.initFrom(box);
        const QRect square = box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box)
                                 .translated(box->pos());
        auto luminance = [](const QColor& c) {
            auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
        };
        const double window = luminance(dark.color(QPalette::Window));
        double best = 1;
        for (int y = square.top(); y <= square.bottom(); ++y)
            for (int x = square.left(); x <= square.right(); ++x) {
                const double l = luminance(image.pixelColor(x, y));
                best = std::max(best, (std::max(l, window) + 0.05) / (std::min(l, window) + 0.05));
            }
        return best;
    };
    const double before = squareContrast();
    lw::ui::keepCheckBoxReadable(box);
    const double after = squareContrast();
    qInfo("contrast in the unticked square: %.2f without, %.2f with", before, after);
    QVERIFY2(after >= 2.0 && after > before, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    // Back on a light palette, the box takes the palette as it is.
    row.setPalette(row.style()->standardPalette());
    QCOMPARE(box->palette().color(QPalette::Window), row.palette().color(QPalette::Window));
}

LW_TEST_MAIN(TestChartReading)
#include "test_chart_reading.moc"
