#pragma once
// Sorting and filtering of the runs table: by status, tag, text in the name and the
// creation date. Sorting uses RunsTableModel::SortRole; runs without a value (no best
// validation loss yet, never started) stay at the bottom in both orders.
#include "core/store/run_status.h"

#include <QDate>
#include <QSortFilterProxyModel>

#include <optional>

namespace lw::ui {

class RunsFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsFilterProxy(QObject* parent = nullptr);

    void setStatusFilter(std::optional<lw::store::RunStatus> status);
    void setTagFilter(const QString& tag); // empty: any
    void setNameFilter(const QString& text); // case-insensitive; "#12" also finds run 12
    // Inclusive, in local time; a missing end leaves that side open.
    void setCreatedRange(std::optional<QDate> from, std::optional<QDate> to);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();

    std::optional<lw::store::RunStatus> m_status;
    QString m_tag;
    QString m_text;
    std::optional<QDate> m_from;
    std::optional<QDate> m_to;
};

} // namespace lw::ui
