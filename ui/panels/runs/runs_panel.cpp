// RunsPanel: layout, actions, refresh and what follows the selection. The store-writing
// actions and export are in runs_panel_actions.cpp.
#include "ui/panels/runs/runs_panel.h"

#include "ui/panels/runs/run_details_pane.h"
#include "ui/panels/runs/run_display.h"
#include "ui/panels/runs/runs_chart_pane.h"
#include "ui/panels/runs/runs_filter_bar.h"
#include "ui/panels/runs/runs_filter_proxy.h"
#include "ui/panels/runs/runs_store_jobs.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/runs/store_task_queue.h"
#include "ui/widgets/config_diff_view.h"
#include "ui/widgets/flatten_json.h"

#include <QEvent>
#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace lw::ui {

using lw::store::RunRecord;

namespace {
constexpr int kPollIntervalMs = 2000;
constexpr int kMinRefreshIntervalMs = 400; // job events can arrive many times a second
} // namespace

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent),
      m_tasks(new StoreTaskQueue(this)),
      m_model(new RunsTableModel(this)),
      m_proxy(new RunsFilterProxy(this)),
      m_filterBar(new RunsFilterBar(m_proxy, this)),
      m_table(new QTableView(this)),
      m_tabs(new QTabWidget(this)),
      m_chartPane(new RunsChartPane(this)),
      m_configDiff(new ConfigDiffView(this)),
      m_samples(new QPlainTextEdit(this)),
      m_details(new RunDetailsPane(this)),
      m_errorBanner(new QLabel(this)),
      m_countLabel(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    buildActions();
    buildLayout();
    retranslateUi();

    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &RunsPanel::refresh);
    m_refreshDelay.setSingleShot(true);
    connect(&m_refreshDelay, &QTimer::timeout, this, &RunsPanel::refresh);
    // At once, so that the actions' enabled state matches the selection before the next
    // key press; the store reads it starts are asynchronous and deduplicated.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::syncSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &RunsPanel::syncSelection);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &RunsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RunsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RunsPanel::updateCount);

    connect(m_model, &RunsTableModel::renameRequested, this, [this](qint64 runId, const QString& name) {
        writeToStore([runId, name = name.toStdString()](lw::store::Store& store) { store.renameRun(runId, name); },
            tr("Renamed run #%1 to “%2”").arg(runId).arg(name));
    });
    connect(m_details, &RunDetailsPane::addTagRequested, this, [this](const QString& tag) {
        const QVector<qint64> ids = selectedRunIds();
        writeToStore([ids, tag = tag.toStdString()](lw::store::Store& store) {
            for (qint64 id : ids)
                store.addTag(id, tag);
        }, tr("Tagged %n run(s) “%1”", nullptr, int(ids.size())).arg(tag));
    });
    connect(m_details, &RunDetailsPane::removeTagRequested, this, [this](const QString& tag) {
        const QVector<qint64> ids = selectedRunIds();
        writeToStore([ids, tag = tag.toStdString()](lw::store::Store& store) {
            for (qint64 id : ids)
                store.removeTag(id, tag);
        }, tr("Removed the tag “%1”").arg(tag));
    });
    connect(m_details, &RunDetailsPane::saveNotesRequested, this, [this](qint64 runId, const QString& notes) {
        writeToStore([runId, notes = notes.toStdString()](lw::store::Store& store) { store.setRunNotes(runId, notes); },
            tr("Saved the notes of run #%1").arg(runId));
    });
    connect(m_chartPane, &RunsChartPane::exportRequested, this, &RunsPanel::exportChartWithDialog);

    updateCount();
    updateActions();
}

RunsPanel::~RunsPanel() = default;

