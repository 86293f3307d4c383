// Preferences: the dialog writes QSettings, and the window follows them live: the
// language switches without a restart (visible texts change at once), the theme too.
// The Vietnamese translation is complete.
#include "ui/panels/train/train_panel.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/preferences_dialog.h"
#include "ui/shell/theme.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTranslator>
#include <QtTest>

using namespace lw::ui;

class TestPreferences : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void dialogWritesSettings();
    void cancelWritesNothing();
    void languageSwitchesWithoutRestart();
    void themeSwitchesLive();
    void vietnameseTranslationIsComplete();

private:
    QTemporaryDir m_dir;
};

void TestPreferences::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
}

void TestPreferences::init()
{
    QSettings().clear();
}

void TestPreferences::dialogWritesSettings()
{
    Preferences preferences;
    QSignalSpy changed(&preferences, &Preferences::changed);
    PreferencesDialog dialog(&preferences);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.threadsBox()->setValue(3);
    dialog.deviceBox()->setCurrentText(QStringLiteral("cuda:1"));
    dialog.dataFolderEdit()->setText(m_dir.filePath(QStringLiteral("data")));
    dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(QStringLiteral("dark")));
    dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(QStringLiteral("vi")));
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    QSettings settings;
    QCOMPARE(settings.value("preferences/threads").toInt(), 3);
    QCOMPARE(settings.value("preferences/device").toString(), QStringLiteral("cuda:1"));
    QCOMPARE(settings.value("preferences/dataFolder").toString(), m_dir.filePath(QStringLiteral("data")));
    QCOMPARE(settings.value("preferences/theme").toString(), QStringLiteral("dark"));
    QCOMPARE(settings.value("preferences/language").toString(), QStringLiteral("vi"));
    QVERIFY(changed.count() >= 5);
    // A new Preferences (the next start of the app) reads them back.
    Preferences reread;
    QCOMPARE(reread.threads(), 3);
    QCOMPARE(reread.theme(), Theme::Dark);
    QCOMPARE(reread.effectiveLanguage(), QStringLiteral("vi"));
}

void TestPreferences::cancelWritesNothing()
{
    Preferences preferences;
    PreferencesDialog dialog(&preferences);
    dialog.threadsBox()->setValue(7);
    dialog.reject();
    QVERIFY(!QSettings().contains("preferences/threads"));
    QCOMPARE(preferences.threads(), 0);
}

void TestPreferences::languageSwitchesWithoutRestart()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QPushButton* train = window.trainPanel()->startButton();
    QCOMPARE(train->text(), QStringLiteral("Train"));
    QCOMPARE(window.sidebar()->item(0)->text(), QStringLiteral("Train"));

    // What the Vietnamese translation says, read from the translation built into the app.
    QTranslator vietnamese;
    QVERIFY(vietnamese.load(QStringLiteral(":/i18n/llmwb_vi.qm")));
    const QString expectedButton = vietnamese.translate("lw::ui::TrainPanel", "Train");
    const QString expectedMenu = vietnamese.translate("lw::ui::MainWindow", "&File");
    QVERIFY(!expectedButton.isEmpty() && expectedButton != QLatin1String("Train"));

    window.preferences()->setLanguage(QStringLiteral("vi"));
    QTRY_COMPARE(train->text(), expectedButton);
    QCOMPARE(window.menuBar()->actions().first()->text(), expectedMenu);
    QCOMPARE(window.languageSwitcher()->current(), QStringLiteral("vi"));

    window.preferences()->setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(train->text(), QStringLiteral("Train"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

void TestPreferences::themeSwitchesLive()
{
    MainWindow window;
    window.preferences()->setTheme(Theme::Dark);
    QVERIFY(isDarkPalette());
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 100);
    window.preferences()->setTheme(Theme::Light);
    QVERIFY(!isDarkPalette());
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 150);
}

void TestPreferences::vietnameseTranslationIsComplete()
{
    QFile ts(QStringLiteral(LW_SOURCE_DIR "/translations/llmwb_vi.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QByteArray text = ts.readAll();
    QVERIFY(text.contains("language=\"vi"));
    QVERIFY(text.count("<message") > 100);
    QCOMPARE(text.count("type=\"unfinished\""), 0);
    QCOMPARE(text.count("type=\"vanished\""), 0);
    QCOMPARE(text.count("type=\"obsolete\""), 0);
}

LW_TEST_MAIN(TestPreferences)
#include "test_preferences.moc"
