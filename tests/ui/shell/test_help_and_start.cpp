// How the app starts and what Help offers. `llm-workbench --help` and `--version` answer
// without a display; a folder given as argument is opened (created when missing); the
// app's first start and `llmwb` without --project use the same default project. Help >
// Keyboard Shortcuts lists every action that has a key, read from the actions (change a
// key, and the list says so), and the user guide reads in English and Vietnamese.
#include "test_paths.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/project_context.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/user_guide_dialog.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QAction>
#include <QProcess>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QtTest>

using namespace lw::ui;

namespace {

QString builtProgram(const char* name)
{
    QString binDir = qEnvironmentVariable("LLMWB_BIN_DIR");
    if (binDir.isEmpty())
        binDir = QString::fromUtf8(lw::test::binaryDir()) + QStringLiteral("/bin");
    return QDir(binDir).filePath(QLatin1String(name));
}

// An environment with no display at all and a home of the test's own.
QProcessEnvironment bareEnvironment(const QString& home)
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), QDir(home).filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(home).filePath(QStringLiteral("config")));
    return environment;
}

// The rows of the shortcuts dialog: "group / action" -> keys.
QMap<QString, QString> dialogRows(ShortcutsDialog& dialog)
{
    QMap<QString, QString> rows;
    QTreeWidget* tree = dialog.tree();
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            rows.insert(group->text(0) + QStringLiteral(" / ") + group->child(i)->text(0), group->child(i)->text(1));
    }
    return rows;
}

} // namespace

class TestHelpAndStart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpAndVersionNeedNoDisplay();
    void aFolderArgumentIsOpenedOrCreated();
    void theCliAndTheAppShareTheDefaultProject();
    void shortcutsListEveryActionWithAKey();
    void userGuideInBothLanguages();

private:
    QTemporaryDir m_dir;
};

void TestHelpAndStart::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
}

void TestHelpAndStart::helpAndVersionNeedNoDisplay()
{
    const QString app = builtProgram("llm-workbench");
    QVERIFY2(QFileInfo(app).isExecutable(), qPrintable(app));
    for (const QString& option : {QStringLiteral("--help"), QStringLiteral("--version")}) {
        QProcess process;
        process.setProcessEnvironment(bareEnvironment(m_dir.filePath(QStringLiteral("home"))));
        process.start(app, {option});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
        if (option == QLatin1String("--help")) {
            QVERIFY2(out.contains(QStringLiteral("Usage: llm-workbench")) && out.contains(QStringLiteral("[PROJECT]")) &&
                         out.contains(QStringLiteral("--version")),
                     qPrintable(out));
        } else {
            QVERIFY2(out.startsWith(QStringLiteral("llm-workbench ")) && out.trimmed().count(QLatin1Char('.')) >= 1,
                     qPrintable(out));
        }
    }
}