void RunsPanel::buildActions()
{
    auto makeAction = [this](const QString& text, const QKeySequence& key, QStyle::StandardPixmap icon) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        action->setShortcut(key);
        // Active anywhere inside the panel, and only there (other panels have their own).
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
        return action;
    };
    m_resumeAction = makeAction(QString(), {}, QStyle::SP_MediaPlay);
    m_renameAction = makeAction(QString(), QKeySequence(Qt::Key_F2), QStyle::SP_FileDialogDetailedView);
    m_deleteAction = makeAction(QString(), QKeySequence::Delete, QStyle::SP_TrashIcon);
    m_exportAction = makeAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_E), QStyle::SP_DialogSaveButton);
    m_findAction = makeAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_F), QStyle::SP_FileDialogContentsView);
    m_refreshAction = makeAction(QString(), QKeySequence(Qt::Key_F5), QStyle::SP_BrowserReload);

    connect(m_resumeAction, &QAction::triggered, this, &RunsPanel::resumeCurrentRun);
    connect(m_renameAction, &QAction::triggered, this, &RunsPanel::renameCurrentRun);
    connect(m_deleteAction, &QAction::triggered, this, &RunsPanel::deleteSelectedRuns);
    connect(m_exportAction, &QAction::triggered, this, &RunsPanel::exportMetricsWithDialog);
    connect(m_findAction, &QAction::triggered, m_filterBar, &RunsFilterBar::focusSearch);
    connect(m_refreshAction, &QAction::triggered, this, &RunsPanel::refresh);
}

void RunsPanel::retranslateUi()
{
    m_resumeAction->setText(tr("Resume"));
    m_resumeAction->setToolTip(tr("Continue an interrupted or cancelled run from its newest checkpoint"));
    m_renameAction->setText(tr("Rename"));
    m_deleteAction->setText(tr("Delete"));
    m_deleteAction->setToolTip(tr("Delete the selected runs with their checkpoints and folders (Delete)"));
    m_exportAction->setText(tr("Export CSV…"));
    m_exportAction->setToolTip(tr("Save every metric of the selected runs as CSV (Ctrl+E)"));
    m_findAction->setText(tr("Filter"));
    m_refreshAction->setText(tr("Refresh"));
    m_samples->setPlaceholderText(tr("Sample generations of the current run appear here."));
    m_tabs->setTabText(m_tabs->indexOf(m_chartPane), tr("Curves"));
    m_tabs->setTabText(m_tabs->indexOf(m_configDiff), tr("Config diff"));
    m_tabs->setTabText(m_tabs->indexOf(m_samples), tr("Samples"));
    m_tabs->setTabText(m_tabs->indexOf(m_details), tr("Details and notes"));
    updateCount();
}

void RunsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange)
        return;
    retranslateUi();
    // Texts made from data (status names, details, the table's headers) are redrawn
    // from the current selection and model.
    Q_EMIT m_model->headerDataChanged(Qt::Horizontal, 0, m_model->columnCount() - 1);
    m_table->viewport()->update();
    syncSelection();
}

void RunsPanel::buildLayout()
{
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_samples->setObjectName(QStringLiteral("samples"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsTableModel::CreatedColumn, Qt::DescendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // The short columns always fit their content (a status, a step count or a tag that
    // grows later is never cut); the name and the tags share what is left.
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RunsTableModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(RunsTableModel::TagsColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000")) + 12);
    header->setHighlightSections(false);

    m_samples->setReadOnly(true);
    m_samples->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    m_errorBanner->setWordWrap(true);
    m_errorBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Translucent red reads on light and dark palettes; the text keeps the palette's colour.
    m_errorBanner->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(198, 40, 40, 45); border: 1px solid rgba(198, 40, 40, 170);"
        " border-radius: 3px; padding: 6px; }"));
    m_errorBanner->hide();

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    for (QAction* action : {m_resumeAction, m_renameAction, m_deleteAction, m_exportAction, m_refreshAction})
        toolbar->addAction(action);
    auto* top = new QHBoxLayout;
    top->addWidget(toolbar, 1);
    top->addWidget(m_countLabel);

    m_tabs->addTab(m_chartPane, QString());
    m_tabs->addTab(m_configDiff, QString());
    m_tabs->addTab(m_samples, QString());
    m_tabs->addTab(m_details, QString());

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_errorBanner);
    layout->addWidget(splitter, 1);
}

LossChart* RunsPanel::chart() const
{
    return m_chartPane->chart();
}

QString RunsPanel::projectDir() const
{
    return m_tasks->projectDir();
}

bool RunsPanel::isBusy() const
{
    return m_tasks->isBusy();
}

QString RunsPanel::errorText() const
{
    return m_errorBanner->isVisibleTo(this) ? m_errorBanner->text() : QString();
}

void RunsPanel::showError(const QString& text)
{
    m_errorBanner->setText(text);
    m_errorBanner->show();
    Q_EMIT statusMessage(text);
}

void RunsPanel::clearError()
{
    m_errorBanner->hide();
    m_errorBanner->clear();
}

