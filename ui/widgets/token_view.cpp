#include "ui/widgets/token_view.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMimeData>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>

namespace lw::ui {

namespace {

constexpr int kFlushMs = 30;

constexpr QChar kSpaceMark(0x00B7);   // ·
constexpr QChar kTabMark(0x2192);     // →
constexpr QChar kNewlineMark(0x21B5); // ↵

// How many characters of the view one real character takes: a line break is drawn as
// its marker followed by the break itself.
int shownLength(QChar c)
{
    return c == QLatin1Char('\n') ? 2 : 1;
}

} // namespace

TokenView::TokenView(QWidget* parent) : QTextBrowser(parent)
{
    setReadOnly(true);
    setOpenLinks(false);
    setUndoRedoEnabled(false);
    setMouseTracking(true);
    m_flush.setSingleShot(true);
    connect(&m_flush, &QTimer::timeout, this, &TokenView::flushTokens);
}

bool TokenView::darkTheme() const
{
    return palette().color(QPalette::Base).lightness() < 128;
}

QColor TokenView::probabilityColor(double probability, bool darkTheme)
{
    const double p = std::clamp(probability, 0.0, 1.0);
    // Hue from red (0) through yellow to green (120 degrees): the eye reads it as a scale.
    const double hue = p * 120.0 / 360.0;
    return darkTheme ? QColor::fromHsvF(float(hue), 0.75f, 0.45f) : QColor::fromHsvF(float(hue), 0.35f, 1.0f);
}

QString TokenView::visibleText(const QString& text)
{
    QString shown;
    for (QChar c : text) {
        if (c == QLatin1Char(' '))
            shown += kSpaceMark;
        else if (c == QLatin1Char('\t'))
            shown += kTabMark;
        else if (c == QLatin1Char('\n'))
            shown += kNewlineMark;
        else
            shown += c;
    }
    return shown.isEmpty() ? QStringLiteral("∅") : shown;
}

QString TokenView::quotedText(const QString& text)
{
    QString quoted = QStringLiteral("\"");
    for (QChar c : text) {
        if (c == QLatin1Char('\n'))
            quoted += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            quoted += QStringLiteral("\\t");
        else if (c == QLatin1Char('\r'))
            quoted += QStringLiteral("\\r");
        else if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\') + QString(c);
        else
            quoted += c;
    }
    return quoted + QLatin1Char('"');
}

QString TokenView::text() const
{
    QString all;
    for (const TokenViewItem& item : m_tokens)
        all += item.text;
    return all;
}

QString TokenView::realText(int from, int to)
{
    flushTokens();
    QString real;
    for (int i = 0; i < m_spans.size(); ++i) {
        const Span& span = m_spans[i];
        if (span.start + span.length <= from || span.start >= to)
            continue;
        int position = span.start;
        for (QChar c : m_tokens[i].text) {
            // A character counts when the selection takes its first drawn character.
            if (position >= from && position < to)
                real += c;
            position += shownLength(c);
        }
    }
    return real;
}

QString TokenView::selectedRealText()
{
    const QTextCursor cursor = textCursor();
    return realText(cursor.selectionStart(), cursor.selectionEnd());
}

QMimeData* TokenView::createMimeDataFromSelection() const
{
    auto* data = new QMimeData;
    // Drawing what is queued first (realText does) changes nothing a reader sees.
    data->setText(const_cast<TokenView*>(this)->selectedRealText());
    return data;
}

void TokenView::clearTokens()
{
    m_flush.stop();
    m_tokens.clear();
    m_spans.clear();
    clear();
}

void TokenView::appendToken(const TokenViewItem& item)
{
    m_tokens.append(item);
    // A token at a time would lay the whole paragraph out again for each one: draw at
    // most once per frame, the first token at once.
    if (m_flush.isActive())
        return;
    const qint64 since = m_lastFlush.isValid() ? m_lastFlush.elapsed() : kFlushMs;
    m_flush.start(int(qMax<qint64>(0, kFlushMs - since)));
}

void TokenView::flushTokens()
{
    m_flush.stop();
    m_lastFlush.restart();
    if (m_spans.size() == m_tokens.size())
        return;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    for (int i = int(m_spans.size()); i < m_tokens.size(); ++i)
        insert(cursor, i);
    cursor.endEditBlock();
}

void TokenView::insert(QTextCursor& cursor, int index)
{
    const TokenViewItem& item = m_tokens[index];
    QTextCharFormat format;
    if (item.probability >= 0)
        format.setBackground(probabilityColor(item.probability, darkTheme()));
    QTextCharFormat marker = format;
    marker.setForeground(palette().color(QPalette::PlaceholderText));
    const int start = cursor.position();
    QString run; // real characters drawn as they are, inserted together
    auto flushRun = [&] {
        if (!run.isEmpty())
            cursor.insertText(run, format);
        run.clear();
    };
    for (QChar c : item.text) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n')) {
            flushRun();
            cursor.insertText(QString(c == QLatin1Char(' ') ? kSpaceMark : c == QLatin1Char('\t') ? kTabMark : kNewlineMark),
                              marker);
            if (c == QLatin1Char('\n'))
                cursor.insertText(QStringLiteral("\n"), format);
        } else {
            run += c;
        }
    }
    flushRun();
    m_spans.append({start, cursor.position() - start});
}

