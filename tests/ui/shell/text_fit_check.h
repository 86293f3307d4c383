#pragma once
// Finds text that does not fit the widget showing it: labels, buttons, check boxes,
// group box titles and tab titles whose text is wider than the room the widget has for
// it (QFontMetrics::horizontalAdvance against the widget's contents rect), whose text
// runs past what the widget's parents leave visible of it (a scroll area's viewport, a
// splitter), and word-wrapped labels shorter than their text needs. Only visible
// widgets are looked at.
#include <QStringList>

class QWidget;

namespace text_fit {

// One line per widget whose text is cut: its class, object path, text, and sizes.
QStringList clippedTexts(QWidget* root);

} // namespace text_fit
