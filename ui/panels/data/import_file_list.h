#pragma once
// The files (or folders) to import: dropped from a file manager or chosen. Files whose
// format the importer does not know (by name, as `llmwb data import` decides it) are
// refused here, where they were dropped, rather than by the job.
#include <QListWidget>

namespace lw::ui::data {

class ImportFileList : public QListWidget {
    Q_OBJECT
public:
    explicit ImportFileList(QWidget* parent = nullptr);

    // Adds the acceptable paths not listed yet; returns how many were added.
    int addPaths(const QStringList& paths);
    QStringList paths() const;
    void removeSelected();

    static bool isAcceptable(const QString& path);
    // "csv", "tsv", "parquet", ...: the importer's name for the file's format, "" if none.
    static QString formatOf(const QString& path);

Q_SIGNALS:
    void pathsChanged();
    void pathsRefused(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
};

} // namespace lw::ui::data
