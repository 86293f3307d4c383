#pragma once
// A list of text files (or folders of them) that takes files dropped from a file
// manager. Other files are refused, so that a stray image never reaches the tokenizer.
#include <QListWidget>

namespace lw::ui {

class FileDropList : public QListWidget {
    Q_OBJECT
public:
    explicit FileDropList(QWidget* parent = nullptr);

    // Adds the acceptable paths not listed yet; returns how many were added.
    int addPaths(const QStringList& paths);
    QStringList paths() const;
    void removeSelected();

    static bool isAcceptable(const QString& path);

Q_SIGNALS:
    void pathsChanged();
    void pathsRefused(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    static QStringList localPaths(const QMimeData* mime);
};

} // namespace lw::ui
