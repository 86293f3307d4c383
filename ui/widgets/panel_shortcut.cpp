#include "ui/widgets/panel_shortcut.h"

#include <QAction>
#include <QWidget>

namespace lw::ui {

QAction* panelShortcut(QWidget* panel, const QKeySequence& keys)
{
    auto* action = new QAction(panel);
    action->setShortcut(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    panel->addAction(action);
    return action;
}

} // namespace lw::ui
