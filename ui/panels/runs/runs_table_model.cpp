#include "ui/panels/runs/runs_table_model.h"

#include "ui/panels/runs/run_display.h"
#include "ui/widgets/number_text.h"

#include <QGuiApplication>
#include <QLocale>
#include <QSet>

namespace lw::ui {

using lw::store::RunRecord;

namespace {

// What the table shows of a run; anything else (config, notes) changing is not worth
// repainting a row for.
bool sameForDisplay(const RunRecord& a, const RunRecord& b)
{
    return a.name == b.name && a.status == b.status && a.step == b.step &&
        a.maxSteps == b.maxSteps && a.bestValLoss == b.bestValLoss && a.bestStep == b.bestStep &&
        a.tags == b.tags && a.startedAt == b.startedAt && a.endedAt == b.endedAt &&
        a.updatedAt == b.updatedAt && a.errorMessage == b.errorMessage;
}

} // namespace

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) { }

void RunsTableModel::reindex()
{
    m_rowOfRun.clear();
    for (int row = 0; row < int(m_runs.size()); ++row)
        m_rowOfRun.insert(m_runs[size_t(row)].id, row);
}

void RunsTableModel::setRuns(std::vector<RunRecord> runs, std::map<int64_t, int64_t> parameterCounts)
{
    const bool parametersChanged = parameterCounts != m_parameterCounts;
    m_parameterCounts = std::move(parameterCounts);
    QSet<qint64> incoming;
    for (const RunRecord& run : runs)
        incoming.insert(run.id);
    // Rows of deleted runs go first, from the bottom so that row numbers stay valid.
    for (int row = int(m_runs.size()) - 1; row >= 0; --row) {
        if (incoming.contains(m_runs[size_t(row)].id))
            continue;
        beginRemoveRows({}, row, row);
        m_runs.erase(m_runs.begin() + row);
        endRemoveRows();
    }
    reindex();
    std::vector<RunRecord> added;
    for (RunRecord& run : runs) {
        const int row = rowOfRun(run.id);
        if (row < 0) {
            added.push_back(std::move(run));
            continue;
        }
        const bool changed = parametersChanged || !sameForDisplay(m_runs[size_t(row)], run);
        m_runs[size_t(row)] = std::move(run);
        if (changed)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (!added.empty()) {
        const int first = int(m_runs.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (RunRecord& run : added)
            m_runs.push_back(std::move(run));
        reindex();
        endInsertRows();
    }
}

void RunsTableModel::clear()
{
    beginResetModel();
    m_runs.clear();
    m_rowOfRun.clear();
    endResetModel();
}

const RunRecord* RunsTableModel::findRun(qint64 runId) const
{
    const int row = rowOfRun(runId);
    return row < 0 ? nullptr : &m_runs[size_t(row)];
}

int RunsTableModel::rowOfRun(qint64 runId) const
{
    return m_rowOfRun.value(runId, -1);
}

void RunsTableModel::setRunName(qint64 runId, const QString& name)
{
    const int row = rowOfRun(runId);
    if (row < 0)
        return;
    m_runs[size_t(row)].name = name.toStdString();
    Q_EMIT dataChanged(index(row, NameColumn), index(row, NameColumn));
}

int RunsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsTableModel::displayValue(const RunRecord& run, int column) const
{
    switch (column) {
    case IdColumn: return QLocale().toString(qint64(run.id));
    case NameColumn: return QString::fromStdString(run.name);
    case StatusColumn: return runStatusText(run.status);
    case CreatedColumn: return formatUnixTime(run.createdAt);
    case StepsColumn: {
        const QLocale locale;
        return run.maxSteps > 0 ? tr("%1 / %2").arg(locale.toString(qint64(run.step)), locale.toString(qint64(run.maxSteps)))
                                : locale.toString(qint64(run.step));
    }
    case ParametersColumn: {
        const auto it = m_parameterCounts.find(run.id);
        return it == m_parameterCounts.end() ? tr("—") : formatCount(double(it->second));
    }
    case BestValLossColumn:
        if (!run.bestValLoss)
            return tr("—");
        return run.bestStep ? tr("%1 (step %2)").arg(QLocale().toString(*run.bestValLoss, 'f', 4),
                                                     QLocale().toString(qint64(*run.bestStep)))
                            : QLocale().toString(*run.bestValLoss, 'f', 4);
    case TagsColumn: {
        QStringList tags;
        for (const auto& tag : run.tags)
            tags.append(QString::fromStdString(tag));
        return tags.join(QStringLiteral(", "));
    }
    case DurationColumn: {
        const auto seconds = runDurationSeconds(run);
        return seconds ? formatDuration(*seconds) : tr("—");
    }
    default: return {};
    }
}

QVariant RunsTableModel::sortValue(const RunRecord& run, int column) const
{
    switch (column) {
    case IdColumn: return qint64(run.id);
    case NameColumn: return QString::fromStdString(run.name);
    case StatusColumn: return runStatusText(run.status);
    case CreatedColumn: return run.createdAt;
    case StepsColumn: return qint64(run.step);
    case ParametersColumn: {
        const auto it = m_parameterCounts.find(run.id);
        return it == m_parameterCounts.end() ? QVariant() : QVariant(qint64(it->second));
    }
    case BestValLossColumn: return run.bestValLoss ? QVariant(*run.bestValLoss) : QVariant();
    case TagsColumn: return displayValue(run, TagsColumn);
    case DurationColumn: {
        const auto seconds = runDurationSeconds(run);
        return seconds ? QVariant(*seconds) : QVariant();
    }
    default: return {};
    }
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_runs.size()))
        return {};
    const RunRecord& run = m_runs[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayValue(run, index.column());
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(QString::fromStdString(run.name))
                                            : displayValue(run, index.column());
    case SortRole: return sortValue(run, index.column());
    case RunIdRole: return qint64(run.id);
    case StatusRole: return int(run.status);
    case CreatedAtRole: return run.createdAt;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            const QColor color = runStatusColor(run.status, QGuiApplication::palette());
            return color.isValid() ? QVariant(color) : QVariant();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == StepsColumn || index.column() == ParametersColumn ||
            index.column() == BestValLossColumn || index.column() == DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !run.errorMessage.empty())
            return QString::fromStdString(run.errorMessage);
        if (index.column() == NameColumn)
            return tr("Run #%1 (%2)\nFolder: %3")
                .arg(run.id)
                .arg(QString::fromStdString(run.kind), QString::fromStdString(run.runDir));
        return {};
    default: return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case StatusColumn: return tr("Status");
    case CreatedColumn: return tr("Created");
    case StepsColumn: return tr("Steps");
    case ParametersColumn: return tr("Parameters");
    case BestValLossColumn: return tr("Best validation loss");
    case TagsColumn: return tr("Tags");
    case DurationColumn: return tr("Duration");
    default: return {};
    }
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != NameColumn)
        return false;
    const QString name = value.toString().trimmed();
    const RunRecord& run = m_runs[size_t(index.row())];
    if (name.isEmpty() || name == QString::fromStdString(run.name))
        return false;
    const qint64 runId = run.id;
    setRunName(runId, name);
    Q_EMIT renameRequested(runId, name);
    return true;
}

} // namespace lw::ui
