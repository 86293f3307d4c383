#pragma once
// A keyboard shortcut that works while focus is anywhere inside `panel` (and nowhere
// else, so two panels can bind the same keys): an action added to the panel.
#include <QKeySequence>

class QAction;
class QWidget;

namespace lw::ui {

QAction* panelShortcut(QWidget* panel, const QKeySequence& keys);

} // namespace lw::ui
