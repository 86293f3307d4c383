#include "ui/panels/train/dataset_section.h"

#include "ui/panels/train/file_drop_list.h"
#include "ui/widgets/number_text.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace lw::ui {

DatasetSection::DatasetSection(QWidget* parent) : QGroupBox(parent)
{
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("datasetCombo"));
    m_comboLabel = new QLabel(this);
    m_comboLabel->setBuddy(m_combo);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("datasetSummary"));
    m_summary->setWordWrap(true);
    m_filesLabel = new QLabel(this);
    m_files = new FileDropList(this);
    m_files->setObjectName(QStringLiteral("datasetFiles"));
    m_filesLabel->setBuddy(m_files);
    m_addFiles = new QPushButton(this);
    m_removeFiles = new QPushButton(this);
    m_nameLabel = new QLabel(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("newDatasetName"));
    m_nameLabel->setBuddy(m_name);
    m_prepare = new QPushButton(this);
    m_prepare->setObjectName(QStringLiteral("prepareDatasetButton"));

    auto* grid = new QGridLayout(this);
    grid->addWidget(m_comboLabel, 0, 0);
    grid->addWidget(m_combo, 0, 1, 1, 2);
    grid->addWidget(m_summary, 1, 1, 1, 2);
    grid->addWidget(m_filesLabel, 2, 0, Qt::AlignTop);
    grid->addWidget(m_files, 2, 1, 1, 2);
    auto* fileButtons = new QHBoxLayout;
    fileButtons->addWidget(m_addFiles);
    fileButtons->addWidget(m_removeFiles);
    fileButtons->addStretch();
    grid->addLayout(fileButtons, 3, 1, 1, 2);
    grid->addWidget(m_nameLabel, 4, 0);
    grid->addWidget(m_name, 4, 1);
    grid->addWidget(m_prepare, 4, 2);
    grid->setColumnStretch(1, 1);

    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        updateSummary();
        Q_EMIT datasetChanged();
    });
    connect(m_addFiles, &QPushButton::clicked, this, &DatasetSection::addFilesFromDialog);
    connect(m_removeFiles, &QPushButton::clicked, m_files, &FileDropList::removeSelected);
    connect(m_files, &FileDropList::pathsChanged, this, [this] {
        if (m_name->text().isEmpty() && !m_files->paths().isEmpty())
            m_name->setText(QFileInfo(m_files->paths().first()).completeBaseName());
        updateButtons();
        Q_EMIT textFilesChanged();
    });
    connect(m_name, &QLineEdit::textChanged, this, &DatasetSection::updateButtons);
    connect(m_prepare, &QPushButton::clicked, this,
            [this] { Q_EMIT prepareRequested(m_files->paths(), m_name->text().trimmed()); });
    retranslate();
    updateButtons();
}

void DatasetSection::setDatasets(const QList<DatasetEntry>& datasets)
{
    const QString selected = m_combo->currentData().toString();
    m_datasets = datasets;
    {
        const QSignalBlocker blocker(m_combo);
        m_combo->clear();
        for (const DatasetEntry& d : datasets)
            m_combo->addItem(d.name, d.name);
        const int index = m_combo->findData(selected);
        m_combo->setCurrentIndex(index >= 0 ? index : (datasets.isEmpty() ? -1 : 0));
    }
    updateSummary();
    Q_EMIT datasetChanged();
}

void DatasetSection::updateSummary()
{
    const auto dataset = currentDataset();
    m_summary->setText(dataset ? tr("%1 training tokens, %2 validation, vocabulary %3")
                                     .arg(formatCount(double(dataset->trainTokens)),
                                          formatCount(double(dataset->valTokens)))
                                     .arg(QLocale().toString(dataset->vocabSize))
                               : tr("No dataset yet: add text files and prepare one"));
}

bool DatasetSection::selectDataset(const QString& name)
{
    const int index = m_combo->findData(name);
    if (index < 0)
        return false;
    m_combo->setCurrentIndex(index);
    return true;
}

std::optional<DatasetEntry> DatasetSection::currentDataset() const
{
    const QString name = m_combo->currentData().toString();
    for (const DatasetEntry& d : m_datasets)
        if (d.name == name)
            return d;
    return std::nullopt;
}

QStringList DatasetSection::textFiles() const
{
    return m_files->paths();
}

void DatasetSection::setTokenizerAvailable(bool available)
{
    m_tokenizerAvailable = available;
    updateButtons();
}

void DatasetSection::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void DatasetSection::addFilesFromDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add text files"), QString(), tr("Text files (*.txt *.md *.jsonl *.csv);;All files (*)"));
    m_files->addPaths(files);
}

void DatasetSection::updateButtons()
{
    m_removeFiles->setEnabled(m_files->count() > 0);
    m_prepare->setEnabled(!m_busy && m_tokenizerAvailable && m_files->count() > 0 && !m_name->text().trimmed().isEmpty());
    m_prepare->setToolTip(m_tokenizerAvailable ? tr("Tokenize the files into a new dataset with the selected tokenizer")
                                               : tr("Train or pick a tokenizer first"));
}

void DatasetSection::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void DatasetSection::retranslate()
{
    setTitle(tr("Dataset"));
    m_comboLabel->setText(tr("Prepared dataset"));
    m_combo->setToolTip(tr("A dataset of this project, already tokenized"));
    m_filesLabel->setText(tr("Text files"));
    m_files->setToolTip(tr("Text files to build a new dataset (or a tokenizer) from; drop them here"));
    m_addFiles->setText(tr("Add files…"));
    m_removeFiles->setText(tr("Remove"));
    m_nameLabel->setText(tr("New dataset"));
    m_name->setPlaceholderText(tr("name"));
    m_prepare->setText(tr("Prepare"));
    updateButtons();
    updateSummary();
}

} // namespace lw::ui
