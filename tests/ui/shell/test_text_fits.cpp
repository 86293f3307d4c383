// Every panel and the main dialogs at 1280x800, in English and in Vietnamese: no label,
// button, check box, group box title or tab title may be cut (text_fit_check.h). The
// Chat panel is drawn in use: the demo model trained (short, LLMWB_DEMO_MAX_STEPS), a
// conversation with a regenerated answer, the decoding lab run. With LW_SCREENSHOT_DIR
// set, each view is also saved there as a picture.
#include "text_fit_check.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/decoding_lab.h"
#include "ui/panels/chat/lab_column.h"
#include "ui/panels/chat/model_compare.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/preferences_dialog.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/user_guide_dialog.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QPlainTextEdit>
#include <QTabWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;

namespace {

// Cut texts of the Train panel known when this test was written, fixed on the Train
// panel's own branch: reported (the row is skipped with their list) rather than failed,
// so that anything else cut there still fails. Empty this list when that fix lands.
const QStringList kKnownTrainPanelCuts = {};

bool isKnownTrainPanelCut(const QString& line)
{
    for (const QString& name : kKnownTrainPanelCuts)
        if (line.contains(QLatin1Char('/') + name + QLatin1Char(')')))
            return true;
    return false;
}

} // namespace

class TestTextFits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nothingIsCut_data();
    void nothingIsCut();
    void cleanupTestCase();

private:
    QStringList check(QWidget* widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_shots;
    std::unique_ptr<MainWindow> m_window;
};

void TestTextFits::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    qputenv("LLMWB_DEMO_MAX_STEPS", "40");
    m_shots = qEnvironmentVariable("LW_SCREENSHOT_DIR");
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    preferences.setThreads(1);
    m_window = std::make_unique<MainWindow>();
    m_window->setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    m_window->show();
    m_window->resize(1280, 800);
    QSignalSpy demoReady(m_window.get(), &MainWindow::demoReady);
    m_window->start();
    QVERIFY(demoReady.wait(120000));

    // The Chat panel in use: the demo model, a conversation, a regenerated answer, the lab.
    ChatPanel* chat = m_window->chatPanel();
    m_window->showPanel(chat);
    QTRY_VERIFY_WITH_TIMEOUT(chat->session()->isLoaded(), 180000);
    ChatView* view = chat->chatView();
    lw::generate::SamplerSettings settings;
    settings.max_tokens = 40;
    view->decodingForm()->setSettings(settings);
    view->systemPrompt()->setPlainText(QStringLiteral("You tell short, happy stories."));
    QSignalSpy answered(view, &ChatView::answerFinished);
    view->sendMessage(QStringLiteral("Tell me a story about a cat."));
    QVERIFY(answered.wait(60000));
    view->regenerate();
    QVERIFY(answered.wait(60000));
    DecodingLab* lab = chat->decodingLab();
    lab->prompt()->setPlainText(QStringLiteral("Once upon a time"));
    QSignalSpy labDone(lab, &DecodingLab::finished);
    lab->run();
    QVERIFY(labDone.wait(60000));
}

void TestTextFits::nothingIsCut_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("view");
    for (const char* language : {"en", "vi"})
        for (const char* view : {"train", "runs", "chat", "chat-lab", "chat-compare", "preferences", "shortcuts", "user-guide"})
            QTest::newRow(qPrintable(QStringLiteral("%1-%2").arg(QLatin1String(view), QLatin1String(language))))
                << QString::fromLatin1(language) << QString::fromLatin1(view);
}

QStringList TestTextFits::check(QWidget* widget, const QString& name)
{
    QTest::qWait(150); // layouts settle after a language change or a show
    if (!m_shots.isEmpty())
        widget->grab().save(QDir(m_shots).filePath(name + QStringLiteral(".png")));
    return text_fit::clippedTexts(widget);
}

void TestTextFits::nothingIsCut()
{
    QFETCH(QString, language);
    QFETCH(QString, view);
    m_window->preferences()->setLanguage(language);
    QTest::qWait(150); // language changes arrive as posted events
    QCOMPARE(m_window->size(), QSize(1280, 800));
    const QString name = QStringLiteral("fits-%1-%2").arg(view, language);
    ChatPanel* chat = m_window->chatPanel();
    QStringList cut;
    if (view == QLatin1String("train")) {
        m_window->showPanel(m_window->trainPanel());
        cut = check(m_window.get(), name);
    } else if (view == QLatin1String("runs")) {
        m_window->showPanel(m_window->runsPanel());
        cut = check(m_window.get(), name);
    } else if (view.startsWith(QLatin1String("chat"))) {
        m_window->showPanel(chat);
        QWidget* tab = view == QLatin1String("chat-lab")       ? static_cast<QWidget*>(chat->decodingLab())
                       : view == QLatin1String("chat-compare") ? static_cast<QWidget*>(chat->modelCompare())
                                                                : static_cast<QWidget*>(chat->chatView());
        chat->tabs()->setCurrentWidget(tab);
        cut = check(m_window.get(), name);
    } else if (view == QLatin1String("preferences")) {
        PreferencesDialog dialog(m_window->preferences(), m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        cut = check(&dialog, name);
    } else if (view == QLatin1String("shortcuts")) {
        ShortcutsDialog dialog([this] { return m_window->shortcutGroups(); }, m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        cut = check(&dialog, name);
    } else {
        UserGuideDialog dialog(m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        cut = check(&dialog, name);
    }
    QStringList known;
    if (view == QLatin1String("train")) {
        for (const QString& line : std::as_const(cut))
            if (isKnownTrainPanelCut(line))
                known.append(line);
        for (const QString& line : std::as_const(known))
            cut.removeAll(line);
    }
    QVERIFY2(cut.isEmpty(), qPrintable(QLatin1Char('\n') + cut.join(QLatin1Char('\n'))));
    if (!known.isEmpty())
        QSKIP(qPrintable(QStringLiteral("known cut texts of the Train panel, fixed on its own branch:\n") +
                         known.join(QLatin1Char('\n'))));
}

void TestTextFits::cleanupTestCase()
{
    if (m_window)
        m_window->preferences()->setLanguage(QStringLiteral("en"));
    m_window.reset();
}

LW_TEST_MAIN(TestTextFits)
#include "test_text_fits.moc"
