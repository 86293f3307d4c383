// Runs panel, the table: it lists the store's runs, sorts by a clicked column, filters
// by text, status, tag and date, follows the store on refresh, and shows a damaged or
// missing store as an error in the panel.
#include "panel_test_helpers.h"
#include "runs_fixture.h"

#include "core/store/sqlite_connection.h"
#include "ui/panels/runs/run_display.h"
#include "ui/panels/runs/runs_filter_bar.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lw::store;
using lw::ui::RunsPanel;
using lw::ui::RunsTableModel;
using panel_test::visibleNames;

class TestRunsPanelTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void listsTheRunsOfTheStore();
    void statusesAreNamedAndColoured();
    void clickingAHeaderSortsByThatColumn();
    void filtersChangeTheVisibleRows();
    void dateRangeFiltersByCreationDay();
    void refreshFollowsTheStoreAndKeepsTheSelection();
    void damagedStoreShowsAnError_data();
    void damagedStoreShowsAnError();

private:
    void openPanel(const QString& dir);
    void clickHeader(int column);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RunsFixture> m_fixture;
    std::unique_ptr<RunsPanel> m_panel;
    int64_t m_baseline = 0, m_wide = 0, m_crashed = 0, m_queued = 0;
};

void TestRunsPanelTable::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fixture = std::make_unique<RunsFixture>(m_dir->filePath("project"));
    m_baseline = m_fixture->addRun({"baseline", RunStatus::Completed, 30, 100, 2.0, {"baseline"}});
    m_wide = m_fixture->addRun({"wide", RunStatus::Completed, 50, 100, 1.5, {"sweep"}});
    m_crashed = m_fixture->addRun({"crashed", RunStatus::Interrupted, 20, 100, 2.5, {"sweep"}});
    m_queued = m_fixture->addRun({"queued", RunStatus::Created, 0, 100});
    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(1200, 800);
}

void TestRunsPanelTable::cleanup()
{
    m_panel.reset();
    m_fixture.reset();
    m_dir.reset();
}

void TestRunsPanelTable::openPanel(const QString& dir)
{
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::runsRefreshed);
    m_panel->setProjectDir(dir);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(10000));
}

void TestRunsPanelTable::clickHeader(int column)
{
    QHeaderView* header = m_panel->table()->horizontalHeader();
    const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
}

void TestRunsPanelTable::listsTheRunsOfTheStore()
{
    openPanel(m_fixture->dir());
    QVERIFY(m_panel->errorText().isEmpty());
    // Newest first by default.
    QCOMPARE(visibleNames(*m_panel), QStringList({"queued", "crashed", "wide", "baseline"}));

    QAbstractItemModel* model = m_panel->table()->model();
    const int wide = panel_test::visibleRowOf(*m_panel, m_wide);
    QCOMPARE(model->index(wide, RunsTableModel::StepsColumn).data().toString(), QString("50 / 100"));
    QCOMPARE(model->index(wide, RunsTableModel::TagsColumn).data().toString(), QString("sweep"));
    // The best validation loss is the lowest val_loss point the fixture wrote.
    double best = 1e9;
    for (const auto& point : m_fixture->metrics(m_wide))
        if (point.name == "val_loss")
            best = std::min(best, point.value);
    QVERIFY(model->index(wide, RunsTableModel::BestValLossColumn).data().toString().startsWith(QString::number(best, 'f', 4)));
    const int queued = panel_test::visibleRowOf(*m_panel, m_queued);
    QCOMPARE(model->index(queued, RunsTableModel::BestValLossColumn).data().toString(), QString("—"));
    QCOMPARE(model->index(queued, RunsTableModel::DurationColumn).data().toString(), QString("—"));
    QVERIFY(!model->index(wide, RunsTableModel::DurationColumn).data().toString().isEmpty());
    QVERIFY(m_panel->findChild<QLabel*>() != nullptr);
}

