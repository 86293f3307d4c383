#include "ui/panels/runs/run_details_pane.h"

#include "ui/panels/runs/run_display.h"

#include <QDir>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QTreeWidget>
#include <QCompleter>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace lw::ui {

using lw::store::RunRecord;

namespace {

// "pretraining", or "fine-tune: lora, dpo, on demo-preferences from demo (best)".
QString runKindText(const lw::store::RunRecord& run)
{
    if (run.kind == lw::store::kRunKindPretrain)
        return RunDetailsPane::tr("pretraining");
    if (run.kind != lw::store::kRunKindFinetune)
        return QString::fromStdString(run.kind);
    const auto settings = run.config.value("finetune", nlohmann::json::object());
    const auto base = run.config.value("lineage", nlohmann::json::object()).value("base", nlohmann::json::object());
    return RunDetailsPane::tr("fine-tune: %1, %2, on %3 from %4")
        .arg(QString::fromStdString(settings.value("method", std::string("?"))),
             QString::fromStdString(settings.value("objective", std::string("?"))),
             QString::fromStdString(settings.value("dataset", std::string("?"))),
             QString::fromStdString(base.value("label", settings.value("base", std::string("?")))));
}

bool isFailure(lw::store::RunStatus status)
{
    return status == lw::store::RunStatus::Failed || status == lw::store::RunStatus::Diverged ||
        status == lw::store::RunStatus::Interrupted;
}

} // namespace

RunDetailsPane::RunDetailsPane(QWidget* parent)
    : QWidget(parent),
      m_info(new QLabel(this)),
      m_dataset(new QLabel(this)),
      m_checkpoints(new QTreeWidget(this)),
      m_checkpointsLabel(new QLabel(this)),
      m_tags(new QListWidget(this)),
      m_newTag(new QLineEdit(this)),
      m_addTag(new QPushButton(this)),
      m_removeTag(new QPushButton(this)),
      m_tagCompletions(new QStringListModel(this)),
      m_notes(new QPlainTextEdit(this)),
      m_saveNotes(new QPushButton(this)),
      m_notesLabel(new QLabel(tr("Notes"), this)),
      m_tagsBox(new QGroupBox(this))
{
    m_info->setObjectName(QStringLiteral("runInfo"));
    m_dataset->setObjectName(QStringLiteral("runDataset"));
    m_dataset->setWordWrap(true);
    m_dataset->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataset->hide();
    m_checkpoints->setObjectName(QStringLiteral("checkpointList"));
    m_checkpoints->setColumnCount(4);
    m_checkpoints->setRootIsDecorated(false);
    m_checkpoints->setUniformRowHeights(true);
    m_checkpoints->setAlternatingRowColors(true);
    m_checkpoints->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_checkpoints->setMaximumHeight(140);
    m_checkpoints->header()->setStretchLastSection(true);
    m_tags->setObjectName(QStringLiteral("tagList"));
    m_newTag->setObjectName(QStringLiteral("newTag"));
    m_addTag->setObjectName(QStringLiteral("addTag"));
    m_removeTag->setObjectName(QStringLiteral("removeTag"));
    m_notes->setObjectName(QStringLiteral("notes"));
    m_saveNotes->setObjectName(QStringLiteral("saveNotes"));

    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* completer = new QCompleter(m_tagCompletions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_newTag->setCompleter(completer);
    m_tags->setMaximumHeight(120);
    m_notes->setTabChangesFocus(true);

    retranslateUi();
    auto* tagsLayout = new QGridLayout(m_tagsBox);
    tagsLayout->addWidget(m_tags, 0, 0, 1, 2);
    tagsLayout->addWidget(m_removeTag, 0, 2, Qt::AlignTop);
    tagsLayout->addWidget(m_newTag, 1, 0, 1, 2);
    tagsLayout->addWidget(m_addTag, 1, 2);

    auto* notesBox = new QWidget(this);
    auto* notesLayout = new QVBoxLayout(notesBox);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    auto* notesBar = new QHBoxLayout;
    notesBar->addWidget(m_notesLabel, 1);
    notesBar->addWidget(m_saveNotes);
    notesLayout->addLayout(notesBar);
    notesLayout->addWidget(m_notes, 1);

    auto* left = new QVBoxLayout;
    left->addWidget(m_info);
    left->addWidget(m_dataset);
    left->addWidget(m_checkpointsLabel);
    left->addWidget(m_checkpoints);
    left->addWidget(m_tagsBox);
    left->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addWidget(notesBox, 1);

    connect(m_addTag, &QPushButton::clicked, this, &RunDetailsPane::requestAddTag);
    connect(m_newTag, &QLineEdit::returnPressed, this, &RunDetailsPane::requestAddTag);
    connect(m_newTag, &QLineEdit::textChanged, this, &RunDetailsPane::updateButtons);
    connect(m_tags, &QListWidget::itemSelectionChanged, this, &RunDetailsPane::updateButtons);
    connect(m_removeTag, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = m_tags->currentItem())
            Q_EMIT removeTagRequested(item->data(Qt::UserRole).toString());
    });
    connect(m_notes, &QPlainTextEdit::modificationChanged, this, &RunDetailsPane::updateButtons);
    connect(m_saveNotes, &QPushButton::clicked, this, [this] {
        if (m_notesRunId < 0)
            return;
        Q_EMIT saveNotesRequested(m_notesRunId, m_notes->toPlainText());
        m_notes->document()->setModified(false);
    });
    showRuns({}, nullptr, {});
}

