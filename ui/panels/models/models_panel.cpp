#include "ui/panels/models/models_panel.h"

#include "core/catalog/model_import.h"
#include "core/store/project.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/models/export_model_dialog.h"
#include "ui/panels/models/merge_dialog.h"
#include "ui/panels/models/model_details_text.h"
#include "ui/shell/background.h"
#include "ui/shell/themed_icons.h"

#include "ui/widgets/panel_shortcut.h"
#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <exception>

namespace lw::ui::models {

namespace {

bool importable(const QString& path)
{
    const QFileInfo info(path);
    return info.isDir() || (info.isFile() && info.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0);
}

} // namespace

ModelsPanel::ModelsPanel(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_job(new data::DataJob(supervisor, this)), m_table(new QTableWidget(0, ColumnCount, this)),
      m_details(new QTextBrowser(this)), m_error(new QLabel(this)), m_result(new QLabel(this)),
      m_progress(new data::JobProgressRow(m_job, this)), m_importButton(new QPushButton(this)),
      m_exportButton(new QPushButton(this)), m_mergeButton(new QPushButton(this)),
      m_deleteButton(new QPushButton(this)), m_exportDialog(new ExportModelDialog(this)),
      m_mergeDialog(new MergeDialog(this)),
      m_importFolder(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+I")))),
      m_importGguf(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+Shift+I")))),
      m_export(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+E")))),
      m_merge(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+M")))),
      m_delete(panelShortcut(this, QKeySequence::Delete)), m_refresh(panelShortcut(this, QKeySequence::Refresh))
{
    setObjectName(QStringLiteral("modelsPanel"));
    setAcceptDrops(true);
    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_details->setObjectName(QStringLiteral("modelDetails"));
    m_details->setOpenLinks(false);
    m_error->setObjectName(QStringLiteral("modelsError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_result->setObjectName(QStringLiteral("modelsResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_importButton->setObjectName(QStringLiteral("importModel"));
    m_exportButton->setObjectName(QStringLiteral("exportModel"));
    m_mergeButton->setObjectName(QStringLiteral("mergeModels"));
    m_deleteButton->setObjectName(QStringLiteral("deleteModel"));
    m_importButton->setIcon(themedIcon(QStringLiteral(":/icons/models.svg")));
    auto* importMenu = new QMenu(m_importButton);
    importMenu->addAction(m_importFolder);
    importMenu->addAction(m_importGguf);
    m_importButton->setMenu(importMenu);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_importButton);
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_mergeButton);
    buttons->addWidget(m_deleteButton);
    buttons->addStretch();
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    layout->addWidget(m_result);
    layout->addWidget(splitter, 1);

    connect(m_importFolder, &QAction::triggered, this, &ModelsPanel::chooseFolderToImport);
    connect(m_importGguf, &QAction::triggered, this, &ModelsPanel::chooseGgufToImport);
    connect(m_export, &QAction::triggered, this, &ModelsPanel::showExportDialog);
    connect(m_merge, &QAction::triggered, this, &ModelsPanel::showMergeDialog);
    connect(m_delete, &QAction::triggered, this, &ModelsPanel::deleteCurrentWithQuestion);
    connect(m_refresh, &QAction::triggered, this, &ModelsPanel::refresh);
    connect(m_exportButton, &QPushButton::clicked, m_export, &QAction::trigger);
    connect(m_mergeButton, &QPushButton::clicked, m_merge, &QAction::trigger);
    connect(m_deleteButton, &QPushButton::clicked, m_delete, &QAction::trigger);
    connect(m_exportDialog, &QDialog::accepted, this, [this] { exportModel(m_exportDialog->request()); });
    connect(m_mergeDialog, &QDialog::accepted, this, [this] { mergeModels(m_mergeDialog->request()); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        menu.addAction(m_importFolder);
        menu.addAction(m_importGguf);
        menu.addSeparator();
        menu.addAction(m_export);
        menu.addAction(m_merge);
        menu.addAction(m_delete);
        menu.addSeparator();
        menu.addAction(m_refresh);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_job, &data::DataJob::runningChanged, this, &ModelsPanel::updateActions);
    connect(m_job, &data::DataJob::started, this, [this] {
        m_error->hide();
        m_result->clear();
    });
    connect(m_job, &data::DataJob::succeeded, this, [this](const QJsonObject& result) {
        const QString path = result.value(QStringLiteral("path")).toString();
        const QString text =
            result.contains(QStringLiteral("files"))
                ? tr("Exported %1 to %2").arg(result.value(QStringLiteral("model")).toString(), path)
            : result.contains(QStringLiteral("adapter"))
                ? tr("Exported the adapter %1 to %2").arg(result.value(QStringLiteral("adapter")).toString(), path)
                : tr("Model %1 is ready.").arg(result.value(QStringLiteral("name")).toString());
        m_result->setText(text);
        Q_EMIT statusMessage(text);
        if (!m_jobModel.isEmpty()) {
            m_wanted = m_jobModel;
            Q_EMIT modelsChanged();
        }
        refresh();
        startNextImport();
    });
    connect(m_job, &data::DataJob::failed, this, [this](const QString& message) {
        const int dropped = dropImportQueue();
        showError(dropped == 0 ? message
                               : tr("%1\nThe %n import(s) waiting after it were not started.", nullptr, dropped)
                                     .arg(message));
    });
    connect(m_job, &data::DataJob::cancelled, this, [this] {
        const int dropped = dropImportQueue();
        m_result->setText(dropped == 0 ? tr("Cancelled; nothing was kept.")
                                       : tr("Cancelled; nothing was kept, and the %n import(s) waiting after it "
                                            "were not started.",
                                            nullptr, dropped));
        refresh();
    });
    retranslateUi();
    updateActions();
}

void ModelsPanel::setProjectDir(const QString& dir)
{
    m_projectDir = dir;
    dropImportQueue(); // they were meant for the project before
    m_entries.clear();
    m_error->hide();
    m_result->clear();
    fillTable();
    refresh();
}

void ModelsPanel::refresh()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    const int generation = ++m_listGeneration;
    m_listing = true;
    runInBackground(
        this, [dir] { return loadModelListing(dir); },
        [this, dir, generation](const ModelListing& listing) {
            if (dir != m_projectDir || generation != m_listGeneration)
                return; // a newer question was asked meanwhile
            m_listing = false;
            m_entries = listing.entries;
            if (!listing.error.isEmpty())
                showError(tr("The project's models could not be read: %1").arg(listing.error));
            fillTable();
            Q_EMIT listed();
        });
}

void ModelsPanel::fillTable()
{
    const QString selected = currentEntry() ? currentEntry()->name : QString();
    const QString want = m_wanted.isEmpty() ? selected : m_wanted;
    const QLocale locale;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    int selectRow = -1;
    for (const ModelEntry& e : m_entries) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QString created =
            e.createdAt > 0 ? locale.toString(QDateTime::fromSecsSinceEpoch(qint64(e.createdAt)), QLocale::ShortFormat)
                            : QString();
        const QString family =
            e.architecture.isEmpty() ? e.family : QStringLiteral("%1 · %2").arg(e.family, e.architecture);
        const QStringList cells = {e.name,  kindText(e.kind),
                                   family,  parameterText(e.parameters),
                                   e.dtype, e.bytes > 0 ? locale.formattedDataSize(e.bytes) : QString(),
                                   created};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column == ParametersColumn || column == SizeColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
        m_table->item(row, NameColumn)->setToolTip(e.path);
        if (e.name == want)
            selectRow = row;
    }
    if (selectRow < 0 && !m_entries.isEmpty())
        selectRow = 0;
    if (selectRow >= 0) {
        m_table->selectRow(selectRow);
        if (m_entries[selectRow].name == m_wanted)
            m_wanted.clear();
    }
    updateDetails();
    updateActions();
}

const ModelEntry* ModelsPanel::currentEntry() const
{
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty())
        return nullptr;
    const int row = selected.first()->row();
    return row >= 0 && row < m_entries.size() ? &m_entries[row] : nullptr;
}

void ModelsPanel::selectModel(const QString& name)
{
    for (int row = 0; row < m_entries.size(); ++row)
        if (m_entries[row].name == name) {
            m_table->selectRow(row);
            return;
        }
    m_wanted = name; // when the list being read arrives
}

void ModelsPanel::updateDetails()
{
    const ModelEntry* e = currentEntry();
    m_details->setHtml(e ? modelDetailsHtml(*e)
                         : QStringLiteral("<p>%1</p>")
                               .arg(tr("No model yet. Import a Hugging Face "
                                       "folder or a GGUF file (Ctrl+I, or drop "
                                       "it here), or train a run.")
                                        .toHtmlEscaped()));
}

void ModelsPanel::updateActions()
{
    const bool idle = !m_job->isRunning() && !m_projectDir.isEmpty();
    const ModelEntry* e = currentEntry();
    m_importFolder->setEnabled(idle);
    m_importGguf->setEnabled(idle);
    m_importButton->setEnabled(idle);
    m_export->setEnabled(idle && e);
    m_exportButton->setEnabled(idle && e);
    m_merge->setEnabled(idle && !m_entries.isEmpty());
    m_mergeButton->setEnabled(idle && !m_entries.isEmpty());
    m_delete->setEnabled(idle && e && e->deletable());
    m_deleteButton->setEnabled(idle && e && e->deletable());
}

void ModelsPanel::showError(const QString& message)
{
    m_error->setText(message);
    m_error->show();
    Q_EMIT statusMessage(message);
}

void ModelsPanel::startJob(const JobSpec& spec, const QString& selectAfter)
{
    m_jobModel = selectAfter;
    if (!m_job->start(spec))
        showError(tr("Another model job is running; wait for it or cancel it."));
}

QString ModelsPanel::suggestedName(const QString& path, const QStringList& alsoTaken) const
{
    const QFileInfo info(QDir::cleanPath(path));
    QString base = info.isDir() ? info.fileName() : info.completeBaseName();
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    if (base.isEmpty())
        base = QStringLiteral("model");
    QString name = base;
    for (int n = 2;; ++n) {
        bool taken = alsoTaken.contains(name);
        for (const ModelEntry& e : m_entries)
            taken = taken || e.name == name;
        if (!taken)
            return name;
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    }
}

void ModelsPanel::importModel(const QString& path, const QString& name)
{
    startJob(importJob(m_projectDir, path, name), name);
}

void ModelsPanel::importPaths(const QStringList& paths)
{
    for (const QString& path : paths) {
        if (!importable(path)) {
            showError(tr("%1 is neither a folder nor a .gguf file; only those can be "
                         "imported as models.")
                          .arg(QDir::toNativeSeparators(path)));
            return;
        }
    }
    QStringList taken;
    if (m_job->isRunning())
        taken << m_jobModel;
    for (const QueuedImport& queued : std::as_const(m_importQueue))
        taken << queued.name;
    for (const QString& path : paths) {
        const QString name = suggestedName(path, taken);
        m_importQueue.append({path, name});
        taken << name;
    }
    const int waiting = int(m_importQueue.size()) - (m_job->isRunning() ? 0 : 1);
    startNextImport();
    if (waiting > 0)
        Q_EMIT statusMessage(tr("%n more model(s) will be imported after this one, one job each.", nullptr, waiting));
}

void ModelsPanel::startNextImport()
{
    if (m_job->isRunning() || m_importQueue.isEmpty())
        return;
    const QueuedImport next = m_importQueue.takeFirst();
    importModel(next.path, next.name);
}

int ModelsPanel::dropImportQueue()
{
    const int dropped = int(m_importQueue.size());
    m_importQueue.clear();
    return dropped;
}

void ModelsPanel::exportModel(const ExportRequest& request)
{
    startJob(exportJob(request), QString());
}

void ModelsPanel::mergeModels(const MergeRequest& request)
{
    startJob(mergeJob(request), request.name);
}

void ModelsPanel::deleteModel(const QString& name)
{
    const QString dir = m_projectDir;
    runInBackground(
        this,
        [dir, name]() -> QString {
            try {
                catalog::deleteModel(store::Project::open(dir.toStdString()), name.toStdString());
                return {};
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
        },
        [this, name](const QString& error) {
            if (!error.isEmpty()) {
                showError(tr("Could not delete %1: %2").arg(name, error));
                return;
            }
            m_result->setText(tr("Model %1 deleted.").arg(name));
            Q_EMIT statusMessage(m_result->text());
            Q_EMIT modelsChanged();
            refresh();
        });
}

void ModelsPanel::chooseFolderToImport()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import a Hugging Face folder"));
    if (dir.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Import model"), tr("Name in the project:"), QLineEdit::Normal,
                                               suggestedName(dir), &ok);
    if (ok && !name.trimmed().isEmpty())
        importModel(dir, name.trimmed());
}

void ModelsPanel::chooseGgufToImport()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import a GGUF file"), QString(), tr("GGUF files (*.gguf)"));
    if (file.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Import model"), tr("Name in the project:"), QLineEdit::Normal,
                                               suggestedName(file), &ok);
    if (ok && !name.trimmed().isEmpty())
        importModel(file, name.trimmed());
}

void ModelsPanel::showExportDialog()
{
    const ModelEntry* e = currentEntry();
    if (!e)
        return;
    m_exportDialog->setModel(m_projectDir, e->spec, e->name, e->adapter);
    m_exportDialog->open();
}

void ModelsPanel::showMergeDialog()
{
    if (m_entries.isEmpty())
        return;
    const ModelEntry* e = currentEntry();
    m_mergeDialog->setModels(m_projectDir, m_entries, {e ? e->spec : m_entries.first().spec});
    m_mergeDialog->open();
}

void ModelsPanel::deleteCurrentWithQuestion()
{
    const ModelEntry* e = currentEntry();
    if (!e || !e->deletable())
        return;
    const QString name = e->name;
    const auto answer = QMessageBox::question(this, tr("Delete model"),
                                              tr("Delete the model %1 and its files in the "
                                                 "project? Files outside the project are "
                                                 "not touched.")
                                                  .arg(name));
    if (answer == QMessageBox::Yes)
        deleteModel(name);
}

void ModelsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_listing)
        refresh();
}

void ModelsPanel::dragEnterEvent(QDragEnterEvent* event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl& url : event->mimeData()->urls())
        if (!url.isLocalFile() || !importable(url.toLocalFile()))
            return;
    event->acceptProposedAction();
}