void RunsPanel::setProjectDir(const QString& dir)
{
    m_tasks->setProjectDir(dir); // results of the previous project's tasks are dropped
    m_refreshInFlight = m_refreshAgain = false;
    m_curvesInFlight = m_curvesAgain = false;
    m_samplesRunId = m_samplesAtStep = -1;
    m_diffSignature.clear();
    m_model->clear();
    m_chartPane->showRuns({});
    m_configDiff->setRuns({});
    m_samples->clear();
    clearError();
    if (!dir.isEmpty())
        startRefresh();
}

void RunsPanel::refresh()
{
    if (projectDir().isEmpty())
        return;
    if (m_refreshInFlight) {
        m_refreshAgain = true;
        return;
    }
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : kMinRefreshIntervalMs;
    if (since < kMinRefreshIntervalMs) {
        if (!m_refreshDelay.isActive())
            m_refreshDelay.start(int(kMinRefreshIntervalMs - since));
        return;
    }
    startRefresh();
}

void RunsPanel::refreshAfterWrite()
{
    // The user just acted: no throttle, only coalescing with a refresh under way.
    if (m_refreshInFlight)
        m_refreshAgain = true;
    else
        startRefresh();
}

void RunsPanel::startRefresh()
{
    m_refreshDelay.stop();
    m_refreshInFlight = true;
    m_sinceRefresh.start();
    m_tasks->run<RunsSnapshot>(StoreTaskQueue::Open::ForListing,
        [](lw::store::Store& store) { return loadRuns(store); },
        [this](RunsSnapshot snapshot) {
            m_refreshInFlight = false;
            applyRuns(std::move(snapshot));
            if (std::exchange(m_refreshAgain, false))
                refreshAfterWrite();
        },
        [this](const QString& error) {
            m_refreshInFlight = m_refreshAgain = false;
            showError(tr("Could not read the runs of %1: %2").arg(projectDir(), error));
            Q_EMIT runsRefreshed();
        });
}

void RunsPanel::applyRuns(RunsSnapshot snapshot)
{
    clearError();
    m_model->setRuns(std::move(snapshot.runs), std::move(snapshot.parameterCounts));
    m_allTags.clear();
    for (const auto& tag : snapshot.allTags)
        m_allTags.append(QString::fromStdString(tag));
    m_filterBar->setTags(m_allTags);
    updateCount();
    syncSelection();
    Q_EMIT runsRefreshed();
}

QVector<qint64> RunsPanel::selectedRunIds() const
{
    QVector<qint64> ids;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        ids.append(index.data(RunsTableModel::RunIdRole).toLongLong());
    // Table order, whatever order the rows were clicked in.
    std::sort(ids.begin(), ids.end(), [this](qint64 a, qint64 b) {
        return m_proxy->mapFromSource(m_model->index(m_model->rowOfRun(a), 0)).row() <
            m_proxy->mapFromSource(m_model->index(m_model->rowOfRun(b), 0)).row();
    });
    return ids;
}

qint64 RunsPanel::currentRunId() const
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), {}))
        return current.data(RunsTableModel::RunIdRole).toLongLong();
    const QVector<qint64> ids = selectedRunIds();
    return ids.isEmpty() ? -1 : ids.first();
}

void RunsPanel::selectRuns(const QVector<qint64>& runIds)
{
    QItemSelection selection;
    QModelIndex first;
    for (qint64 id : runIds) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(m_model->rowOfRun(id), 0));
        if (!index.isValid())
            continue;
        selection.select(index, index.siblingAtColumn(RunsTableModel::ColumnCount - 1));
        if (!first.isValid())
            first = index;
    }
    m_table->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void RunsPanel::syncSelection()
{
    const QVector<qint64> ids = selectedRunIds();
    QVector<RunsChartPane::ShownRun> shown;
    QVector<const RunRecord*> records;
    for (qint64 id : ids) {
        if (const RunRecord* run = m_model->findRun(id)) {
            shown.append({id, QString::fromStdString(run->name), run->step});
            records.append(run);
        }
    }
    m_chartPane->showRuns(shown);
    requestCurves();
    updateConfigDiff();

    const RunRecord* current = m_model->findRun(currentRunId());
    m_details->showRuns(records, current, m_allTags);
    if (!current) {
        m_samplesRunId = m_samplesAtStep = -1;
        m_samples->clear();
    } else if (current->id != m_samplesRunId || current->step != m_samplesAtStep) {
        loadSamples(current->id, current->step);
    }
    updateActions();
}

