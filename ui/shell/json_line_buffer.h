#pragma once
// Splits a byte stream into lines as it arrives in chunks of any size: a worker's
// stdout reaches us in whatever pieces the pipe delivers, so a JSON line may be cut
// anywhere, even inside a UTF-8 sequence.
#include <QByteArray>
#include <QList>

namespace lw::ui {

class JsonLineBuffer {
public:
    // A line longer than this is not an event (a runaway print): it is dropped whole.
    static constexpr qsizetype kMaxLineBytes = 16 * 1024 * 1024;

    // Appends a chunk and returns the complete lines it finished, without their '\n'
    // (and without a trailing '\r'). Empty lines are skipped.
    QList<QByteArray> append(const QByteArray& chunk);
    // What is left after the last newline (a final line without '\n'), emptied.
    QByteArray takeRemainder();
    // Lines dropped for being longer than kMaxLineBytes.
    int droppedLines() const { return m_droppedLines; }

private:
    QByteArray m_pending;
    bool m_discarding = false; // inside an over-long line: skip until its newline
    int m_droppedLines = 0;
};

} // namespace lw::ui
