#include "ui/panels/data/import_page.h"

#include "ui/panels/data/column_mapping_dialog.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/data_tables.h"
#include "ui/panels/data/data_json.h"
#include "ui/panels/data/data_query.h"
#include "ui/panels/data/import_file_list.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/record_text.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace lw::ui::data {

namespace {

const QStringList kFormats = {QStringLiteral("auto"),     QStringLiteral("text"),  QStringLiteral("alpaca"),
                              QStringLiteral("sharegpt"), QStringLiteral("messages"), QStringLiteral("preference"),
                              QStringLiteral("mc"),       QStringLiteral("csv"),   QStringLiteral("tsv"),
                              QStringLiteral("json"),     QStringLiteral("jsonl"), QStringLiteral("parquet")};
const QStringList kTextUnits = {QStringLiteral("paragraph"), QStringLiteral("line"), QStringLiteral("file")};

} // namespace

ImportPage::ImportPage(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_job(new DataJob(supervisor, this)), m_previewQuery(new DataQuery(this)),
      m_previewTimer(new QTimer(this)), m_files(new ImportFileList(this)), m_addFiles(new QPushButton(this)),
      m_addFolder(new QPushButton(this)), m_removeFiles(new QPushButton(this)), m_format(new QComboBox(this)),
      m_textUnit(new QComboBox(this)), m_name(new QLineEdit(this)), m_skipBadRows(new QCheckBox(this)),
      m_mapButton(new QPushButton(this)), m_previewButton(new QPushButton(this)), m_importButton(new QPushButton(this)),
      m_detected(new QLabel(this)), m_error(new QLabel(this)), m_result(new QLabel(this)),
      m_previewTitle(new QLabel(this)), m_problemsTitle(new QLabel(this)),
      m_previewTable(makeReadOnlyTable(this, QStringLiteral("previewTable"))),
      m_problemsTable(makeReadOnlyTable(this, QStringLiteral("problemsTable"))), m_progress(new JobProgressRow(m_job, this)),
      m_formatLabel(new QLabel(this)), m_textUnitLabel(new QLabel(this)), m_nameLabel(new QLabel(this)),
      m_addAction(new QAction(this)), m_previewAction(new QAction(this)), m_importAction(new QAction(this))
{
    m_files->setObjectName(QStringLiteral("importFiles"));
    m_files->setMaximumHeight(110);
    m_format->setObjectName(QStringLiteral("importFormat"));
    for (const QString& key : kFormats)
        m_format->addItem(key, key);
    for (const QString& key : kTextUnits)
        m_textUnit->addItem(key, key);
    m_name->setObjectName(QStringLiteral("importName"));
    m_skipBadRows->setObjectName(QStringLiteral("skipBadRows"));
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_mapButton->setObjectName(QStringLiteral("mapColumns"));
    for (QLabel* label : {m_detected, m_error, m_result})
        label->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_result->setObjectName(QStringLiteral("importResult"));
    m_detected->setObjectName(QStringLiteral("detectedLayout"));
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(300);

    for (auto [action, key] : {std::pair{m_addAction, QKeySequence(Qt::Key_Insert)},
                               std::pair{m_previewAction, QKeySequence(Qt::CTRL | Qt::Key_P)},
                               std::pair{m_importAction, QKeySequence(Qt::CTRL | Qt::Key_I)}}) {
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }

    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(m_addFiles);
    fileButtons->addWidget(m_addFolder);
    fileButtons->addWidget(m_removeFiles);
    fileButtons->addStretch(1);
    auto* options = new QGridLayout;
    options->addWidget(m_formatLabel, 0, 0);
    options->addWidget(m_format, 0, 1);
    options->addWidget(m_mapButton, 0, 2);
    options->addWidget(m_textUnitLabel, 1, 0);
    options->addWidget(m_textUnit, 1, 1);
    options->addWidget(m_nameLabel, 2, 0);
    options->addWidget(m_name, 2, 1, 1, 2);
    options->addWidget(m_skipBadRows, 3, 0, 1, 3);
    options->setColumnStretch(1, 1);
    auto* top = new QHBoxLayout;
    top->addWidget(m_files, 3);
    top->addLayout(fileButtons);
    top->addLayout(options, 2);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_previewButton);
    actions->addWidget(m_importButton);
    actions->addWidget(m_progress, 1);
    actions->addStretch(); // the buttons keep their size while no job row shows

    auto* previewBox = new QWidget(this);
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(m_previewTitle);
    previewLayout->addWidget(m_previewTable, 1);
    auto* problemsBox = new QWidget(this);
    auto* problemsLayout = new QVBoxLayout(problemsBox);
    problemsLayout->setContentsMargins(0, 0, 0, 0);
    problemsLayout->addWidget(m_problemsTitle);
    problemsLayout->addWidget(m_problemsTable, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(previewBox);
    splitter->addWidget(problemsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_detected);
    layout->addLayout(actions);
    layout->addWidget(m_error);
    layout->addWidget(m_result);
    layout->addWidget(splitter, 1);

    connect(m_addFiles, &QPushButton::clicked, this, &ImportPage::chooseFiles);
    connect(m_addAction, &QAction::triggered, this, &ImportPage::chooseFiles);
    connect(m_addFolder, &QPushButton::clicked, this, &ImportPage::chooseFolder);
    connect(m_removeFiles, &QPushButton::clicked, m_files, &ImportFileList::removeSelected);
    connect(m_files, &ImportFileList::pathsChanged, this, &ImportPage::schedulePreview);
    connect(m_files, &ImportFileList::pathsRefused, this, [this](const QStringList& refused) {
        showError(tr("Not a format the importer reads: %1").arg(refused.join(QStringLiteral(", "))));
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportPage::schedulePreview);
    connect(m_textUnit, &QComboBox::currentIndexChanged, this, &ImportPage::schedulePreview);
    connect(m_previewTimer, &QTimer::timeout, this, &ImportPage::preview);
    connect(m_previewButton, &QPushButton::clicked, this, &ImportPage::preview);
    connect(m_previewAction, &QAction::triggered, this, &ImportPage::preview);
    connect(m_mapButton, &QPushButton::clicked, this, &ImportPage::openColumnMapping);
    connect(m_importButton, &QPushButton::clicked, this, &ImportPage::startImport);
    connect(m_importAction, &QAction::triggered, this, &ImportPage::startImport);
    connect(m_previewQuery, &DataQuery::succeeded, this, &ImportPage::showPreview);
    connect(m_previewQuery, &DataQuery::failed, this, &ImportPage::showError);
    connect(m_job, &DataJob::runningChanged, this, &ImportPage::updateButtons);
    connect(m_job, &DataJob::succeeded, this, [this](const QJsonObject& json) {
        m_outcome = Outcome::Imported;
        m_lastImport = importResultFromJson(json);
        showOutcome();
        Q_EMIT imported(m_lastImport.dataset);
    });
    connect(m_job, &DataJob::failed, this, &ImportPage::showError);
    connect(m_job, &DataJob::cancelled, this, [this] {
        m_outcome = Outcome::Cancelled;
        showOutcome();
    });
    retranslateUi();
    updateButtons();
}

void ImportPage::retranslateUi()
{
    m_addFiles->setText(tr("Add files…"));
    m_addFiles->setToolTip(tr("Choose files to import (Insert)"));
    m_addFolder->setText(tr("Add folder…"));
    m_removeFiles->setText(tr("Remove"));
    m_formatLabel->setText(tr("Format"));
    m_format->setItemText(0, tr("Detect"));
    m_format->setToolTip(tr("Detect the layout from the rows, or name a layout or file format"));
    m_textUnitLabel->setText(tr("Text unit"));
    m_textUnit->setItemText(0, tr("Paragraph"));
    m_textUnit->setItemText(1, tr("Line"));
    m_textUnit->setItemText(2, tr("Whole file"));
    m_textUnit->setToolTip(tr("Plain text files: one record per paragraph, per line or per file"));
    m_nameLabel->setText(tr("Name"));
    m_name->setPlaceholderText(tr("From the first file's name"));
    m_skipBadRows->setText(tr("Skip bad rows and list them"));
    m_skipBadRows->setToolTip(tr("Import the good rows; without this a bad row stops the import"));
    m_mapButton->setText(tr("Map columns…"));
    m_mapButton->setToolTip(tr("Choose which column of a CSV, TSV or Parquet file each field is read from"));
    m_previewButton->setText(tr("Preview"));
    m_previewButton->setToolTip(tr("Read the first rows of each file again (Ctrl+P)"));
    m_importButton->setText(tr("Import"));
    m_importButton->setToolTip(tr("Import the files as a new dataset version (Ctrl+I)"));
    m_previewTitle->setText(tr("First rows as records"));
    m_problemsTitle->setText(tr("Rows that would be rejected"));
    m_previewTable->setColumnCount(3);
    m_previewTable->setHorizontalHeaderLabels({tr("File"), tr("Kind"), tr("Record")});
    m_problemsTable->setColumnCount(4);
    m_problemsTable->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Field"), tr("Reason")});
    m_addAction->setText(tr("Add files"));
    m_previewAction->setText(tr("Preview"));
    m_importAction->setText(tr("Import"));
    if (m_files->count() == 0)
        m_detected->setText(tr("Add files to see the layout detected in each and its first rows."));
    else if (!m_previewFiles.isEmpty())
        m_detected->setText(detectedText(m_previewFiles));
    showOutcome();
}

// Written again when the language changes, so kept as values rather than as text.
void ImportPage::showOutcome()
{
    if (m_outcome == Outcome::Cancelled) {
        m_result->setText(tr("The import was cancelled."));
    } else if (m_outcome == Outcome::Imported) {
        const ImportResult& r = m_lastImport;
        QString text = tr("Imported %1: %2 %3 rows in layout %4.")
                           .arg(r.dataset, QLocale().toString(r.rows), r.kind, r.layout);
        if (r.rejected > 0)
            text += QLatin1Char(' ') + tr("%1 rows were rejected (listed in %2).")
                                           .arg(QLocale().toString(r.rejected), r.report);
        m_result->setText(text);
    } else {
        m_result->clear();
    }
}

QString ImportPage::detectedText(const QList<PreviewFile>& files)
{
    QStringList detected;
    for (const PreviewFile& f : files)
        detected << tr("%1: %2, layout %3")
                        .arg(QFileInfo(f.file).fileName(), f.format, f.layout.isEmpty() ? tr("unknown") : f.layout);
    return detected.join(QStringLiteral("; "));
}

void ImportPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void ImportPage::addPaths(const QStringList& paths)
{
    m_files->addPaths(paths);
}

void ImportPage::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import files"), QString(),
        tr("Datasets (*.json *.jsonl *.ndjson *.csv *.tsv *.parquet *.txt *.md *.zst *.gz);;All files (*)"));
    m_files->addPaths(paths);
}