void RunsPanel::updateConfigDiff()
{
    QString signature;
    QVector<ConfigDiffModel::RunConfig> configs;
    for (qint64 id : selectedRunIds()) {
        const RunRecord* run = m_model->findRun(id);
        if (!run)
            continue;
        const QString title = runTitle(*run);
        const std::string config = run->config.dump();
        signature += title + QString::number(qHash(QByteArray::fromStdString(config))) + QLatin1Char('\n');
        configs.append({title, flattenJson(run->config)});
    }
    if (signature == m_diffSignature)
        return; // unchanged: keep the view's scroll position through the polling
    m_diffSignature = signature;
    m_configDiff->setRuns(std::move(configs));
}

void RunsPanel::requestCurves()
{
    if (m_curvesInFlight) {
        m_curvesAgain = true;
        return;
    }
    const QVector<CurveRequest> requests = m_chartPane->takeCurveRequests();
    if (requests.isEmpty())
        return;
    m_curvesInFlight = true;
    m_tasks->run<QVector<RunCurves>>(StoreTaskQueue::Open::Plain,
        [requests](lw::store::Store& store) { return loadCurves(store, requests); },
        [this](QVector<RunCurves> curves) {
            m_curvesInFlight = false;
            m_chartPane->applyCurves(curves);
            Q_EMIT curvesLoaded();
            if (std::exchange(m_curvesAgain, false))
                requestCurves();
        },
        [this, requests](const QString& error) {
            m_curvesInFlight = m_curvesAgain = false;
            m_chartPane->forgetRequests(requests);
            showError(tr("Could not read the curves: %1").arg(error));
        });
}

void RunsPanel::loadSamples(qint64 runId, qint64 atStep)
{
    m_samplesRunId = runId;
    m_samplesAtStep = atStep;
    m_tasks->run<QString>(StoreTaskQueue::Open::Plain,
        [runId](lw::store::Store& store) { return loadSamplesText(store, runId); },
        [this, runId](QString text) {
            if (runId != m_samplesRunId)
                return; // another run became current meanwhile
            if (text != m_samples->toPlainText()) {
                m_samples->setPlainText(text);
                m_samples->moveCursor(QTextCursor::End); // the newest sample
            }
            Q_EMIT samplesLoaded();
        },
        [this](const QString& error) {
            m_samplesRunId = m_samplesAtStep = -1;
            showError(tr("Could not read the samples: %1").arg(error));
        });
    // The checkpoints change as the run goes on: read with its samples.
    m_tasks->run<std::vector<CheckpointRow>>(StoreTaskQueue::Open::Plain,
        [runId](lw::store::Store& store) { return loadCheckpoints(store, runId); },
        [this, runId](std::vector<CheckpointRow> rows) {
            if (runId != m_samplesRunId)
                return;
            m_details->showCheckpoints(runId, rows);
            Q_EMIT checkpointsLoaded();
        },
        [this](const QString& error) { showError(tr("Could not read the checkpoints: %1").arg(error)); });
    m_tasks->run<std::vector<lw::records::LineageEntry>>(StoreTaskQueue::Open::Plain,
        [runId](lw::store::Store& store) { return loadDatasetLineage(store, runId); },
        [this, runId](std::vector<lw::records::LineageEntry> lineage) {
            if (runId != m_samplesRunId)
                return;
            m_details->showDatasetLineage(runId, lineage);
            Q_EMIT datasetLineageLoaded();
        },
        [this](const QString& error) { showError(tr("Could not read the run's dataset: %1").arg(error)); });
}

void RunsPanel::updateActions()
{
    const QVector<qint64> ids = selectedRunIds();
    const RunRecord* current = m_model->findRun(currentRunId());
    m_resumeAction->setEnabled(current && isResumable(current->status));
    m_renameAction->setEnabled(current != nullptr);
    m_deleteAction->setEnabled(!ids.isEmpty());
    m_exportAction->setEnabled(!ids.isEmpty());
}

void RunsPanel::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_countLabel->setText(shown == total ? tr("%n run(s)", nullptr, total)
                                         : tr("%1 of %n run(s) shown", nullptr, total).arg(shown));
}

void RunsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_pollTimer.start();
    refresh();
}

void RunsPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_pollTimer.stop();
}

} // namespace lw::ui