void TestRunsPanelTable::statusesAreNamedAndColoured()
{
    openPanel(m_fixture->dir());
    QAbstractItemModel* model = m_panel->table()->model();
    auto status = [&](int64_t id) {
        return model->index(panel_test::visibleRowOf(*m_panel, id), RunsTableModel::StatusColumn);
    };
    QCOMPARE(status(m_wide).data().toString(), QString("Completed"));
    // Its process died without an end: listing marked it interrupted.
    QCOMPARE(status(m_crashed).data().toString(), QString("Interrupted"));
    QCOMPARE(m_fixture->openStore().run(m_crashed).status, RunStatus::Interrupted);
    QCOMPARE(status(m_queued).data().toString(), QString("Created"));
    const QColor completed = status(m_wide).data(Qt::ForegroundRole).value<QColor>();
    const QColor interrupted = status(m_crashed).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(completed.isValid() && interrupted.isValid());
    QVERIFY(completed != interrupted);
}

void TestRunsPanelTable::clickingAHeaderSortsByThatColumn()
{
    openPanel(m_fixture->dir());
    QHeaderView* header = m_panel->table()->horizontalHeader();

    clickHeader(RunsTableModel::BestValLossColumn);
    QCOMPARE(header->sortIndicatorSection(), int(RunsTableModel::BestValLossColumn));
    // wide (1.5...) < baseline (2.0...) < crashed (2.5...); queued has none: always last.
    const QStringList ascending{"wide", "baseline", "crashed", "queued"};
    const QStringList descending{"crashed", "baseline", "wide", "queued"};
    const Qt::SortOrder first = header->sortIndicatorOrder();
    QCOMPARE(visibleNames(*m_panel), first == Qt::AscendingOrder ? ascending : descending);
    clickHeader(RunsTableModel::BestValLossColumn);
    QVERIFY(header->sortIndicatorOrder() != first);
    QCOMPARE(visibleNames(*m_panel), first == Qt::AscendingOrder ? descending : ascending);

    clickHeader(RunsTableModel::StepsColumn);
    const QStringList byStepsUp{"queued", "crashed", "baseline", "wide"};
    QStringList names = visibleNames(*m_panel);
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        std::reverse(names.begin(), names.end());
    QCOMPARE(names, byStepsUp);

    clickHeader(RunsTableModel::NameColumn);
    names = visibleNames(*m_panel);
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        std::reverse(names.begin(), names.end());
    QCOMPARE(names, QStringList({"baseline", "crashed", "queued", "wide"}));
}

void TestRunsPanelTable::filtersChangeTheVisibleRows()
{
    openPanel(m_fixture->dir());
    lw::ui::RunsFilterBar* bar = m_panel->filterBar();

    // Ctrl+F from the table goes to the filter; typing filters by name.
    m_panel->table()->setFocus();
    QTest::keyClick(m_panel->table(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), bar->searchEdit());
    QTest::keyClicks(bar->searchEdit(), "WI");
    QCOMPARE(visibleNames(*m_panel), QStringList({"wide"}));
    bar->searchEdit()->clear();
    QTest::keyClicks(bar->searchEdit(), QString("#%1").arg(m_crashed));
    QCOMPARE(visibleNames(*m_panel), QStringList({"crashed"}));
    bar->searchEdit()->clear();
    QCOMPARE(visibleNames(*m_panel).size(), 4);

    // By status.
    QComboBox* status = bar->statusBox();
    status->setCurrentIndex(status->findData(int(RunStatus::Completed)));
    QCOMPARE(visibleNames(*m_panel), QStringList({"wide", "baseline"}));
    status->setCurrentIndex(status->findData(int(RunStatus::Interrupted)));
    QCOMPARE(visibleNames(*m_panel), QStringList({"crashed"}));
    status->setCurrentIndex(0);

    // By tag (the tag list comes from the store), combined with text.
    QComboBox* tag = bar->tagBox();
    QCOMPARE(tag->count(), 3); // any, baseline, sweep
    tag->setCurrentIndex(tag->findData("sweep"));
    QCOMPARE(visibleNames(*m_panel), QStringList({"crashed", "wide"}));
    QTest::keyClicks(bar->searchEdit(), "cra");
    QCOMPARE(visibleNames(*m_panel), QStringList({"crashed"}));
}