void ImportPage::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import a folder"));
    if (!dir.isEmpty())
        m_files->addPaths({dir});
}

ImportRequest ImportPage::request() const
{
    ImportRequest r;
    r.projectDir = m_projectDir;
    r.inputs = m_files->paths();
    r.format = m_format->currentData().toString();
    r.textUnit = m_textUnit->currentData().toString();
    r.name = m_name->text().trimmed();
    r.columnMap = m_columnMap;
    r.skipBadRows = m_skipBadRows->isChecked();
    return r;
}

bool ImportPage::isPreviewing() const
{
    return m_previewQuery->isRunning() || m_previewTimer->isActive();
}

void ImportPage::schedulePreview()
{
    updateButtons();
    m_previewTimer->start();
}

void ImportPage::preview()
{
    m_previewTimer->stop();
    m_previewFiles.clear();
    if (m_files->count() == 0) {
        m_previewQuery->abandon();
        m_previewTable->setRowCount(0);
        m_problemsTable->setRowCount(0);
        return;
    }
    m_error->hide();
    m_detected->setText(tr("Reading the first rows…"));
    m_previewQuery->run(importPreviewArguments(request(), kPreviewRows));
}

void ImportPage::showPreview(const QJsonObject& json)
{
    const QList<PreviewFile> files = importPreviewFromJson(json);
    m_previewFiles = files;
    QStringList errors;
    int records = 0, problems = 0;
    for (const PreviewFile& f : files) {
        records += int(f.records.size());
        problems += int(f.problems.size());
        if (!f.error.isEmpty())
            errors << QFileInfo(f.file).fileName() + QStringLiteral(": ") + f.error;
    }
    m_detected->setText(detectedText(files));
    m_previewTable->setRowCount(records);
    m_problemsTable->setRowCount(problems);
    int r = 0, p = 0;
    for (const PreviewFile& f : files) {
        const QString name = QFileInfo(f.file).fileName();
        for (const QJsonObject& record : f.records)
            setTableRow(m_previewTable, r++, {name, recordKind(record), recordText(record)});
        for (const RowProblem& problem : f.problems)
            setTableRow(m_problemsTable, p++,
                   {QFileInfo(problem.file).fileName(), QString::number(problem.line), problem.field, problem.reason});
    }
    m_previewTable->resizeColumnToContents(0);
    m_previewTable->resizeColumnToContents(1);
    m_problemsTable->resizeColumnToContents(0);
    m_problemsTable->resizeColumnToContents(1);
    m_problemsTable->resizeColumnToContents(2);
    if (!errors.isEmpty())
        showError(errors.join(QLatin1Char('\n')));
}

