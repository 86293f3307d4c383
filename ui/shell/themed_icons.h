#pragma once
// Icons that follow the palette as it is when they are drawn, so that a theme change
// (light, dark) shows at once on every button and action that holds them:
//  * themedIcon(): one of the app's SVG icons (resources/icons), its neutral grey drawn
//    from the palette's text colour and its white details from the window colour;
//  * greyAdaptingIcon(): any icon drawn for light windows (Qt's standard icons), its
//    grey parts mirrored in lightness on a dark palette.
#include <QIcon>
#include <QImage>
#include <QString>

namespace lw::ui {

QIcon themedIcon(const QString& svgPath);
QIcon greyAdaptingIcon(const QIcon& icon);

// `image` with its grey parts mirrored in lightness (dark grey becomes light grey);
// saturated colours and transparency are kept.
QImage lightenedGreys(const QImage& image);

// The SVG text of an app icon with its neutral colours taken from `palette`.
QByteArray recolouredSvg(const QByteArray& svg, const QPalette& palette);

} // namespace lw::ui
