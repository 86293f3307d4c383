#include "ui/panels/data/import_file_list.h"

#include "core/records/source_rows.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QPainter>

#include <exception>

namespace lw::ui::data {

ImportFileList::ImportFileList(QWidget* parent) : QListWidget(parent)
{
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
}

QString ImportFileList::formatOf(const QString& path)
{
    try {
        const std::string_view name = records::fileFormatName(records::formatOfFile(path.toStdString()));
        return QString::fromUtf8(name.data(), qsizetype(name.size()));
    } catch (const std::exception&) {
        return {};
    }
}

bool ImportFileList::isAcceptable(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    return info.isFile() && !formatOf(path).isEmpty();
}

int ImportFileList::addPaths(const QStringList& paths)
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

QStringList ImportFileList::paths() const
{
    QStringList list;
    for (int i = 0; i < count(); ++i)
        list.append(item(i)->data(Qt::UserRole).toString());
    return list;
}

void ImportFileList::removeSelected()
{
    const auto selected = selectedItems();
    if (selected.isEmpty())
        return;
    qDeleteAll(selected);
    Q_EMIT pathsChanged();
}

void ImportFileList::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ImportFileList::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ImportFileList::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    addPaths(paths);
    event->acceptProposedAction();
}

void ImportFileList::paintEvent(QPaintEvent* event)
{
    QListWidget::paintEvent(event);
    if (count() > 0)
        return;
    // An empty list says what it is for.
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Drop JSON, JSON Lines, CSV, TSV, Parquet or text files or folders here"));
}

} // namespace lw::ui::data
