#pragma once
// The Fusion style, with what it draws poorly on a dark palette put right:
//  * Qt's standard icons (SP_MediaPlay, SP_BrowserReload, ...) are dark grey glyphs
//    drawn for light windows: on a dark palette their grey parts are drawn light, their
//    coloured parts stay as they are (decided when drawn, so a theme change shows on
//    icons handed out before it);
//  * a disabled icon is the icon at reduced opacity (Fusion's grey version of a dark
//    or light glyph disappears on one of the two backgrounds);
//  * check boxes and radio buttons get an outline in the text colour, which Fusion
//    draws a shade off the window colour, invisible on a dark window.
#include <QProxyStyle>

namespace lw::ui {

class ThemedStyle : public QProxyStyle {
    Q_OBJECT
public:
    ThemedStyle();

    QIcon standardIcon(StandardPixmap icon, const QStyleOption* option = nullptr,
                       const QWidget* widget = nullptr) const override;
    QPixmap generatedIconPixmap(QIcon::Mode mode, const QPixmap& pixmap, const QStyleOption* option) const override;
    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;
};

} // namespace lw::ui