void RunDetailsPane::retranslateUi()
{
    m_addTag->setText(tr("Add tag"));
    m_removeTag->setText(tr("Remove tag"));
    m_saveNotes->setText(tr("Save notes"));
    m_newTag->setPlaceholderText(tr("New tag"));
    m_notes->setPlaceholderText(tr("What was this run for? What did it show?"));
    m_tagsBox->setTitle(tr("Tags of the selected runs"));
    m_checkpointsLabel->setText(tr("Checkpoints"));
    retranslateCheckpointHeaders();
    if (m_checkpointsRunId >= 0)
        showCheckpoints(m_checkpointsRunId, std::vector<CheckpointRow>(m_checkpointRows));
    if (m_lineageRunId >= 0)
        showDatasetLineage(m_lineageRunId, std::vector<lw::records::LineageEntry>(m_lineage));
}

QString RunDetailsPane::lineageEntryText(const lw::records::LineageEntry& entry) const
{
    const QString name = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(entry.name).toHtmlEscaped());
    if (entry.missing)
        return tr("%1 (deleted)").arg(name);
    QString kind = QString::fromStdString(entry.kind).toHtmlEscaped();
    if (entry.kind == "records")
        kind = tr("records");
    else if (entry.kind == "text")
        kind = tr("pretraining tokens");
    else if (entry.kind == "sft")
        kind = tr("SFT tokens");
    else if (entry.kind == "preference")
        kind = tr("preference tokens");
    if (entry.recordsSha256.empty())
        return tr("%1 (%2)").arg(name, kind);
    // A short sha, as git shows commits: enough to tell versions apart at a glance.
    const QString sha = QString::fromStdString(entry.recordsSha256.substr(0, 12)).toHtmlEscaped();
    return tr("%1 (%2, sha256 %3)").arg(name, kind, QStringLiteral("<code>%1</code>").arg(sha));
}

void RunDetailsPane::showDatasetLineage(qint64 runId, const std::vector<lw::records::LineageEntry>& lineage)
{
    m_lineageRunId = runId;
    m_lineage = lineage;
    if (lineage.empty()) {
        m_dataset->setText(tr("Dataset: not recorded"));
    } else {
        QStringList lines{tr("Dataset: %1").arg(lineageEntryText(lineage.front()))};
        for (size_t i = 1; i < lineage.size(); ++i)
            lines << QStringLiteral("&nbsp;&nbsp;") + tr("made from %1").arg(lineageEntryText(lineage[i]));
        m_dataset->setText(lines.join(QStringLiteral("<br>")));
    }
    m_dataset->setVisible(runId >= 0);
}

void RunDetailsPane::retranslateCheckpointHeaders()
{
    m_checkpoints->setHeaderLabels({tr("Step"), tr("Size"), tr("Kind"), tr("File")});
}

void RunDetailsPane::showCheckpoints(qint64 runId, const std::vector<CheckpointRow>& checkpoints)
{
    m_checkpointsRunId = runId;
    m_checkpointRows = checkpoints;
    m_checkpoints->clear();
    const QLocale locale;
    for (const CheckpointRow& row : checkpoints) {
        QStringList kinds;
        if (row.kind == lw::store::kArtifactBest)
            kinds << tr("best");
        else if (row.kind == lw::store::kArtifactFinal)
            kinds << tr("final");
        else
            kinds << tr("periodic");
        if (row.newest)
            kinds << tr("last");
        if (!row.exists)
            kinds << tr("missing");
        const QString path = QString::fromStdString(row.path);
        auto* item = new QTreeWidgetItem(m_checkpoints, {row.step >= 0 ? locale.toString(qint64(row.step)) : tr("—"),
                                                         formatBytes(row.bytes), kinds.join(QStringLiteral(", ")),
                                                         QDir::toNativeSeparators(path)});
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(3, QDir::toNativeSeparators(path));
        item->setData(3, Qt::UserRole, path);
    }
    for (int column = 0; column < 3; ++column)
        m_checkpoints->resizeColumnToContents(column);
    m_checkpoints->setVisible(!checkpoints.empty());
    m_checkpointsLabel->setVisible(runId >= 0);
    m_checkpointsLabel->setText(checkpoints.empty() ? tr("No checkpoints") : tr("Checkpoints"));
}

