// The sidebar's panel labels, in English and in Vietnamese, each drawn whole on one
// line: its text (QFontMetrics) plus the item view's focus-frame margins fits the room
// the sidebar gives the item. With LW_SCREENSHOT_DIR set, the window is saved there in
// each language for a person to look at.
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QListWidget>
#include <QStyle>
#include <QtTest>

#include <memory>

using namespace lw::ui;

class TestSidebarLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyLabelIsWhole_data();
    void everyLabelIsWhole();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestSidebarLabels::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSidebarLabels::everyLabelIsWhole_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("vi") << QStringLiteral("vi");
}

void TestSidebarLabels::everyLabelIsWhole()
{
    QFETCH(QString, language);
    m_window->preferences()->setLanguage(language);
    QListWidget* sidebar = m_window->sidebar();
    QTRY_VERIFY(sidebar->count() > 0 && (language == "en") == (sidebar->item(0)->text() == "Train"));
    QApplication::processEvents();
    const QFontMetrics metrics(sidebar->font());
    const int margins = 2 * (sidebar->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, sidebar) + 1);
    for (int i = 0; i < sidebar->count(); ++i) {
        const QListWidgetItem* item = sidebar->item(i);
        const QRect room = sidebar->visualItemRect(item);
        const int needed = metrics.horizontalAdvance(item->text()) + margins;
        QVERIFY2(needed <= room.width() && room.right() < sidebar->viewport()->width(),
                 qPrintable(QStringLiteral("'%1' needs %2 px, has %3 (right edge %4 of %5)")
                                .arg(item->text())
                                .arg(needed)
                                .arg(room.width())
                                .arg(room.right())
                                .arg(sidebar->viewport()->width())));
    }
    const QString shots = qEnvironmentVariable("LW_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(m_window->grab().save(shots + QStringLiteral("/sidebar-%1.png").arg(language)));
    }
}

void TestSidebarLabels::cleanupTestCase()
{
    if (m_window)
        m_window->preferences()->setLanguage(QStringLiteral("en"));
    m_window.reset();
}

LW_TEST_MAIN(TestSidebarLabels)
#include "test_sidebar_labels.moc"