void TestHelpAndStart::aFolderArgumentIsOpenedOrCreated()
{
    // The real program, offscreen: it creates the project it is given and opens it.
    const QString project = m_dir.filePath(QStringLiteral("home/my-project"));
    QProcess app;
    QProcessEnvironment environment = bareEnvironment(m_dir.filePath(QStringLiteral("home")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("LLMWB_WORKER"), builtProgram("llmwb"));
    app.setProcessEnvironment(environment);
    app.start(builtProgram("llm-workbench"), {project});
    QVERIFY(app.waitForStarted(10000));
    const bool created = QTest::qWaitFor([&] { return QFileInfo::exists(QDir(project).filePath("workbench.db")); }, 60000);
    app.terminate();
    if (!app.waitForFinished(10000))
        app.kill();
    QVERIFY2(created, qPrintable(QString::fromLocal8Bit(app.readAllStandardError())));

    // The same through the window: the folder given wins over the last project.
    const QString other = m_dir.filePath(QStringLiteral("other-project"));
    MainWindow window;
    window.setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    window.start(other);
    QVERIFY(opened.wait(20000));
    QCOMPARE(window.project()->dir(), other);
    QVERIFY(QFileInfo::exists(QDir(other).filePath(QStringLiteral("workbench.db"))));
}

void TestHelpAndStart::theCliAndTheAppShareTheDefaultProject()
{
    // `llmwb` with no --project creates its default project under XDG_DATA_HOME...
    const QString home = m_dir.filePath(QStringLiteral("cli-home"));
    QProcess cli;
    cli.setProcessEnvironment(bareEnvironment(home));
    cli.start(builtProgram("llmwb"), {QStringLiteral("runs"), QStringLiteral("list")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    const QString cliDefault = QDir(home).filePath(QStringLiteral("data/llm-workbench/default"));
    QVERIFY(QFileInfo::exists(QDir(cliDefault).filePath(QStringLiteral("workbench.db"))));

    // ...and the app, with its data folder left as it comes, opens that folder first.
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QDir(home).filePath(QStringLiteral("data")).toUtf8());
    QSettings().remove(QStringLiteral("preferences/dataFolder"));
    Preferences preferences;
    QCOMPARE(preferences.defaultProjectDir(), cliDefault);
    qputenv("XDG_DATA_HOME", saved);
}

void TestHelpAndStart::shortcutsListEveryActionWithAKey()
{
    MainWindow window;
    window.setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    window.show();
    ShortcutsDialog dialog([&window] { return window.shortcutGroups(); }, &window);
    const QMap<QString, QString> rows = dialogRows(dialog);
    const QStringList keysListed = rows.values();

    // Every action of the window that has a key is listed with its keys.
    int withKeys = 0;
    for (QAction* action : window.findChildren<QAction*>()) {
        if (ShortcutsDialog::keysText(action).isEmpty())
            continue; // no key, or only standard ones this platform does not define
        ++withKeys;
        QVERIFY2(keysListed.contains(ShortcutsDialog::keysText(action)),
                 qPrintable(QStringLiteral("%1 (%2) is not listed").arg(action->text(), ShortcutsDialog::keysText(action))));
    }
    QVERIFY(withKeys >= 15);
    // The Chat panel's own keys, under its name, although Ctrl+N is the window's too.
    const QString chat = QStringLiteral("Chat / ");
    QCOMPARE(rows.value(chat + QStringLiteral("New conversation")), QKeySequence(Qt::CTRL | Qt::Key_N).toString(QKeySequence::NativeText));
    QVERIFY(rows.value(chat + QStringLiteral("Stop the answer")).contains(QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText)));
    QVERIFY(rows.contains(QStringLiteral("File / New Project")));
    for (const QString& keys : keysListed)
        QVERIFY2(!keys.isEmpty() && !keys.startsWith(QLatin1Char(',')), qPrintable(keys));

    // A key changed on its action shows in the list: nothing to keep in step by hand.
    QAction* stop = nullptr;
    for (QAction* action : window.chatPanel()->shortcutActions())
        if (action->shortcut() == QKeySequence(Qt::Key_Escape))
            stop = action;
    QVERIFY(stop);
    stop->setShortcut(QKeySequence(Qt::Key_F9));
    dialog.rebuild();
    QCOMPARE(dialogRows(dialog).value(chat + QStringLiteral("Stop the answer")), QKeySequence(Qt::Key_F9).toString(QKeySequence::NativeText));
    stop->setShortcut(QKeySequence(Qt::Key_Escape));
}

void TestHelpAndStart::userGuideInBothLanguages()
{
    LanguageSwitcher language;
    QVERIFY(language.apply(QStringLiteral("en")));
    UserGuideDialog dialog;
    QVERIFY(dialog.browser()->toPlainText().contains(QStringLiteral("user guide")));
    QVERIFY(dialog.browser()->toPlainText().contains(QStringLiteral("Ctrl+/")));
    QVERIFY(language.apply(QStringLiteral("vi")));
    QTRY_VERIFY(dialog.browser()->toPlainText().contains(QStringLiteral("hướng dẫn sử dụng")));
    // Both say the same things: the same sections and keys.
    QFile english(UserGuideDialog::guidePath(QStringLiteral("en")));
    QFile vietnamese(UserGuideDialog::guidePath(QStringLiteral("vi")));
    QVERIFY(english.open(QIODevice::ReadOnly) && vietnamese.open(QIODevice::ReadOnly));
    const QString en = QString::fromUtf8(english.readAll());
    const QString vi = QString::fromUtf8(vietnamese.readAll());
    QCOMPARE(vi.count(QStringLiteral("\n## ")), en.count(QStringLiteral("\n## ")));
    static const QRegularExpression keys(QStringLiteral("Ctrl\\+\\S+|F\\d+|Esc\\b"));
    QStringList enKeys, viKeys;
    for (const auto& match : keys.globalMatch(en))
        enKeys << match.captured();
    for (const auto& match : keys.globalMatch(vi))
        viKeys << match.captured();
    QCOMPARE(viKeys, enKeys);
    QVERIFY(language.apply(QStringLiteral("en")));
}

LW_TEST_MAIN(TestHelpAndStart)
#include "test_help_and_start.moc"
