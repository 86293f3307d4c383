#include "text_fit_check.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QStyleOptionButton>
#include <QStyleOptionGroupBox>
#include <QTabBar>
#include <QTextDocument>
#include <QToolButton>

namespace text_fit {

namespace {

// A pixel of slack for rounding between the metrics and the layout.
constexpr int kSlack = 1;

QString pathOf(const QWidget* widget, const QWidget* root)
{
    QStringList names;
    for (const QWidget* w = widget; w && w != root; w = w->parentWidget())
        if (!w->objectName().isEmpty())
            names.prepend(w->objectName());
    return names.join(QLatin1Char('/'));
}

QString withoutMnemonic(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

int widestLine(const QFontMetrics& metrics, const QString& text)
{
    int widest = 0;
    for (const QString& line : text.split(QLatin1Char('\n')))
        widest = qMax(widest, metrics.horizontalAdvance(line));
    return widest;
}

QString report(const QWidget* widget, const QWidget* root, const QString& text, int needed, int room)
{
    return QStringLiteral("%1 '%2' (%3): needs %4 px, has %5")
        .arg(QString::fromLatin1(widget->metaObject()->className()), text.left(60), pathOf(widget, root))
        .arg(needed)
        .arg(room);
}

void checkLabel(const QLabel* label, const QWidget* root, QStringList* out)
{
    const QString text = label->text();
    if (text.isEmpty())
        return;
    const QRect room = label->contentsRect().adjusted(label->margin(), label->margin(), -label->margin(), -label->margin());
    const bool rich = label->textFormat() == Qt::RichText ||
                      (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
    if (label->wordWrap()) {
        // Wrapped text is cut when the label is not as tall as its text wants at its width.
        const int needed = label->heightForWidth(label->width());
        if (needed > label->height() + kSlack)
            out->append(report(label, root, text, needed, label->height()) + QStringLiteral(" (height)"));
        return;
    }
    int needed = 0;
    if (rich) {
        QTextDocument document;
        document.setDefaultFont(label->font());
        document.setDocumentMargin(0);
        document.setHtml(text);
        needed = qCeil(document.idealWidth());
    } else {
        needed = widestLine(label->fontMetrics(), label->buddy() ? withoutMnemonic(text) : text);
    }
    if (needed > room.width() + kSlack)
        out->append(report(label, root, text, needed, room.width()));
}

void checkButton(QAbstractButton* button, const QWidget* root, QStringList* out)
{
    const QString text = withoutMnemonic(button->text());
    if (text.isEmpty())
        return;
    const int advance = widestLine(button->fontMetrics(), text);
    int room = 0;
    int needed = advance;
    if (auto* tool = qobject_cast<QToolButton*>(button)) {
        if (tool->toolButtonStyle() == Qt::ToolButtonIconOnly && !tool->icon().isNull())
            return; // the text is a tooltip's business then
        needed = tool->sizeHint().width();
        room = tool->width();
    } else if (auto* check = qobject_cast<QCheckBox*>(button)) {
        QStyleOptionButton option;
        option.initFrom(check);
        option.text = check->text();
        option.icon = check->icon();
        option.iconSize = check->iconSize();
        room = check->style()->subElementRect(QStyle::SE_CheckBoxContents, &option, check).width();
    } else if (auto* radio = qobject_cast<QRadioButton*>(button)) {
        QStyleOptionButton option;
        option.initFrom(radio);
        option.text = radio->text();
        room = radio->style()->subElementRect(QStyle::SE_RadioButtonContents, &option, radio).width();
    } else if (auto* push = qobject_cast<QPushButton*>(button)) {
        QStyleOptionButton option;
        option.initFrom(push);
        option.text = push->text();
        option.icon = push->icon();
        option.iconSize = push->iconSize();
        room = push->style()->subElementRect(QStyle::SE_PushButtonContents, &option, push).width();
        if (!push->icon().isNull())
            needed += push->iconSize().width() + 4;
    } else {
        return;
    }
    if (needed > room + kSlack)
        out->append(report(button, root, text, needed, room));
}

void checkGroupBox(const QGroupBox* box, const QWidget* root, QStringList* out)
{
    const QString title = withoutMnemonic(box->title());
    if (title.isEmpty())
        return;
    QStyleOptionGroupBox option;
    option.initFrom(box);
    option.text = box->title();
    option.subControls = QStyle::SC_GroupBoxLabel | QStyle::SC_GroupBoxFrame;
    if (box->isCheckable())
        option.subControls |= QStyle::SC_GroupBoxCheckBox;
    const QRect label = box->style()->subControlRect(QStyle::CC_GroupBox, &option, QStyle::SC_GroupBoxLabel, box);
    // The title's place is sized to its text: it is cut when that place leaves the box.
    const int needed = box->fontMetrics().horizontalAdvance(title);
    const int room = qMin(label.right(), box->rect().right()) - label.left() + 1;
    if (needed > room + kSlack)
        out->append(report(box, root, title, needed, room));
}

void checkTabBar(const QTabBar* bar, const QWidget* root, QStringList* out)
{
    const int padding = bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
    for (int i = 0; i < bar->count(); ++i) {
        const QString text = withoutMnemonic(bar->tabText(i));
        if (text.isEmpty() || !bar->isTabVisible(i))
            continue;
        int needed = bar->fontMetrics().horizontalAdvance(text) + padding;
        if (!bar->tabIcon(i).isNull())
            needed += bar->iconSize().width() + 4;
        const int room = bar->tabRect(i).width();
        if (needed > room + kSlack)
            out->append(report(bar, root, text, needed, room) + QStringLiteral(" (tab %1)").arg(i));
    }
}

} // namespace

QStringList clippedTexts(QWidget* root)
{
    QStringList out;
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* widget : std::as_const(widgets)) {
        if (!widget->isVisible() || widget->width() <= 0 || widget->height() <= 0)
            continue;
        if (auto* label = qobject_cast<QLabel*>(widget))
            checkLabel(label, root, &out);
        else if (auto* button = qobject_cast<QAbstractButton*>(widget))
            checkButton(button, root, &out);
        else if (auto* box = qobject_cast<QGroupBox*>(widget))
            checkGroupBox(box, root, &out);
        else if (auto* bar = qobject_cast<QTabBar*>(widget))
            checkTabBar(bar, root, &out);
    }
    return out;
}

} // namespace text_fit
