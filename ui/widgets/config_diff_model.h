#pragma once
// Configurations of several runs side by side: one row per flattened key
// (model.n_layer), one column per run after the key column. Rows whose values are not
// all the same (a key missing from some runs included) are marked, and can be the only
// rows shown.
#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

#include <map>
#include <string>

namespace lw::ui {

class ConfigDiffModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { DiffersRole = Qt::UserRole + 1 }; // bool, on every cell of a row
    struct RunConfig {
        QString title;                             // the column header, e.g. "#3 baseline"
        std::map<std::string, std::string> values; // flattenJson of the run's config
    };

    explicit ConfigDiffModel(QObject* parent = nullptr);

    void setRuns(QVector<RunConfig> runs);
    void setOnlyDifferences(bool on);
    bool onlyDifferences() const { return m_onlyDifferences; }

    QString keyAt(int row) const;
    bool rowDiffers(int row) const;
    int totalKeyCount() const { return int(m_allKeys.size()); }
    QStringList differingKeys() const; // whatever the filter shows

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Key {
        std::string name;
        bool differs = false;
    };
    void rebuildRows();

    QVector<RunConfig> m_runs;
    std::vector<Key> m_allKeys;
    std::vector<int> m_rows; // indexes into m_allKeys that are shown
    bool m_onlyDifferences = false;
};

} // namespace lw::ui
