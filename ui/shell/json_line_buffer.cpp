#include "ui/shell/json_line_buffer.h"

namespace lw::ui {

namespace {

QByteArray withoutCarriageReturn(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

QList<QByteArray> JsonLineBuffer::append(const QByteArray& chunk)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = chunk.indexOf('\n', start);
        if (newline < 0)
            break;
        if (m_discarding) {
            m_discarding = false;
        } else {
            m_pending.append(chunk.constData() + start, newline - start);
            QByteArray line = withoutCarriageReturn(std::move(m_pending));
            m_pending.clear();
            if (!line.isEmpty())
                lines.append(std::move(line));
        }
        start = newline + 1;
    }
    if (!m_discarding)
        m_pending.append(chunk.constData() + start, chunk.size() - start);
    if (m_pending.size() > kMaxLineBytes) {
        m_pending.clear();
        m_pending.squeeze();
        m_discarding = true;
        ++m_droppedLines;
    }
    return lines;
}

QByteArray JsonLineBuffer::takeRemainder()
{
    QByteArray rest = m_discarding ? QByteArray() : withoutCarriageReturn(std::move(m_pending));
    m_pending.clear();
    m_discarding = false;
    return rest;
}

} // namespace lw::ui
