// The Train and Runs panels in the whole window at 1280x800, after a real short run, in
// both languages and both themes: the setup form fits without a horizontal scroll bar,
// no label of it is cut, the chart's axes are named in the language shown, and with
// LW_SCREENSHOT_DIR set the pictures are kept there for a person to look at.
#include "ui/panels/runs/runs_panel.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_check_section.h"
#include "ui/panels/train/train_panel.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/theme.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"
#include "test_registry.h"
#include "ui/shell/screenshot_saver.h"
#include "ui/shell/window_test_support.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace lw::ui;

class TestTrainScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void panelsFitAndRead_data();
    void panelsFitAndRead();
    void ctrlReturnTrainsBeforeTheWindowIsActive();
    void cleanupTestCase();

private:
    void save(QWidget* widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_outDir;
    qint64 m_runId = 0;
    std::unique_ptr<MainWindow> m_window;
};

void TestTrainScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    window_test::prepare(m_dir);
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    m_window = window_test::showWindow();
    QSignalSpy demoReady(m_window.get(), &MainWindow::demoReady);
    m_window->start();
    QVERIFY(demoReady.wait(120000));
    TrainPanel* panel = m_window->trainPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->startButton()->isEnabled(), 20000);
    HyperparameterForm* form = panel->setupView()->hyperparameters();
    form->setValues(ui_test::shortDemoConfig(form->values(), 200, 25));
    QSignalSpy ended(panel, &TrainPanel::runEnded);
    QSignalSpy summary(panel, &TrainPanel::summaryShown);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(panel->charts()->lossChart()->pointCount(QStringLiteral("loss")) >= 60, 60000);
    save(m_window.get(), QStringLiteral("train-running-light-en"));
    QVERIFY(ended.wait(120000));
    QVERIFY(summary.count() > 0 || summary.wait(10000));
    m_runId = ended.first().first().toLongLong();
    // A check whose report stays on screen for the pictures below, with a warning in it.
    form->setValues({{QStringLiteral("warmup_steps"), 500}});
    TrainCheckSection* check = panel->checkSection();
    QSignalSpy checked(check, &TrainCheckSection::checkFinished);
    QTest::mouseClick(check->checkButton(), Qt::LeftButton);
    QVERIFY(checked.wait(120000));
    QVERIFY2(check->hasReport(), qPrintable(check->figuresLabel()->text()));
}

void TestTrainScreenshots::panelsFitAndRead_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<QString>("language");
    QTest::newRow("light-en") << "light" << "en";
    QTest::newRow("light-vi") << "light" << "vi";
    QTest::newRow("dark-en") << "dark" << "en";
    QTest::newRow("dark-vi") << "dark" << "vi";
}

