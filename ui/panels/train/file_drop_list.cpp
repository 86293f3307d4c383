#include "ui/panels/train/file_drop_list.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QMimeDatabase>
#include <QPainter>

namespace lw::ui {

FileDropList::FileDropList(QWidget* parent) : QListWidget(parent)
{
    setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setMinimumHeight(70);
    setMaximumHeight(120);
}

bool FileDropList::isAcceptable(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    if (!info.isFile())
        return false;
    static const QStringList textSuffixes = {QStringLiteral("txt"), QStringLiteral("md"), QStringLiteral("jsonl"),
                                             QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("text")};
    if (textSuffixes.contains(info.suffix().toLower()))
        return true;
    return QMimeDatabase().mimeTypeForFile(info).inherits(QStringLiteral("text/plain"));
}

int FileDropList::addPaths(const QStringList& paths)
{
    const QStringList listed = this->paths();
    QStringList refused;
    int added = 0;
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (!isAcceptable(absolute)) {
            refused.append(path);
            continue;
        }
        if (listed.contains(absolute))
            continue;
        auto* item = new QListWidgetItem(QFileInfo(absolute).fileName(), this);
        item->setData(Qt::UserRole, absolute);
        item->setToolTip(absolute);
        ++added;
    }
    if (!refused.isEmpty())
        Q_EMIT pathsRefused(refused);
    if (added > 0)
        Q_EMIT pathsChanged();
    return added;
}

QStringList FileDropList::paths() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out.append(item(i)->data(Qt::UserRole).toString());
    return out;
}

void FileDropList::removeSelected()
{
    const auto selected = selectedItems();
    if (selected.isEmpty())
        return;
    qDeleteAll(selected);
    Q_EMIT pathsChanged();
}

QStringList FileDropList::localPaths(const QMimeData* mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    return paths;
}

void FileDropList::dragEnterEvent(QDragEnterEvent* event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (std::any_of(paths.begin(), paths.end(), &FileDropList::isAcceptable))
        event->acceptProposedAction();
    else
        event->ignore();
}

void FileDropList::dragMoveEvent(QDragMoveEvent* event)
{
    event->acceptProposedAction();
}

void FileDropList::dropEvent(QDropEvent* event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    addPaths(paths);
    event->acceptProposedAction();
}

void FileDropList::paintEvent(QPaintEvent* event)
{
    QListWidget::paintEvent(event);
    if (count() > 0)
        return;
    // An empty list says what it is for.
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Drop text files or folders here"));
}

} // namespace lw::ui
