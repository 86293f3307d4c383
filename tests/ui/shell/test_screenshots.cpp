// Every panel and dialog drawn after a real (short) run, in both themes and both
// languages: nothing may fail to draw, and with LW_SCREENSHOT_DIR set the pictures are
// kept there for a person to look at.
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/decoding_lab.h"
#include "ui/panels/chat/lab_column.h"
#include "ui/panels/chat/model_compare.h"
#include "ui/panels/chat/model_session.h"
#include "ui/panels/runs/runs_panel.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_panel.h"
#include "ui/widgets/loss_chart.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/log_dock.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/preferences_dialog.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/user_guide_dialog.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"
#include "ui/shell/screenshot_saver.h"
#include "ui/shell/window_test_support.h"

#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;

class TestScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyPanelAndDialogDraws_data();
    void everyPanelAndDialogDraws();
    void cleanupTestCase();

private:
    void save(QWidget* widget, const QString& name);
    void prepareChat();

    QTemporaryDir m_dir;
    QString m_outDir;
    qint64 m_runId = 0;
    std::unique_ptr<MainWindow> m_window;
};

void TestScreenshots::initTestCase()
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
    form->setValues(ui_test::shortDemoConfig(form->values(), 100, 20));
    QSignalSpy ended(panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    // Mid-run: the job in the status bar, the buttons of a running run.
    QTRY_VERIFY_WITH_TIMEOUT(panel->charts()->lossChart()->pointCount(QStringLiteral("loss")) >= 30, 60000);
    save(m_window.get(), QStringLiteral("train-running-light-en"));
    QVERIFY(ended.wait(120000));
    m_runId = ended.first().first().toLongLong();
    prepareChat();
    m_window->logDock()->show();
}

// A conversation and a decoding lab run with the model just trained, drawn below in
// every theme and language.
void TestScreenshots::prepareChat()
{
    ChatPanel* chat = m_window->chatPanel();
    m_window->showPanel(chat);
    QTRY_VERIFY_WITH_TIMEOUT(chat->session()->isLoaded(), 60000);
    ChatView* view = chat->chatView();
    lw::generate::SamplerSettings settings;
    settings.temperature = 0.7;
    settings.max_tokens = 48;
    view->decodingForm()->setSettings(settings);
    view->systemPrompt()->setPlainText(QStringLiteral("You tell short, happy stories."));
    QSignalSpy answered(view, &ChatView::answerFinished);
    for (const QString& question : {QStringLiteral("Tell me a story about a cat."), QStringLiteral("And then?")}) {
        QTest::keyClicks(view->input(), question);
        QTest::mouseClick(view->sendButton(), Qt::LeftButton);
        QVERIFY(answered.wait(30000));
        answered.clear();
    }
    DecodingLab* lab = chat->decodingLab();
    lab->prompt()->setPlainText(QStringLiteral("Once upon a time"));
    for (int i = 0; i < lab->columnCount(); ++i) {
        auto s = lab->column(i)->form()->settings();
        s.max_tokens = 40;
        lab->column(i)->form()->setSettings(s);
    }
    QSignalSpy labDone(lab, &DecodingLab::finished);
    lab->run();
    QVERIFY(labDone.wait(30000));
    ModelCompare* compare = chat->modelCompare();
    compare->prompt()->setPlainText(QStringLiteral("The little bird"));
    QSignalSpy compared(compare, &ModelCompare::finished);
    compare->run();
    QVERIFY(compared.wait(30000));
}

void TestScreenshots::everyPanelAndDialogDraws_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<QString>("language");
    QTest::newRow("light-en") << "light" << "en";
    QTest::newRow("dark-en") << "dark" << "en";
    QTest::newRow("light-vi") << "light" << "vi";
    QTest::newRow("dark-vi") << "dark" << "vi";
}

void TestScreenshots::everyPanelAndDialogDraws()
{
    QFETCH(QString, theme);
    QFETCH(QString, language);
    Preferences* preferences = m_window->preferences();
    preferences->setTheme(themeFromKey(theme));
    preferences->setLanguage(language);
    QTest::qWait(200); // language changes arrive as posted events
    const QString suffix = theme + QLatin1Char('-') + language;
    m_window->showPanel(m_window->trainPanel());
    QTest::qWait(100);
    save(m_window.get(), QStringLiteral("train-") + suffix);
    if (m_window->runsPanel()) {
        auto* runs = static_cast<RunsPanel*>(m_window->runsPanel());
        m_window->showPanel(runs);
        QTRY_VERIFY_WITH_TIMEOUT(runs->runsModel()->findRun(m_runId), 10000);
        runs->selectRuns({m_runId});
        QTest::qWait(1500); // the Runs panel reads the curves from the store
        save(m_window.get(), QStringLiteral("runs-") + suffix);
    }
    ChatPanel* chat = m_window->chatPanel();
    m_window->showPanel(chat);
    chat->tabs()->setCurrentWidget(chat->chatView());
    QTest::qWait(300); // the model list is read again when the panel shows
    save(m_window.get(), QStringLiteral("chat-") + suffix);
    chat->tabs()->setCurrentWidget(chat->decodingLab());
    QTest::qWait(100);
    save(m_window.get(), QStringLiteral("chat-lab-") + suffix);
    chat->tabs()->setCurrentWidget(chat->modelCompare());
    QTest::qWait(100);
    save(m_window.get(), QStringLiteral("chat-compare-") + suffix);
    chat->tabs()->setCurrentWidget(chat->chatView());
    PreferencesDialog dialog(preferences, m_window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    save(&dialog, QStringLiteral("preferences-") + suffix);
    ShortcutsDialog shortcuts([this] { return m_window->shortcutGroups(); }, m_window.get());
    shortcuts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shortcuts));
    save(&shortcuts, QStringLiteral("shortcuts-") + suffix);
    UserGuideDialog guide(m_window.get());
    guide.show();
    QVERIFY(QTest::qWaitForWindowExposed(&guide));
    save(&guide, QStringLiteral("user-guide-") + suffix);
}

void TestScreenshots::save(QWidget* widget, const QString& name)
{
    QVERIFY2(screenshots::saveDrawn(widget, m_outDir, name), qPrintable(name));
}

void TestScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestScreenshots)
#include "test_screenshots.moc"
