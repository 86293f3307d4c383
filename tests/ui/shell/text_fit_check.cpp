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
#include <QtMath>

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

// Where text of `width` pixels starts in `room` with `alignment`.
int textLeft(const QRect& room, int width, Qt::Alignment alignment)
{
    if (alignment & Qt::AlignHCenter)
        return room.left() + (room.width() - width) / 2;
    if (alignment & Qt::AlignRight)
        return room.right() + 1 - width;
    return room.left();
}

struct Finder {
    const QWidget* root;
    QStringList* out;

    void report(const QWidget* widget, const QString& text, int needed, int room, const char* why = "")
    {
        out->append(QStringLiteral("%1 '%2' (%3): needs %4 px, has %5%6")
                        .arg(QString::fromLatin1(widget->metaObject()->className()), text.left(60),
                             pathOf(widget, root))
                        .arg(needed)
                        .arg(room)
                        .arg(QLatin1String(why)));
    }

    // Text drawn from x = left, `needed` wide, in a widget whose own room for it is
    // `room` wide: cut when it does not fit that room, or runs past what its parents
    // (a scroll area's viewport, a splitter) leave visible of the widget.
    void checkSpan(const QWidget* widget, const QString& text, int left, int needed, int room)
    {
        if (needed > room + kSlack) {
            report(widget, text, needed, room);
            return;
        }
        const QRect shown = widget->visibleRegion().boundingRect();
        if (shown.isEmpty())
            return; // scrolled out of sight altogether: nothing is shown to be cut
        const int visible = qMin(left + needed, shown.right() + 1) - qMax(left, shown.left());
        if (visible + kSlack < needed)
            report(widget, text, needed, qMax(0, visible), " (hidden by a parent)");
    }

    void label(const QLabel* label)
    {
        const QString text = label->text();
        if (text.isEmpty())
            return;
        const int margin = label->margin();
        const QRect room = label->contentsRect().adjusted(margin, margin, -margin, -margin);
        const bool rich = label->textFormat() == Qt::RichText ||
                          (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
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
        if (label->wordWrap()) {
            // Wrapped text is cut when the label is not as tall as its text wants at its
            // width, or when the lines it wraps into run past what is visible of it.
            const int height = label->heightForWidth(label->width());
            if (height > label->height() + kSlack)
                report(label, text, height, label->height(), " (height)");
            needed = qMin(needed, room.width());
        }
        checkSpan(label, text, textLeft(room, needed, label->alignment()), needed, room.width());
    }

    void button(QAbstractButton* button)
    {
        const QString text = withoutMnemonic(button->text());
        if (text.isEmpty())
            return;
        const int advance = widestLine(button->fontMetrics(), text);
        if (auto* tool = qobject_cast<QToolButton*>(button)) {
            if (tool->toolButtonStyle() == Qt::ToolButtonIconOnly && !tool->icon().isNull())
                return; // the text is the tooltip's then
            checkSpan(tool, text, 0, tool->sizeHint().width(), tool->width());
            return;
        }
        QStyleOptionButton option;
        option.initFrom(button);
        option.text = button->text();
        option.icon = button->icon();
        option.iconSize = button->iconSize();
        QRect room;
        int needed = advance;
        if (qobject_cast<QCheckBox*>(button)) {
            room = button->style()->subElementRect(QStyle::SE_CheckBoxContents, &option, button);
        } else if (qobject_cast<QRadioButton*>(button)) {
            room = button->style()->subElementRect(QStyle::SE_RadioButtonContents, &option, button);
        } else if (qobject_cast<QPushButton*>(button)) {
            room = button->style()->subElementRect(QStyle::SE_PushButtonContents, &option, button);
            if (!button->icon().isNull())
                needed += button->iconSize().width() + 4;
            checkSpan(button, text, textLeft(room, needed, Qt::AlignHCenter), needed, room.width());
            return;
        } else {
            return;
        }
        checkSpan(button, text, room.left(), needed, room.width());
    }

    void groupBox(const QGroupBox* box)
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
        // The title's place is sized to its text: it is cut where that place leaves the box.
        const int needed = box->fontMetrics().horizontalAdvance(title);
        checkSpan(box, title, label.left(), needed, qMin(label.right(), box->rect().right()) - label.left() + 1);
    }

    void tabBar(const QTabBar* bar)
    {
        const int padding = bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
        for (int i = 0; i < bar->count(); ++i) {
            const QString text = withoutMnemonic(bar->tabText(i));
            if (text.isEmpty() || !bar->isTabVisible(i))
                continue;
            int needed = bar->fontMetrics().horizontalAdvance(text) + padding;
            if (!bar->tabIcon(i).isNull())
                needed += bar->iconSize().width() + 4;
            const QRect tab = bar->tabRect(i);
            checkSpan(bar, text, tab.left(), needed, tab.width());
        }
    }
};

} // namespace

QStringList clippedTexts(QWidget* root)
{
    QStringList out;
    Finder finder{root, &out};
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* widget : std::as_const(widgets)) {
        if (!widget->isVisible() || widget->width() <= 0 || widget->height() <= 0)
            continue;
        if (auto* label = qobject_cast<QLabel*>(widget))
            finder.label(label);
        else if (auto* button = qobject_cast<QAbstractButton*>(widget))
            finder.button(button);
        else if (auto* box = qobject_cast<QGroupBox*>(widget))
            finder.groupBox(box);
        else if (auto* bar = qobject_cast<QTabBar*>(widget))
            finder.tabBar(bar);
    }
    return out;
}

} // namespace text_fit
