#pragma once
// Screenshots the screenshot tests keep: a widget's picture saved as PNG once it is seen
// to hold a picture (a blank grab has one or two colours, a drawn view with text, icons
// and a table has many), in LW_SCREENSHOT_DIR when it is set (for a person to look at).
#include <QDir>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QWidget>

namespace screenshots {

// Where a test keeps its pictures: LW_SCREENSHOT_DIR when set, else a folder of the
// test's own temporary folder; made when missing, "" when it cannot be.
inline QString outputDir(const QTemporaryDir& testDir)
{
    const QString dir = qEnvironmentVariable("LW_SCREENSHOT_DIR", testDir.filePath(QStringLiteral("shots")));
    return QDir().mkpath(dir) ? dir : QString();
}

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