void TestRunsPanelTable::dateRangeFiltersByCreationDay()
{
    // "baseline" was made 40 days ago (the store keeps creation times; set it back).
    {
        Store store = m_fixture->openStore();
        store.connection()
            .query("UPDATE runs SET created_at = ? WHERE id = ?", nowSeconds() - 40 * 86400.0, m_baseline)
            .run();
    }
    openPanel(m_fixture->dir());
    lw::ui::RunsFilterBar* bar = m_panel->filterBar();
    const QDate today = QDate::currentDate();
    bar->fromEdit()->setDate(today.addDays(-7));
    bar->toEdit()->setDate(today);
    QTest::mouseClick(bar->dateRangeBox(), Qt::LeftButton, {}, QPoint(8, bar->dateRangeBox()->height() / 2));
    QVERIFY(bar->dateRangeBox()->isChecked());
    QCOMPARE(visibleNames(*m_panel), QStringList({"queued", "crashed", "wide"}));
    bar->fromEdit()->setDate(today.addDays(-60));
    bar->toEdit()->setDate(today.addDays(-30));
    QCOMPARE(visibleNames(*m_panel), QStringList({"baseline"}));
    QTest::mouseClick(bar->dateRangeBox(), Qt::LeftButton, {}, QPoint(8, bar->dateRangeBox()->height() / 2));
    QCOMPARE(visibleNames(*m_panel).size(), 4);
}

void TestRunsPanelTable::refreshFollowsTheStoreAndKeepsTheSelection()
{
    openPanel(m_fixture->dir());
    QVERIFY(panel_test::clickRun(*m_panel, m_wide));
    QCOMPARE(m_panel->selectedRunIds(), QVector<qint64>({m_wide}));

    const int64_t added = m_fixture->addRun({"newcomer", RunStatus::Completed, 10, 10, 3.0});
    {
        Store store = m_fixture->openStore();
        store.renameRun(m_wide, "wide (renamed elsewhere)");
    }
    m_panel->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(panel_test::visibleRowOf(*m_panel, added) >= 0, 10000);
    QCOMPARE(m_panel->selectedRunIds(), QVector<qint64>({m_wide}));
    QTRY_VERIFY(visibleNames(*m_panel).contains("wide (renamed elsewhere)"));
}

void TestRunsPanelTable::damagedStoreShowsAnError_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("not a database") << "garbage";
    QTest::newRow("pages overwritten") << "pages";
    QTest::newRow("no project folder") << "missing";
}

void TestRunsPanelTable::damagedStoreShowsAnError()
{
    QFETCH(QString, damage);
    openPanel(m_fixture->dir());
    QCOMPARE(visibleNames(*m_panel).size(), 4);

    // No store connection of the panel may be open while the file is damaged: closing
    // one checkpoints its WAL back into the file and could repair it.
    m_panel->hide(); // stops the polling
    QTRY_VERIFY(!m_panel->isBusy());

    QString dir = m_fixture->dir();
    const std::string db = (m_fixture->dir() + "/workbench.db").toStdString();
    if (damage == "garbage") {
        std::ofstream(db, std::ios::binary | std::ios::trunc) << std::string(8192, '\x5a');
    } else if (damage == "pages") {
        // Keep the header page, scribble over every page after it.
        std::fstream file(db, std::ios::binary | std::ios::in | std::ios::out);
        file.seekg(0, std::ios::end);
        const std::streamoff size = file.tellg();
        QVERIFY(size > 4096);
        file.seekp(4096);
        file << std::string(size_t(size - 4096), '\xa5');
    } else {
        dir = m_dir->filePath("no-such-project");
    }
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::runsRefreshed);
    m_panel->setProjectDir(dir);
    m_panel->show();
    QVERIFY(refreshed.wait(10000));
    QTRY_VERIFY(m_panel->errorBanner()->isVisible());
    const QString error = m_panel->errorText();
    QVERIFY2(error.contains(damage == "missing" ? "no-such-project" : "workbench.db"), qPrintable(error));
    QCOMPARE(visibleNames(*m_panel).size(), 0);
}

LW_TEST_MAIN(TestRunsPanelTable)
#include "test_runs_panel_table.moc"
