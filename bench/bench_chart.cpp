// Loss chart speed: how fast points go in, and how long a replot takes once a series
// holds 100k, 200k and 500k points (a noisy falling loss curve, drawn raw and smoothed,
// as the Runs and Train panels show it), in a chart the size of a panel (1200x600).
//
//   bench_chart [--replots N]    (N: replots measured per size, default 50)
// Each measured replot appends 10 new points first (a live run), then renders for real:
// the plot's layers are drawn (replot with immediate refresh) and the widget is grabbed
// into a pixmap. Wall time is what a user waits; the GUI thread's CPU time is reported
// next to it, since on a busy machine the wall time also counts waits for a core.
// Runs offscreen. Prints one human line per size, then one JSON line (top-level numbers
// are those of the 100k size, the goal being under 16 ms).
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

using lw::ui::LossChart;

namespace {

struct SizeResult {
    int points = 0;
    double appendPointsPerS = 0;   // bulk appends of 1000 points (append calls only)
    double appendBatchMs = 0;      // median time of one 1000-point batch
    double singleAppendPerS = 0;   // appendPoint one at a time
    double replotMsMedian = 0;     // replot + grab
    double replotMsMax = 0;
    double drawOnlyMsMedian = 0;   // QCustomPlot's own replot time (layers only)
    double replotCpuMsMedian = 0;  // CPU time of the GUI thread for replot + grab
};

// CPU time of this thread: on a busy machine (other builds running) it says what the
// chart costs, where wall time also counts the waits for a core.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec * 1e-6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// A falling loss with noise: what a language model's training curve looks like.
class LossCurve {
public:
    double at(int step)
    {
        const double trend = 2.0 + 8.5 * std::exp(-step / 4000.0);
        return trend * (1.0 + 0.08 * m_noise(m_random));
    }

private:
    std::mt19937 m_random{1337};
    std::normal_distribution<double> m_noise{0.0, 1.0};
};

SizeResult measure(int points, int replots)
{
    SizeResult result;
    result.points = points;
    LossChart chart;
    chart.resize(1200, 600);
    chart.show();
    chart.setSmoothing(0.6);
    chart.addSeries("run 1/loss", "run 1 loss", LossChart::Axis::Left);
    LossCurve curve;

    // The curve is generated first, so that only appending is timed.
    std::vector<double> curveValues(size_t(points) + size_t(replots) * 10);
    for (size_t i = 0; i < curveValues.size(); ++i)
        curveValues[i] = curve.at(int(i));

    constexpr int kBatch = 1000;
    std::vector<double> batchMs;
    double appendMsTotal = 0;
    QVector<double> steps(kBatch), values(kBatch);
    int step = 0;
    for (; step + kBatch <= points; step += kBatch) {
        for (int i = 0; i < kBatch; ++i) {
            steps[i] = step + i;
            values[i] = curveValues[size_t(step + i)];
        }
        QElapsedTimer timer;
        timer.start();
        chart.appendPoints("run 1/loss", steps, values);
        batchMs.push_back(timer.nsecsElapsed() * 1e-6);
        appendMsTotal += batchMs.back();
    }
    result.appendPointsPerS = points / (appendMsTotal * 1e-3);
    result.appendBatchMs = median(batchMs);

    // The same number of points once more, one call per point, in a second series.
    chart.addSeries("run 2/loss", "run 2 loss", LossChart::Axis::Left);
    QElapsedTimer single;
    single.start();
    for (int i = 0; i < points; ++i)
        chart.appendPoint("run 2/loss", i, curveValues[size_t(i)] * 1.1);
    result.singleAppendPerS = points / (single.nsecsElapsed() * 1e-9);
    chart.removeSeries("run 2/loss");

    chart.replotNow(); // warm-up: label caches, paint buffers
    std::vector<double> replotMs, drawMs, cpuMs;
    for (int r = 0; r < replots; ++r) {
        for (int i = 0; i < 10; ++i, ++step)
            chart.appendPoint("run 1/loss", step, curveValues[size_t(step)]);
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        chart.replotNow();
        const QPixmap frame = chart.grab();
        replotMs.push_back(timer.nsecsElapsed() * 1e-6);
        cpuMs.push_back(threadCpuMs() - cpuStart);
        drawMs.push_back(chart.plot()->replotTime());
        if (frame.isNull())
            std::fprintf(stderr, "bench_chart: grab returned an empty pixmap\n");
        QCoreApplication::processEvents();
    }
    result.replotMsMedian = median(replotMs);
    result.replotMsMax = *std::max_element(replotMs.begin(), replotMs.end());
    result.drawOnlyMsMedian = median(drawMs);
    result.replotCpuMsMedian = median(cpuMs);
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int replots = 50;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--replots") == 0)
            replots = std::max(1, std::atoi(argv[i + 1]));
    QApplication app(argc, argv);

    std::vector<SizeResult> results;
    for (int points : {100000, 200000, 500000}) {
        const SizeResult r = measure(points, replots);
        std::printf("chart: %d points: replot %.2f ms median, %.2f ms max (layers %.2f ms, CPU %.2f ms); "
                    "append %.1f M points/s in 1000-point batches (%.3f ms per batch), "
                    "%.1f M points/s one by one\n",
            r.points, r.replotMsMedian, r.replotMsMax, r.drawOnlyMsMedian, r.replotCpuMsMedian,
            r.appendPointsPerS / 1e6, r.appendBatchMs, r.singleAppendPerS / 1e6);
        results.push_back(r);
    }

    std::string sizes;
    for (const SizeResult& r : results) {
        char entry[400];
        std::snprintf(entry, sizeof entry,
            "%s{\"points\":%d,\"replot_ms_median\":%.3f,\"replot_ms_max\":%.3f,"
            "\"draw_ms_median\":%.3f,\"replot_cpu_ms_median\":%.3f,\"append_points_per_s\":%.0f,"
            "\"append_batch_ms\":%.4f,\"single_append_points_per_s\":%.0f}",
            sizes.empty() ? "" : ",", r.points, r.replotMsMedian, r.replotMsMax,
            r.drawOnlyMsMedian, r.replotCpuMsMedian, r.appendPointsPerS, r.appendBatchMs,
            r.singleAppendPerS);
        sizes += entry;
    }
    const SizeResult& goal = results.front();
    std::printf("{\"bench\":\"chart\",\"width\":1200,\"height\":600,\"replots\":%d,\"points\":%d,"
                "\"replot_ms_median\":%.3f,\"replot_ms_max\":%.3f,\"append_points_per_s\":%.0f,"
                "\"sizes\":[%s]}\n",
        replots, goal.points, goal.replotMsMedian, goal.replotMsMax, goal.appendPointsPerS,
        sizes.c_str());
    return 0;
}
