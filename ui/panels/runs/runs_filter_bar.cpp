#include "ui/panels/runs/runs_filter_bar.h"

#include "ui/widgets/check_box_contrast.h"

#include "ui/panels/runs/run_display.h"
#include "ui/panels/runs/runs_filter_proxy.h"

#include <QEvent>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace lw::ui {

using lw::store::RunStatus;

RunsFilterBar::RunsFilterBar(RunsFilterProxy* proxy, QWidget* parent)
    : QWidget(parent),
      m_proxy(proxy),
      m_search(new QLineEdit(this)),
      m_status(new QComboBox(this)),
      m_tag(new QComboBox(this)),
      m_dateRange(new QCheckBox(this)),
      m_from(new QDateEdit(this)),
      m_to(new QDateEdit(this)),
      m_toLabel(new QLabel(this))
{
    m_search->setObjectName(QStringLiteral("searchRuns"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_tag->setObjectName(QStringLiteral("tagFilter"));
    m_dateRange->setObjectName(QStringLiteral("dateFilter"));
    keepCheckBoxReadable(m_dateRange);
    m_from->setObjectName(QStringLiteral("createdFrom"));
    m_to->setObjectName(QStringLiteral("createdTo"));

    m_search->setClearButtonEnabled(true);
    m_status->addItem(QString(), -1);
    for (RunStatus status : lw::store::allRunStatuses())
        m_status->addItem(QString(), int(status));
    m_tag->addItem(QString(), QString());
    retranslateUi();
    // Both follow their texts, which change with the language and the project's tags.
    m_status->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tag->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setDate(QDate::currentDate());
        edit->setEnabled(false);
    }
    m_from->setDate(QDate::currentDate().addDays(-30));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 2);
    layout->addWidget(m_status);
    layout->addWidget(m_tag);
    layout->addSpacing(8);
    layout->addWidget(m_dateRange);
    layout->addWidget(m_from);
    layout->addWidget(m_toLabel);
    layout->addWidget(m_to);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &RunsFilterProxy::setNameFilter);
    connect(m_status, qOverload<int>(&QComboBox::currentIndexChanged), this, &RunsFilterBar::applyStatus);
    connect(m_tag, qOverload<int>(&QComboBox::currentIndexChanged), this, &RunsFilterBar::applyTag);
    connect(m_dateRange, &QCheckBox::toggled, this, &RunsFilterBar::applyDates);
    connect(m_from, &QDateEdit::dateChanged, this, &RunsFilterBar::applyDates);
    connect(m_to, &QDateEdit::dateChanged, this, &RunsFilterBar::applyDates);
}

void RunsFilterBar::setTags(const QStringList& tags)
{
    QStringList current;
    for (int i = 1; i < m_tag->count(); ++i)
        current.append(m_tag->itemData(i).toString());
    if (current == tags)
        return;
    const QString chosen = m_tag->currentData().toString();
    const QSignalBlocker blocker(m_tag);
    while (m_tag->count() > 1)
        m_tag->removeItem(1);
    for (const QString& tag : tags)
        m_tag->addItem(tag, tag);
    const int index = m_tag->findData(chosen);
    m_tag->setCurrentIndex(index < 0 ? 0 : index);
    applyTag(); // a chosen tag that nobody carries any more is no filter
}

void RunsFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void RunsFilterBar::applyStatus()
{
    const int status = m_status->currentData().toInt();
    m_proxy->setStatusFilter(status < 0 ? std::nullopt : std::optional<RunStatus>(RunStatus(status)));
}

void RunsFilterBar::applyTag()
{
    m_proxy->setTagFilter(m_tag->currentData().toString());
}

void RunsFilterBar::applyDates()
{
    const bool on = m_dateRange->isChecked();
    m_from->setEnabled(on);
    m_to->setEnabled(on);
    if (on)
        m_proxy->setCreatedRange(m_from->date(), m_to->date());
    else
        m_proxy->setCreatedRange(std::nullopt, std::nullopt);
}

void RunsFilterBar::retranslateUi()
{
    m_dateRange->setText(tr("Created from"));
    m_toLabel->setText(tr("to"));
    m_search->setPlaceholderText(tr("Filter by name or #id (Ctrl+F)"));
    m_status->setItemText(0, tr("Any status"));
    for (int i = 1; i < m_status->count(); ++i)
        m_status->setItemText(i, runStatusText(RunStatus(m_status->itemData(i).toInt())));
    m_tag->setItemText(0, tr("Any tag"));
}

void RunsFilterBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

} // namespace lw::ui
