#pragma once
// The runs of a store as table rows: id, name, status, created, steps, parameters, best
// validation loss, tags, duration; numbers in the UI language's format. Refreshing updates rows in place (matched by run id), so selection,
// sorting and scroll position survive the panel's polling. The name is editable; an edit
// asks for a rename (renameRequested) instead of writing the store itself.
#include "core/store/records.h"

#include <QAbstractTableModel>
#include <QHash>

#include <map>

#include <vector>

namespace lw::ui {

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, StatusColumn, CreatedColumn, StepsColumn, ParametersColumn,
        BestValLossColumn, TagsColumn, DurationColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw values to sort by (QVariant() when unknown)
        RunIdRole,                   // qint64
        StatusRole,                  // int(lw::store::RunStatus)
        CreatedAtRole,               // double, Unix seconds
    };

    explicit RunsTableModel(QObject* parent = nullptr);

    // parameterCounts: the model size of each run whose configuration names a valid model.
    void setRuns(std::vector<lw::store::RunRecord> runs, std::map<int64_t, int64_t> parameterCounts = {});
    void clear();
    const lw::store::RunRecord& runAt(int row) const { return m_runs[size_t(row)]; }
    const lw::store::RunRecord* findRun(qint64 runId) const;
    int rowOfRun(qint64 runId) const; // -1 when absent
    // Shows a rename at once, before the store has it (the next refresh confirms it).
    void setRunName(qint64 runId, const QString& name);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void renameRequested(qint64 runId, const QString& name);

private:
    QVariant displayValue(const lw::store::RunRecord& run, int column) const;
    QVariant sortValue(const lw::store::RunRecord& run, int column) const;
    void reindex();

    std::vector<lw::store::RunRecord> m_runs;
    QHash<qint64, int> m_rowOfRun;
    std::map<int64_t, int64_t> m_parameterCounts;
};

} // namespace lw::ui
