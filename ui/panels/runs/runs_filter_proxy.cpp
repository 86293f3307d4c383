#include "ui/panels/runs/runs_filter_proxy.h"

#include "ui/panels/runs/runs_table_model.h"

#include <QDateTime>

#include <algorithm>

namespace lw::ui {

RunsFilterProxy::RunsFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RunsTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    // Refreshes change rows in place; keep the chosen order as values change.
    setDynamicSortFilter(true);
}

void RunsFilterProxy::refilter()
{
    // invalidateFilter() is the Qt 6.4 way; begin/endFilterChange came later.
    invalidateFilter();
}

void RunsFilterProxy::setStatusFilter(std::optional<lw::store::RunStatus> status)
{
    m_status = status;
    refilter();
}

void RunsFilterProxy::setTagFilter(const QString& tag)
{
    m_tag = tag;
    refilter();
}

void RunsFilterProxy::setNameFilter(const QString& text)
{
    m_text = text.trimmed();
    refilter();
}

void RunsFilterProxy::setCreatedRange(std::optional<QDate> from, std::optional<QDate> to)
{
    m_from = from;
    m_to = to;
    refilter();
}

bool RunsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const auto* runs = qobject_cast<const RunsTableModel*>(sourceModel());
    if (!runs || sourceParent.isValid())
        return true;
    const lw::store::RunRecord& run = runs->runAt(sourceRow);
    if (m_status && run.status != *m_status)
        return false;
    if (!m_tag.isEmpty() &&
        std::find(run.tags.begin(), run.tags.end(), m_tag.toStdString()) == run.tags.end())
        return false;
    if (!m_text.isEmpty()) {
        const bool byName = QString::fromStdString(run.name).contains(m_text, Qt::CaseInsensitive);
        const bool byId = m_text.startsWith(QLatin1Char('#')) &&
            m_text.mid(1) == QString::number(run.id);
        if (!byName && !byId)
            return false;
    }
    if (m_from || m_to) {
        const QDate created =
            QDateTime::fromMSecsSinceEpoch(qint64(run.createdAt * 1000.0)).toLocalTime().date();
        if ((m_from && created < *m_from) || (m_to && created > *m_to))
            return false;
    }
    return true;
}

bool RunsFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(RunsTableModel::SortRole);
    const QVariant b = right.data(RunsTableModel::SortRole);
    if (!a.isValid() || !b.isValid()) {
        if (a.isValid() == b.isValid())
            return left.row() < right.row();
        // The view reverses the comparison for a descending sort; unknown values must
        // come last either way.
        return a.isValid() == (sortOrder() == Qt::AscendingOrder);
    }
    if (a.userType() == QMetaType::QString)
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    return QVariant::compare(a, b) == QPartialOrdering::Less;
}

} // namespace lw::ui
