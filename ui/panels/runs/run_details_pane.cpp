#include "ui/panels/runs/run_details_pane.h"

#include "ui/panels/runs/run_display.h"

#include <QEvent>
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

RunDetailsPane::RunDetailsPane(QWidget* parent)
    : QWidget(parent),
      m_info(new QLabel(this)),
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
        lines << QStringLiteral("<b>%1</b> — <span style=\"color:%2\">%3</span>")
                     .arg(runTitle(*current).toHtmlEscaped(), statusColor.name(),
                         runStatusText(current->status));
        lines << tr("Kind: %1").arg(QString::fromStdString(current->kind).toHtmlEscaped());
        lines << tr("Folder: %1").arg(QString::fromStdString(current->runDir).toHtmlEscaped());
        if (!current->host.empty())
            lines << tr("Host: %1").arg(QString::fromStdString(current->host).toHtmlEscaped());
        if (current->startedAt)
            lines << tr("Started: %1").arg(formatUnixTime(*current->startedAt));
        if (current->endedAt)
            lines << tr("Ended: %1").arg(formatUnixTime(*current->endedAt));
        if (!current->errorMessage.empty())
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
