#include "ui/widgets/config_diff_model.h"

#include <QColor>
#include <QFont>

#include <set>

namespace lw::ui {

ConfigDiffModel::ConfigDiffModel(QObject* parent) : QAbstractTableModel(parent) { }

void ConfigDiffModel::setRuns(QVector<RunConfig> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    std::set<std::string> names;
    for (const RunConfig& run : std::as_const(m_runs))
        for (const auto& entry : run.values)
            names.insert(entry.first);
    m_allKeys.clear();
    for (const std::string& name : names) {
        Key key{name, false};
        const auto first = m_runs.first().values.find(name);
        for (const RunConfig& run : std::as_const(m_runs)) {
            const auto found = run.values.find(name);
            // Absent in one run and present in another is a difference too.
            const bool same = (found == run.values.end()) == (first == m_runs.first().values.end()) &&
                (found == run.values.end() || found->second == first->second);
            key.differs = key.differs || !same;
        }
        m_allKeys.push_back(key);
    }
    rebuildRows();
    endResetModel();
}

void ConfigDiffModel::setOnlyDifferences(bool on)
{
    if (on == m_onlyDifferences)
        return;
    beginResetModel();
    m_onlyDifferences = on;
    rebuildRows();
    endResetModel();
}

void ConfigDiffModel::rebuildRows()
{
    m_rows.clear();
    for (int i = 0; i < int(m_allKeys.size()); ++i)
        if (!m_onlyDifferences || m_allKeys[size_t(i)].differs)
            m_rows.push_back(i);
}

QString ConfigDiffModel::keyAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return {};
    return QString::fromStdString(m_allKeys[size_t(m_rows[size_t(row)])].name);
}

bool ConfigDiffModel::rowDiffers(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && m_allKeys[size_t(m_rows[size_t(row)])].differs;
}

QStringList ConfigDiffModel::differingKeys() const
{
    QStringList keys;
    for (const Key& key : m_allKeys)
        if (key.differs)
            keys.append(QString::fromStdString(key.name));
    return keys;
}

int ConfigDiffModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConfigDiffModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || m_runs.isEmpty() ? 0 : 1 + int(m_runs.size());
}

QVariant ConfigDiffModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Key& key = m_allKeys[size_t(m_rows[size_t(index.row())])];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        if (index.column() == 0)
            return QString::fromStdString(key.name);
        const RunConfig& run = m_runs[index.column() - 1];
        const auto found = run.values.find(key.name);
        if (found == run.values.end())
            return role == Qt::DisplayRole ? tr("—") : tr("Not set in this run");
        return QString::fromStdString(found->second);
    }
    case DiffersRole:
        return key.differs;
    case Qt::BackgroundRole:
        // Translucent amber reads on light and dark palettes alike.
        return key.differs ? QVariant(QColor(255, 183, 0, 70)) : QVariant();
    case Qt::FontRole:
        if (key.differs) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant ConfigDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return tr("Setting");
    return section - 1 < m_runs.size() ? QVariant(m_runs[section - 1].title) : QVariant();
}

} // namespace lw::ui
