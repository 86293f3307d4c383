#pragma once
// Help > Keyboard Shortcuts: every key of the window and of each panel, read from the
// actions that hold them when the dialog is shown (their texts and shortcuts), so the
// list cannot drift from what the keys do. Grouped as the caller says (the window's
// menus, then one group per panel).
#include <QDialog>
#include <QList>
#include <QString>

#include <functional>

class QAction;
class QLabel;
class QTreeWidget;

namespace lw::ui {

struct ShortcutGroup {
    QString title;
    QList<QAction*> actions; // those without a shortcut are left out
};

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(std::function<QList<ShortcutGroup>()> groups, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    // Reads the actions again (the language changed, or a shortcut).
    void rebuild();

    // An action's text as a list shows it: no mnemonic ampersands, no trailing dots.
    static QString actionText(const QAction* action);
    // Its shortcuts as the platform writes them, comma-separated ("" when it has none).
    static QString keysText(const QAction* action);

protected:
    void changeEvent(QEvent* event) override;

private:
    std::function<QList<ShortcutGroup>()> m_groups;
    QLabel* m_intro;
    QTreeWidget* m_tree;
};

} // namespace lw::ui