void TokenView::rebuild()
{
    const int scroll = verticalScrollBar()->value();
    clear();
    m_spans.clear();
    flushTokens();
    verticalScrollBar()->setValue(scroll);
}

QColor TokenView::tokenColor(int index)
{
    flushTokens();
    const Span& span = m_spans.at(index);
    if (span.length == 0 || m_tokens.at(index).probability < 0)
        return {};
    // A line break ends a block and carries no colour: look at the first other character.
    for (int k = 0; k < span.length; ++k) {
        if (document()->characterAt(span.start + k) == QChar::ParagraphSeparator)
            continue;
        QTextCursor cursor(document());
        cursor.setPosition(span.start + k + 1); // the format of the character before the cursor
        return cursor.charFormat().background().color();
    }
    return {};
}

QString TokenView::tokenToolTip(int index) const
{
    const TokenViewItem& item = m_tokens.at(index);
    if (item.probability < 0)
        return {};
    const QLocale locale;
    QString html = QStringLiteral("<p style='white-space:pre'><b>%1</b> &nbsp; <code>%2</code> &nbsp; %3</p>")
                       .arg(visibleText(item.text).toHtmlEscaped(), quotedText(item.text).toHtmlEscaped(),
                            tr("%1 %").arg(locale.toString(item.probability * 100.0, 'f', 1)));
    if (!item.alternatives.isEmpty()) {
        html += QStringLiteral("<p>%1</p><table cellspacing='0' cellpadding='1'>").arg(tr("Most likely at this step:"));
        for (const TokenViewAlternative& a : item.alternatives)
            html += QStringLiteral("<tr><td style='white-space:pre'><code>%1</code></td><td align='right'>&nbsp; %2</td></tr>")
                        .arg(visibleText(a.text).toHtmlEscaped(), tr("%1 %").arg(locale.toString(a.probability * 100.0, 'f', 1)));
        html += QStringLiteral("</table>");
    }
    return html;
}

int TokenView::tokenAt(const QPoint& viewportPos)
{
    flushTokens();
    const QPointF docPos = QPointF(viewportPos) + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
    const int hit = document()->documentLayout()->hitTest(docPos, Qt::ExactHit);
    if (hit < 0)
        return -1;
    const QTextBlock block = document()->findBlock(hit);
    const QTextLayout* layout = block.layout();
    if (!layout)
        return -1;
    const QPointF inBlock = docPos - document()->documentLayout()->blockBoundingRect(block).topLeft();
    int position = -1;
    for (int i = 0; i < layout->lineCount(); ++i) {
        const QTextLine line = layout->lineAt(i);
        if (inBlock.y() >= line.y() && inBlock.y() < line.y() + line.height()) {
            // CursorOnCharacter: the character under x, not the nearest gap between two.
            position = block.position() + line.xToCursor(inBlock.x(), QTextLine::CursorOnCharacter);
            break;
        }
    }
    if (position < 0)
        return -1;
    auto it = std::upper_bound(m_spans.begin(), m_spans.end(), position,
                               [](int pos, const Span& span) { return pos < span.start; });
    while (it != m_spans.begin()) {
        --it;
        if (it->length > 0) {
            const int index = int(it - m_spans.begin());
            return position < it->start + it->length && m_tokens[index].probability >= 0 ? index : -1;
        }
    }
    return -1;
}

QPoint TokenView::tokenPosition(int index)
{
    flushTokens();
    const Span& span = m_spans.at(index);
    QTextCursor cursor(document());
    cursor.setPosition(span.start);
    const QRect before = cursorRect(cursor);
    cursor.setPosition(span.start + std::min(span.length, 1));
    const QRect after = cursorRect(cursor);
    if (after.top() != before.top()) // the first character starts a new line
        return QPoint(after.left() / 2, after.center().y());
    return QPoint((before.left() + after.left()) / 2, before.center().y());
}

bool TokenView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = tokenAt(help->pos());
        if (index >= 0)
            QToolTip::showText(help->globalPos(), tokenToolTip(index), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QTextBrowser::viewportEvent(event);
}

void TokenView::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_tokens.isEmpty())
        rebuild();
}

} // namespace lw::ui
