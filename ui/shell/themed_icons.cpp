#include "ui/shell/themed_icons.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPalette>
#include <QStyle>

namespace lw::ui {

namespace {

// The colours the app's icons are drawn with that stand for "text" and "background".
constexpr const char* kNeutralGrey = "#7f8a96";
constexpr const char* kDetailWhite = "#ffffff";
constexpr int kGreySaturation = 40; // below this (of 255) a pixel counts as grey

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::WindowText).lightness() > palette.color(QPalette::Window).lightness();
}

// Shared by both engines: what is drawn depends on the application palette of the
// moment, cached per size, mode, state and palette.
class PaletteIconEngine : public QIconEngine {
public:
    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap drawn = pixmap(rect.size() * ratio, mode, state);
        drawn.setDevicePixelRatio(ratio);
        painter->drawPixmap(rect, drawn);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        const QPalette palette = QApplication::palette();
        const QString key = QStringLiteral("%1x%2/%3/%4/%5/%6")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(int(mode))
                                .arg(int(state))
                                .arg(palette.color(QPalette::WindowText).rgba())
                                .arg(palette.color(QPalette::Window).rgba());
        auto it = m_cache.find(key);
        if (it != m_cache.end())
            return *it;
        QPixmap drawn = QPixmap::fromImage(render(size, state, palette));
        if (mode == QIcon::Disabled && !drawn.isNull()) {
            QStyleOption option;
            option.palette = palette;
            drawn = QApplication::style()->generatedIconPixmap(QIcon::Disabled, drawn, &option);
        }
        if (m_cache.size() > 64)
            m_cache.clear();
        m_cache.insert(key, drawn);
        return drawn;
    }

protected:
    virtual QImage render(const QSize& size, QIcon::State state, const QPalette& palette) const = 0;

private:
    QHash<QString, QPixmap> m_cache;
};

class SvgIconEngine : public PaletteIconEngine {
public:
    explicit SvgIconEngine(QByteArray svg) : m_svg(std::move(svg)) { }
    QIconEngine* clone() const override { return new SvgIconEngine(m_svg); }
    QString key() const override { return QStringLiteral("lw-svg"); }

protected:
    QImage render(const QSize& size, QIcon::State, const QPalette& palette) const override
    {
        QByteArray svg = recolouredSvg(m_svg, palette);
        QBuffer buffer(&svg);
        QImageReader reader(&buffer, "svg");
        reader.setScaledSize(size);
        return reader.read();
    }

private:
    QByteArray m_svg;
};

class GreyAdaptingEngine : public PaletteIconEngine {
public:
    explicit GreyAdaptingEngine(QIcon base) : m_base(std::move(base)) { }
    QIconEngine* clone() const override { return new GreyAdaptingEngine(m_base); }
    QString key() const override { return QStringLiteral("lw-grey-adapting"); }
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override
    {
        return m_base.availableSizes(mode, state);
    }

protected:
    QImage render(const QSize& size, QIcon::State state, const QPalette& palette) const override
    {
        const QImage image = m_base.pixmap(size, QIcon::Normal, state).toImage();
        return isDark(palette) ? lightenedGreys(image) : image;
    }

private:
    QIcon m_base;
};

} // namespace

QImage lightenedGreys(const QImage& image)
{
    QImage result = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < result.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(result.scanLine(y));
        for (int x = 0; x < result.width(); ++x) {
            const QColor color = QColor::fromRgba(line[x]);
            if (color.alpha() == 0 || color.hslSaturation() > kGreySaturation)
                continue;
            line[x] = QColor::fromHsl(color.hslHue(), color.hslSaturation(), 255 - color.lightness(), color.alpha()).rgba();
        }
    }
    return result;
}

QByteArray recolouredSvg(const QByteArray& svg, const QPalette& palette)
{
    // The neutral grey: the text colour, softened toward the window so that it reads as
    // an icon and not as text.
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    const QColor neutral = QColor::fromRgbF(text.redF() * 0.7f + window.redF() * 0.3f,
                                            text.greenF() * 0.7f + window.greenF() * 0.3f,
                                            text.blueF() * 0.7f + window.blueF() * 0.3f);
    QByteArray result = svg;
    result.replace(kNeutralGrey, neutral.name().toLatin1());
    result.replace(kDetailWhite, window.name().toLatin1());
    return result;
}

QIcon themedIcon(const QString& svgPath)
{
    QFile file(svgPath);
    if (!file.open(QIODevice::ReadOnly))
        return QIcon(svgPath); // as Qt would draw it, if it can
    return QIcon(new SvgIconEngine(file.readAll()));
}

QIcon greyAdaptingIcon(const QIcon& icon)
{
    return QIcon(new GreyAdaptingEngine(icon));
}

} // namespace lw::ui
