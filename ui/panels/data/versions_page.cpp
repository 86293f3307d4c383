#include "ui/panels/data/versions_page.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_query.h"
#include "ui/panels/data/dataset_details_text.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lw::ui::data {

namespace {

enum Column { NameColumn, KindColumn, RowsColumn, RejectedColumn, ColumnCount };

} // namespace

VersionsPage::VersionsPage(QWidget* parent)
    : QWidget(parent), m_listQuery(new DataQuery(this)), m_showQuery(new DataQuery(this)),
      m_deleteQuery(new DataQuery(this)), m_tree(new QTreeWidget(this)), m_details(new QTextBrowser(this)),
      m_error(new QLabel(this)), m_refreshAction(new QAction(this)), m_deleteAction(new QAction(this)),
      m_exportAction(new QAction(this))
{
    m_tree->setObjectName(QStringLiteral("versionsTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setUniformRowHeights(true);
    m_details->setObjectName(QStringLiteral("versionDetails"));
    m_details->setOpenLinks(false);
    m_error->setObjectName(QStringLiteral("versionsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();

    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_refreshAction);
    addAction(m_deleteAction);
    addAction(m_exportAction);
    auto* refreshButton = new QToolButton(this);
    refreshButton->setDefaultAction(m_refreshAction);
    refreshButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* deleteButton = new QToolButton(this);
    deleteButton->setObjectName(QStringLiteral("deleteVersion"));
    deleteButton->setDefaultAction(m_deleteAction);
    deleteButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportVersion"));
    exportButton->setDefaultAction(m_exportAction);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addWidget(deleteButton);
    buttons->addWidget(exportButton);
    buttons->addStretch(1);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_tree, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);

    connect(m_refreshAction, &QAction::triggered, this, &VersionsPage::refresh);
    connect(m_deleteAction, &QAction::triggered, this, &VersionsPage::deleteCurrentWithQuestion);
    connect(m_exportAction, &QAction::triggered, this, [this] {
        const QString name = currentDataset();
        for (const DatasetEntry& d : std::as_const(m_datasets))
            if (d.name == name)
                Q_EMIT exportRequested(name, d.recordKind);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &VersionsPage::onCurrentChanged);
    connect(m_listQuery, &DataQuery::succeeded, this, [this](const QJsonObject& json) {
        m_error->hide();
        m_datasets = datasetListFromJson(json);
        fillTree();
        Q_EMIT datasetsListed(m_datasets);
    });
    connect(m_listQuery, &DataQuery::failed, this, &VersionsPage::showError);
    connect(m_showQuery, &DataQuery::succeeded, this, [this](const QJsonObject& json) {
        m_details->setHtml(manifestHtml(datasetManifestFromJson(json)));
    });
    connect(m_showQuery, &DataQuery::failed, this, &VersionsPage::showError);
    connect(m_deleteQuery, &DataQuery::succeeded, this, &VersionsPage::refresh);
    connect(m_deleteQuery, &DataQuery::failed, this, [this](const QString& message) {
        showError(message);
        refresh();
    });
    retranslateUi();
}

void VersionsPage::retranslateUi()
{
    m_tree->setHeaderLabels({tr("Version"), tr("Kind"), tr("Rows"), tr("Rejected")});
    m_refreshAction->setText(tr("Refresh"));
    m_refreshAction->setToolTip(tr("Read the dataset versions again (F5)"));
    m_deleteAction->setText(tr("Delete"));
    m_deleteAction->setToolTip(tr("Delete the selected version and its folder (Delete)"));
    m_exportAction->setText(tr("Export…"));
    m_exportAction->setToolTip(tr("Write the selected version as JSON Lines or as token files (Ctrl+E)"));
    m_details->setPlaceholderText(tr("Select a version to see its sources, recipe, step counts and splits."));
}

void VersionsPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange)
        return;
    retranslateUi();
    // Counts and details are written in the language of the moment.
    fillTree();
}

void VersionsPage::setProjectDir(const QString& dir)
{
    m_projectDir = dir;
    m_datasets.clear();
    m_tree->clear();
    m_details->clear();
    refresh();
}

void VersionsPage::refresh()
{
    if (m_projectDir.isEmpty())
        return;
    m_listQuery->run(listArguments(m_projectDir));
}

bool VersionsPage::isBusy() const
{
    return m_listQuery->isRunning() || m_showQuery->isRunning() || m_deleteQuery->isRunning();
}

void VersionsPage::showError(const QString& message)
{
    m_error->setText(message);
    m_error->show();
}

void VersionsPage::fillTree()
{
    const QString keep = m_wanted.isEmpty() ? currentDataset() : m_wanted;
    QSignalBlocker block(m_tree);
    m_tree->clear();
    QHash<QString, QTreeWidgetItem*> items;
    for (const DatasetEntry& d : std::as_const(m_datasets)) {
        auto* item = new QTreeWidgetItem;
        item->setText(NameColumn, d.name);
        item->setText(KindColumn, d.recordKind);
        item->setText(RowsColumn, QLocale().toString(d.rows));
        item->setText(RejectedColumn, QLocale().toString(d.rejected));
        item->setTextAlignment(RowsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(RejectedColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(NameColumn, Qt::UserRole, d.name);
        items.insert(d.name, item);
    }
    // Parents first or not, each version hangs under the one it was made from; a version
    // whose parent is gone is a root.
    for (const DatasetEntry& d : std::as_const(m_datasets)) {
        QTreeWidgetItem* parent = items.value(d.parent);
        if (parent && parent != items.value(d.name))
            parent->addChild(items.value(d.name));
        else
            m_tree->addTopLevelItem(items.value(d.name));
    }
    m_tree->expandAll();
    for (int c = KindColumn; c < ColumnCount; ++c)
        m_tree->resizeColumnToContents(c);
    block.unblock();
    QTreeWidgetItem* current = items.value(keep);
    if (!current && m_tree->topLevelItemCount() > 0)
        current = m_tree->topLevelItem(0);
    if (current) {
        if (current->text(NameColumn) == m_wanted)
            m_wanted.clear();
        m_tree->setCurrentItem(current);
    }
    onCurrentChanged();
}

void VersionsPage::selectDataset(const QString& name)
{
    const auto found = m_tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, NameColumn);
    if (found.isEmpty()) {
        m_wanted = name;
        return;
    }
    m_tree->setCurrentItem(found.first());
}

QString VersionsPage::currentDataset() const
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    return item ? item->data(NameColumn, Qt::UserRole).toString() : QString();
}

void VersionsPage::onCurrentChanged()
{
    const QString name = currentDataset();
    m_deleteAction->setEnabled(!name.isEmpty());
    m_exportAction->setEnabled(!name.isEmpty());
    if (name.isEmpty()) {
        m_showQuery->abandon();
        m_details->clear();
    } else {
        m_showQuery->run(showArguments(m_projectDir, name));
    }
    Q_EMIT currentDatasetChanged(name);
}

void VersionsPage::deleteDataset(const QString& name)
{
    if (name.isEmpty() || m_projectDir.isEmpty())
        return;
    m_deleteQuery->run(deleteArguments(m_projectDir, name));
}

void VersionsPage::deleteCurrentWithQuestion()
{
    const QString name = currentDataset();
    if (name.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete dataset version"),
        tr("Delete the dataset version %1 and its folder?").arg(name));
    if (answer == QMessageBox::Yes)
        deleteDataset(name);
}

} // namespace lw::ui::data