void RunDetailsPane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void RunDetailsPane::requestAddTag()
{
    const QString tag = m_newTag->text().trimmed();
    if (tag.isEmpty() || m_selectedCount == 0)
        return;
    Q_EMIT addTagRequested(tag);
    m_newTag->clear();
}

void RunDetailsPane::showRuns(const QVector<const RunRecord*>& selected, const RunRecord* current,
    const QStringList& allTags)
{
    m_selectedCount = int(selected.size());
    m_tagCompletions->setStringList(allTags);

    if (current) {
        QColor statusColor = runStatusColor(current->status, palette());
        if (!statusColor.isValid())
            statusColor = palette().color(QPalette::WindowText);
        QStringList lines;
        const QString status = current->status == lw::store::RunStatus::Cancelled
            ? tr("Cancelled at step %1").arg(QLocale().toString(qint64(current->step)))
            : runStatusText(current->status);
        lines << QStringLiteral("<b>%1</b> — <span style=\"color:%2\">%3</span>")
                     .arg(runTitle(*current).toHtmlEscaped(), statusColor.name(), status.toHtmlEscaped());
        lines << tr("Kind: %1").arg(runKindText(*current).toHtmlEscaped());
        lines << tr("Folder: %1").arg(QString::fromStdString(current->runDir).toHtmlEscaped());
        if (!current->host.empty())
            lines << tr("Host: %1").arg(QString::fromStdString(current->host).toHtmlEscaped());
        if (current->startedAt)
            lines << tr("Started: %1").arg(formatUnixTime(*current->startedAt));
        if (current->endedAt)
            lines << tr("Ended: %1").arg(formatUnixTime(*current->endedAt));
        // A cancelled run's message only repeats its status; failures say what went wrong.
        if (!current->errorMessage.empty() && isFailure(current->status))
            lines << tr("Error: %1").arg(QString::fromStdString(current->errorMessage).toHtmlEscaped());
        if (selected.size() > 1)
            lines << tr("%n run(s) selected", nullptr, int(selected.size()));
        m_info->setText(lines.join(QStringLiteral("<br>")));
    } else {
        m_info->setText(tr("Select a run to see its details, tags and notes."));
    }

    // The union of the selected runs' tags, with how many of them carry each.
    QMap<QString, int> counts;
    for (const RunRecord* run : selected)
        for (const auto& tag : run->tags)
            ++counts[QString::fromStdString(tag)];
    const QString currentTag = m_tags->currentItem() ? m_tags->currentItem()->data(Qt::UserRole).toString() : QString();
    m_tags->clear();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const QString text = selected.size() > 1 && it.value() < selected.size()
            ? tr("%1 (%2 of %3 runs)").arg(it.key()).arg(it.value()).arg(selected.size())
            : it.key();
        auto* item = new QListWidgetItem(text, m_tags);
        item->setData(Qt::UserRole, it.key());
        if (it.key() == currentTag)
            m_tags->setCurrentItem(item);
    }

    // Notes: replaced when another run becomes current, or when the store changed them
    // and the user has not started editing.
    const qint64 runId = current ? current->id : -1;
    const QString storedNotes = current ? QString::fromStdString(current->notes) : QString();
    if (runId != m_notesRunId || (!m_notes->document()->isModified() && m_notes->toPlainText() != storedNotes)) {
        m_notesRunId = runId;
        m_notes->setPlainText(storedNotes);
        m_notes->document()->setModified(false);
    }
    if (runId != m_checkpointsRunId)
        showCheckpoints(runId, {}); // the panel loads the new current run's list
    if (runId != m_lineageRunId) {
        // Until the panel has read the new run's dataset, say nothing rather than something wrong.
        m_lineageRunId = -1;
        m_lineage.clear();
        m_dataset->clear();
        m_dataset->hide();
    }
    m_notes->setEnabled(current != nullptr);
    m_notesLabel->setText(current ? tr("Notes of %1").arg(runTitle(*current)) : tr("Notes"));
    updateButtons();
}

void RunDetailsPane::updateButtons()
{
    m_addTag->setEnabled(m_selectedCount > 0 && !m_newTag->text().trimmed().isEmpty());
    m_newTag->setEnabled(m_selectedCount > 0);
    m_removeTag->setEnabled(m_selectedCount > 0 && m_tags->currentItem() != nullptr);
    m_saveNotes->setEnabled(m_notesRunId >= 0 && m_notes->document()->isModified());
}

} // namespace lw::ui
