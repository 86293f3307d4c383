#pragma once
// The configs of several runs side by side (ConfigDiffModel in a table), with the
// differing settings highlighted, a count of them, and a switch to show only those.
#include "ui/widgets/config_diff_model.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace lw::ui {

class ConfigDiffView : public QWidget {
    Q_OBJECT
public:
    explicit ConfigDiffView(QWidget* parent = nullptr);

    void setRuns(QVector<ConfigDiffModel::RunConfig> runs);
    void setOnlyDifferences(bool on);

    ConfigDiffModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QCheckBox* onlyDifferencesBox() const { return m_onlyDifferences; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateSummary();

    ConfigDiffModel* m_model;
    QTableView* m_table;
    QCheckBox* m_onlyDifferences;
    QLabel* m_summary;
};

} // namespace lw::ui