void ModelsPanel::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    importPaths(paths);
    event->acceptProposedAction();
}

void ModelsPanel::retranslateUi()
{
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Kind"), tr("Family"), tr("Parameters"), tr("Dtype"), tr("Size"), tr("Created")});
    m_importButton->setText(tr("Import"));
    m_importButton->setToolTip(tr("Import a Hugging Face folder or a GGUF file (or drop one on the list)"));
    m_exportButton->setText(tr("Export…"));
    m_exportButton->setToolTip(tr("Write the selected model as a Hugging Face "
                                  "folder or a GGUF file (Ctrl+E)"));
    m_mergeButton->setText(tr("Merge…"));
    m_mergeButton->setToolTip(tr("Merge models of one shape into a new model (Ctrl+M)"));
    m_deleteButton->setText(tr("Delete"));
    m_deleteButton->setToolTip(tr("Delete the selected import or merge (Delete); "
                                  "checkpoints belong to their runs"));
    m_importFolder->setText(tr("Import a Hugging Face folder…"));
    m_importGguf->setText(tr("Import a GGUF file…"));
    m_export->setText(tr("Export…"));
    m_merge->setText(tr("Merge…"));
    m_delete->setText(tr("Delete"));
    m_refresh->setText(tr("Refresh"));
    fillTable(); // kinds and dates in the new language
}

void ModelsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

} // namespace lw::ui::models
