#pragma once
// Screenshots the screenshot tests keep: a widget's picture saved as PNG once it is seen
// to hold a picture (a blank grab has one or two colours, a drawn view with text, icons
// and a table has many).
#include <QDir>
#include <QImage>
#include <QSet>
#include <QWidget>

namespace screenshots {

// False when the grab is empty, nearly one colour, or cannot be written.
inline bool saveDrawn(QWidget* widget, const QString& dir, const QString& name)
{
    const QImage image = widget->grab().toImage();
    if (image.isNull())
        return false;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5)
            colours.insert(image.pixel(x, y));
    return colours.size() > 8 && image.save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace screenshots
