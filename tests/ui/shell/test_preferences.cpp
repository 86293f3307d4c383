// Preferences: the dialog writes QSettings, and the window follows them live: the
// language switches without a restart (visible texts change at once, Qt's own OK and
// Cancel and the way numbers are written too), the theme too, and in the dark theme
// the icons and check boxes stay visible. The Vietnamese translation is complete.
#include "test_paths.h"
#include "ui/panels/train/train_panel.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/preferences_dialog.h"
#include "ui/shell/theme.h"
#include "ui/shell/themed_icons.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QPainter>
#include <QStyle>
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
    void vietnameseButtonsAndNumbers();
    void darkThemeKeepsIconsAndCheckBoxesVisible();
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

void TestPreferences::vietnameseButtonsAndNumbers()
{
    LanguageSwitcher language;
    Preferences preferences;
    PreferencesDialog dialog(&preferences);
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), QStringLiteral("OK"));
    QVERIFY(language.apply(QStringLiteral("vi")));
    // Qt's own texts for its buttons: from the system's qtbase translation, or the app's.
    const QString ok = QCoreApplication::translate("QPlatformTheme", "OK");
    const QString cancel = QCoreApplication::translate("QPlatformTheme", "Cancel");
    QVERIFY2(ok != QLatin1String("OK") && cancel != QLatin1String("Cancel"), qPrintable(ok + QLatin1Char('/') + cancel));
    QTRY_COMPARE(buttons->button(QDialogButtonBox::Ok)->text(), ok);
    QCOMPARE(buttons->button(QDialogButtonBox::Cancel)->text(), cancel);
    // Numbers as Vietnamese writes them.
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1,234.5"));
    QTRY_COMPARE(buttons->button(QDialogButtonBox::Ok)->text(), QStringLiteral("OK"));
}

namespace {

// How many pixels of `icon`, drawn on the window colour, stand more than `apart` in
// lightness from the window: what the eye can see of it.
int visiblePixels(const QIcon& icon, QIcon::Mode mode, int apart)
{
    const QColor window = QApplication::palette().color(QPalette::Window);
    QImage drawn(32, 32, QImage::Format_ARGB32);
    drawn.fill(window);
    QPainter painter(&drawn);
    icon.paint(&painter, drawn.rect(), Qt::AlignCenter, mode);
    painter.end();
    int visible = 0;
    for (int y = 0; y < drawn.height(); ++y)
        for (int x = 0; x < drawn.width(); ++x)
            visible += std::abs(drawn.pixelColor(x, y).lightness() - window.lightness()) > apart ? 1 : 0;
    return visible;
}

} // namespace

void TestPreferences::darkThemeKeepsIconsAndCheckBoxesVisible()
{
    // Qt's standard icons are dark glyphs; the app's SVG icons have neutral grey parts.
    // In each theme they must stand apart from the window they are drawn on, enabled or
    // not. The icons are asked for once, before the theme changes, as widgets hold them.
    applyTheme(Theme::Light);
    const QIcon play = QApplication::style()->standardIcon(QStyle::SP_MediaPlay);
    const QIcon axes = themedIcon(QStringLiteral(":/icons/train.svg"));
    for (Theme theme : {Theme::Light, Theme::Dark}) {
        applyTheme(theme);
        for (const QIcon& icon : {play, axes}) {
            const int normal = visiblePixels(icon, QIcon::Normal, 60);
            const int disabled = visiblePixels(icon, QIcon::Disabled, 25);
            QVERIFY2(normal >= 20 && disabled >= 20,
                     qPrintable(QStringLiteral("theme %1: %2 pixels visible, %3 disabled")
                                    .arg(themeKey(theme)).arg(normal).arg(disabled)));
        }
        // An unchecked box (no text, so only the box is drawn): its outline stands apart
        // from the window around it.
        QCheckBox box;
        box.resize(box.sizeHint());
        const QImage drawn = box.grab().toImage();
        const int window = QApplication::palette().color(QPalette::Window).lightness();
        int contrasting = 0;
        for (int y = 0; y < drawn.height(); ++y)
            for (int x = 0; x < drawn.width(); ++x)
                contrasting += std::abs(drawn.pixelColor(x, y).lightness() - window) > 45 ? 1 : 0;
        QVERIFY2(contrasting >= 20, qPrintable(QStringLiteral("theme %1: %2 pixels").arg(themeKey(theme)).arg(contrasting)));
    }
    applyTheme(Theme::Light);
}

void TestPreferences::vietnameseTranslationIsComplete()
{
    QFile ts(QString::fromUtf8(lw::test::sourceDir()) + QStringLiteral("/translations/llmwb_vi.ts"));
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
