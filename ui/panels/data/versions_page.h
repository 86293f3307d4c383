#pragma once
// The project's dataset versions as a tree (each version under the one it was made
// from) with the selected version's manifest beside it. Read with `llmwb data list`
// and `data show` off the GUI thread. Keys: F5 reads the list again, Delete deletes the
// selected version (after asking), Ctrl+E exports it.
#include "ui/panels/data/data_json.h"

#include <QWidget>

class QAction;
class QLabel;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace lw::ui::data {

class DataQuery;

class VersionsPage : public QWidget {
    Q_OBJECT
public:
    explicit VersionsPage(QWidget* parent = nullptr);

    void setProjectDir(const QString& dir);
    void refresh();
    // Selects `name` once it is listed (now, or when the list being read arrives).
    void selectDataset(const QString& name);
    QString currentDataset() const;
    void deleteDataset(const QString& name); // without asking
    void deleteCurrentWithQuestion();
    QAction* exportAction() const { return m_exportAction; }

    const QList<DatasetEntry>& datasets() const { return m_datasets; }
    QTreeWidget* tree() const { return m_tree; }
    QTextBrowser* details() const { return m_details; }
    QLabel* errorLabel() const { return m_error; }
    bool isBusy() const;

Q_SIGNALS:
    void datasetsListed(const QList<lw::ui::data::DatasetEntry>& datasets);
    void currentDatasetChanged(const QString& name);
    // `kind`: the version's record kind.
    void exportRequested(const QString& name, const QString& kind);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillTree();
    void showError(const QString& message);
    void onCurrentChanged();

    QString m_projectDir;
    QList<DatasetEntry> m_datasets;
    QString m_wanted;
    DataQuery* m_listQuery;
    DataQuery* m_showQuery;
    DataQuery* m_deleteQuery;
    QTreeWidget* m_tree;
    QTextBrowser* m_details;
    QLabel* m_error;
    QAction* m_refreshAction;
    QAction* m_deleteAction;
    QAction* m_exportAction;
};

} // namespace lw::ui::data