void ImportPage::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ImportPage::updateButtons()
{
    const bool running = m_job->isRunning();
    const bool hasFiles = m_files->count() > 0;
    m_importButton->setEnabled(hasFiles && !running && !m_projectDir.isEmpty());
    m_importAction->setEnabled(m_importButton->isEnabled());
    m_previewButton->setEnabled(hasFiles);
    bool tabular = false;
    for (const QString& path : m_files->paths()) {
        const QString format = ImportFileList::formatOf(path);
        tabular = tabular || format == QLatin1String("csv") || format == QLatin1String("tsv") ||
                  format == QLatin1String("parquet");
    }
    m_mapButton->setEnabled(tabular);
}

void ImportPage::openColumnMapping()
{
    QString file;
    for (const QString& path : m_files->paths()) {
        const QString format = ImportFileList::formatOf(path);
        if (format == QLatin1String("csv") || format == QLatin1String("tsv") || format == QLatin1String("parquet")) {
            file = path;
            break;
        }
    }
    if (file.isEmpty())
        return;
    ColumnMappingDialog dialog(file, m_format->currentData().toString(), m_columnMap, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_columnMap = dialog.mapping();
    // A mapping is for one layout: the import reads the rows as that layout.
    m_format->setCurrentIndex(m_format->findData(dialog.layout()));
    schedulePreview();
}

void ImportPage::startImport()
{
    if (m_job->isRunning() || m_files->count() == 0)
        return;
    if (m_projectDir.isEmpty()) {
        showError(tr("Open a project first: datasets are kept in a project."));
        return;
    }
    m_error->hide();
    m_outcome = Outcome::None;
    showOutcome();
    m_job->start(importJob(request()));
}

} // namespace lw::ui::data