void TestTrainScreenshots::panelsFitAndRead()
{
    QFETCH(QString, theme);
    QFETCH(QString, language);
    Preferences* preferences = m_window->preferences();
    preferences->setTheme(themeFromKey(theme));
    preferences->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events, layouts follow
    const QString suffix = theme + QLatin1Char('-') + language;
    TrainPanel* train = m_window->trainPanel();
    m_window->showPanel(train);
    QTest::qWait(200);

    // The form fits: no horizontal scroll bar, no label narrower than its text.
    TrainSetupView* setup = train->setupView();
    QVERIFY2(!setup->horizontalScrollBar()->isVisible(), qPrintable(suffix));
    for (QLabel* label : setup->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(setup) || label->wordWrap() || label->text().isEmpty())
            continue;
        QVERIFY2(label->width() >= label->sizeHint().width(),
                 qPrintable(QString("%1: '%2' has %3 of %4 px").arg(suffix, label->text()).arg(label->width())
                                .arg(label->sizeHint().width())));
    }
    // The learning rate axis is named in the language shown.
    LossChart* chart = train->charts()->lossChart();
    const QString rateAxis = chart->plot()->yAxis2->label();
    QVERIFY2(language == QLatin1String("en") ? rateAxis == QLatin1String("Learning rate")
                                              : rateAxis != QLatin1String("Learning rate"),
             qPrintable(rateAxis));
    // Hovering the chart: the values at a step, drawn in the screenshot below.
    QCustomPlot* plot = chart->plot();
    const QPoint at(int(plot->xAxis->coordToPixel(100)), plot->axisRect()->center().y());
    QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(plot->mapToGlobal(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    QTest::qWait(100);
    // The check's report, in the language shown.
    TrainCheckSection* check = train->checkSection();
    QVERIFY(check->hasReport() && check->isVisible());
    QVERIFY2(check->findingTexts().join('\n').contains(QStringLiteral("warm-up")) == (language == QLatin1String("en")),
             qPrintable(check->findingTexts().join('\n')));
    save(m_window.get(), QStringLiteral("train-") + suffix);
    for (QWidget* top : QApplication::topLevelWidgets())
        if (top->objectName() == QLatin1String("qtooltip_label") && top->isVisible())
            save(top, QStringLiteral("train-hover-") + suffix);

    auto* runs = static_cast<RunsPanel*>(m_window->runsPanel());
    QVERIFY(runs);
    m_window->showPanel(runs);
    QTRY_VERIFY_WITH_TIMEOUT(runs->runsModel()->findRun(m_runId), 10000);
    runs->selectRuns({m_runId});
    QTRY_VERIFY_WITH_TIMEOUT(runs->chart()->pointCount(QStringLiteral("run %1/loss").arg(m_runId)) > 0, 10000);
    QTest::qWait(300);
    // Every short column shows its whole header.
    QTableView* table = runs->table();
    for (int column = 0; column < RunsTableModel::ColumnCount; ++column) {
        if (column == RunsTableModel::NameColumn || column == RunsTableModel::TagsColumn)
            continue;
        const QString header = runs->runsModel()->headerData(column, Qt::Horizontal).toString();
        QVERIFY2(table->columnWidth(column) >= table->horizontalHeader()->fontMetrics().horizontalAdvance(header),
                 qPrintable(suffix + ": " + header));
    }
    save(m_window.get(), QStringLiteral("runs-") + suffix);
}

void TestTrainScreenshots::ctrlReturnTrainsBeforeTheWindowIsActive()
{
    // Another window is active (as when a window manager does not activate a new window,
    // or there is none): the shortcut of the Train action cannot fire, and keys go to
    // this window's focus widget. The first window holds the project; this one opens it.
    QWidget other;
    other.show();
    other.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&other));
    MainWindow window;
    window.setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    window.setAttribute(Qt::WA_ShowWithoutActivating);
    TrainPanel* panel = window.trainPanel();
    QSignalSpy refreshed(panel, &TrainPanel::catalogRefreshed);
    window.openProject(m_window->trainPanel()->projectDir());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(panel->startButton()->isEnabled(), 20000);
    if (window.isActiveWindow()) { // this platform activated it anyway: take it away
        if (QWidget* focus = window.focusWidget())
            focus->clearFocus();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        window.showPanel(window.runsPanel()); // the Train panel is shown again below
        window.showPanel(panel);
    }
    QVERIFY(!window.isActiveWindow());
    QVERIFY(window.focusWidget() == panel || (window.focusWidget() && panel->isAncestorOf(window.focusWidget())));
    // The key as the window system delivers it: to the window, not to a widget.
    QTest::keyClick(window.windowHandle(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isBusy(), 5000);
    QSignalSpy ended(panel, &TrainPanel::runEnded);
    panel->cancelTraining();
    QVERIFY(ended.wait(60000));
}

void TestTrainScreenshots::save(QWidget* widget, const QString& name)
{
    QVERIFY2(screenshots::saveDrawn(widget, m_outDir, name), qPrintable(name));
}

void TestTrainScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestTrainScreenshots)
#include "test_train_screenshots.moc"
