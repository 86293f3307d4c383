// The GUI thread while a run trains: the whole window (Train panel, charts, Runs panel,
// status bar) follows a real demo run started by clicking Train, and a 5 ms timer
// records the longest gap between its ticks, i.e. the longest time the window could
// not answer the user. Then the same charts take the backlog of a long run at once
// (what reattaching to a 100,000-step run delivers) and the stall that causes is timed.
// Goal: every stall under 100 ms.
//
//   bench_gui_stall [--steps N] [--threads N]     (offscreen unless QT_QPA_PLATFORM is set)
// Prints a human line and a JSON line.
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_panel.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/stall_meter.h"
#include "ui/widgets/loss_chart.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

using namespace lw::ui;

namespace {

struct Options {
    int steps = 300;
    int threads = 0; // the app's default: all cores
};

Options parse(int argc, char** argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--steps") == 0)
            o.steps = std::stoi(argv[++i]);
        else if (std::strcmp(argv[i], "--threads") == 0)
            o.threads = std::stoi(argv[++i]);
    }
    return o;
}

bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const Options options = parse(argc, argv);
    QApplication app(argc, argv);
    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("llm-workbench-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("llm-workbench-bench"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    if (qEnvironmentVariableIsEmpty("LLMWB_WORKER"))
        qputenv("LLMWB_WORKER", (QCoreApplication::applicationDirPath() + QStringLiteral("/llmwb")).toUtf8());
    {
        Preferences preferences;
        preferences.setDataFolder(dir.filePath(QStringLiteral("data")));
        preferences.setThreads(options.threads);
    }

    MainWindow window;
    window.setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    window.resize(1400, 900);
    window.show();
    QSignalSpy demoReady(&window, &MainWindow::demoReady);
    window.start();
    TrainPanel* panel = window.trainPanel();
    if (!demoReady.wait(180000) || !waitFor([&] { return panel->startButton()->isEnabled(); }, 30000)) {
        std::fprintf(stderr, "bench_gui_stall: the demo project did not open\n");
        return 1;
    }
    HyperparameterForm* form = panel->setupView()->hyperparameters();
    QJsonObject config = form->values();
    config.insert(QStringLiteral("max_steps"), options.steps);
    config.insert(QStringLiteral("eval_every"), 50);
    config.insert(QStringLiteral("sample_every"), 50);
    config.insert(QStringLiteral("checkpoint_every"), 100);
    form->setValues(config);

    // Phase 1: a live run.
    QSignalSpy ended(panel, &TrainPanel::runEnded);
    StallMeter live;
    live.start();
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    if (!ended.wait(600000)) {
        std::fprintf(stderr, "bench_gui_stall: the run did not end\n");
        return 1;
    }
    live.stop();
    const double runSeconds = double(clock.elapsed()) / 1000.0;
    const int points = panel->charts()->lossChart()->pointCount(QStringLiteral("loss"));
    const QString status = ended.first().at(1).toString();

    // Phase 2: the backlog of a 100,000-step run arriving at once: four metrics logged
    // every step (noisy, the worst case for drawing), validation every 100 steps.
    constexpr int kBacklog = 100000;
    constexpr int kEvalEvery = 100;
    panel->charts()->clear();
    QVector<double> steps(kBacklog), loss(kBacklog), other(kBacklog), valSteps, valLoss;
    for (int i = 0; i < kBacklog; ++i) {
        steps[i] = i + 1;
        loss[i] = 2.0 + 8.0 / std::sqrt(1.0 + i) + 0.05 * std::sin(i * 0.37);
        other[i] = 1.0 + 0.1 * std::cos(i * 0.11);
        if ((i + 1) % kEvalEvery == 0) {
            valSteps.append(i + 1);
            valLoss.append(loss[i] + 0.1);
        }
    }
    StallMeter backlog;
    backlog.start();
    QTest::qWait(50);
    panel->charts()->appendPoints(QStringLiteral("loss"), steps, loss);
    panel->charts()->appendPoints(QStringLiteral("val_loss"), valSteps, valLoss);
    for (const char* metric : {"lr", "grad_norm", "tokens_per_s"})
        panel->charts()->appendPoints(QString::fromLatin1(metric), steps, other);
    QTest::qWait(500); // the replots that follow
    backlog.stop();
    // Then the run goes on: one more step, with 100,000 points shown.
    QElapsedTimer replot;
    replot.start();
    panel->charts()->lossChart()->appendPoint(QStringLiteral("loss"), kBacklog + 1, 2.0);
    panel->charts()->lossChart()->replotNow();
    const double replotMs = double(replot.nsecsElapsed()) / 1e6;

    std::printf("GUI thread during a %d-step demo run (%s, %.1f s, %d points drawn, worker threads %s): longest stall "
                "%.1f ms, %d stalls over 50 ms; taking a 5 x %d-point backlog: longest stall %.1f ms; replot at %d "
                "points: %.1f ms\n",
                options.steps, qPrintable(status), runSeconds, points,
                options.threads > 0 ? std::to_string(options.threads).c_str() : "all", live.longestStallMs(),
                live.stallsOver(50), kBacklog, backlog.longestStallMs(), kBacklog, replotMs);
    QJsonObject json{{"bench", "gui_stall"},
                     {"steps", options.steps},
                     {"status", status},
                     {"run_seconds", runSeconds},
                     {"points", points},
                     {"worker_threads", options.threads},
                     {"live_longest_stall_ms", live.longestStallMs()},
                     {"live_stalls_over_50ms", live.stallsOver(50)},
                     {"live_stalls_over_100ms", live.stallsOver(100)},
                     {"backlog_points_per_metric", kBacklog},
                     {"backlog_longest_stall_ms", backlog.longestStallMs()},
                     {"replot_ms_at_backlog", replotMs},
                     {"goal_ms", 100}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return live.longestStallMs() < 100 ? 0 : 2;
}
