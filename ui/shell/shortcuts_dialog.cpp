#include "ui/shell/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lw::ui {

ShortcutsDialog::ShortcutsDialog(std::function<QList<ShortcutGroup>()> groups, QWidget* parent)
    : QDialog(parent), m_groups(std::move(groups))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("shortcutsTree"));
    m_tree->setColumnCount(2);
    m_tree->setRootIsDecorated(false);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setFocusPolicy(Qt::NoFocus);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    rebuild();
    resize(560, 620);
}

QString ShortcutsDialog::actionText(const QAction* action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    while (text.endsWith(QChar(0x2026)) || text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text.trimmed();
}

QString ShortcutsDialog::keysText(const QAction* action)
{
    QStringList keys;
    for (const QKeySequence& key : action->shortcuts())
        if (!key.isEmpty()) // a standard key the platform does not define
            keys.append(key.toString(QKeySequence::NativeText));
    return keys.join(QStringLiteral(", "));
}

void ShortcutsDialog::rebuild()
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_intro->setText(tr("The keys of the window work everywhere in it; those of a panel work while the focus "
                        "is in that panel."));
    m_tree->setHeaderLabels({tr("Action"), tr("Keys")});
    m_tree->clear();
    for (const ShortcutGroup& group : m_groups()) {
        QList<QTreeWidgetItem*> rows;
        for (const QAction* action : group.actions) {
            if (!action || keysText(action).isEmpty())
                continue;
            auto* row = new QTreeWidgetItem({actionText(action), keysText(action)});
            row->setToolTip(0, action->toolTip());
            rows.append(row);
        }
        if (rows.isEmpty())
            continue;
        auto* heading = new QTreeWidgetItem(m_tree, {group.title});
        QFont bold = heading->font(0);
        bold.setBold(true);
        heading->setFont(0, bold);
        heading->setFirstColumnSpanned(true);
        heading->addChildren(rows);
        heading->setExpanded(true);
    }
}

void ShortcutsDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    // The actions are retranslated by their owners on the same event: read them after.
    if (event->type() == QEvent::LanguageChange)
        QTimer::singleShot(0, this, &ShortcutsDialog::rebuild);
}

} // namespace lw::ui
