#pragma once
// Generated text shown token by token: each token's background says how likely the
// model found it (red: unlikely, through yellow, to green: likely), and hovering a
// token shows the model's most likely tokens at that step with their probabilities.
// Whitespace is drawn visibly, in a faded colour (· space, → tab, ↵ before a line
// break), so that a token of spaces or a line break can be seen and hovered; copying
// and text() give the real text. The decoding lab and the model comparison show their
// answers in it.
#include <QColor>
#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTextBrowser>
#include <QTimer>

namespace lw::ui {

struct TokenViewAlternative {
    QString text;
    double probability = 0;
};

struct TokenViewItem {
    QString text;            // as shown; empty for a token whose character the next one completes
    double probability = -1; // under the model; < 0: plain text, not a token (text held back until the end)
    QList<TokenViewAlternative> alternatives;
};

class TokenView : public QTextBrowser {
    Q_OBJECT
public:
    explicit TokenView(QWidget* parent = nullptr);

    void clearTokens();
    // Drawn with the tokens that arrive close to it (at most one layout per frame).
    void appendToken(const TokenViewItem& item);
    // Draws what appendToken() queued, now.
    void flushTokens();
    int tokenCount() const { return int(m_tokens.size()); }
    const TokenViewItem& token(int index) const { return m_tokens.at(index); }
    // The real text of every token, whitespace as it is.
    QString text() const;
    // The real text of the part of the view between two document positions.
    QString realText(int from, int to);
    // The real text of the selection: what copying gives.
    QString selectedRealText();

    // The background token `index` is drawn with (invalid for plain text and line breaks).
    QColor tokenColor(int index);
    // What hovering token `index` shows (rich text).
    QString tokenToolTip(int index) const;
    // The token under a point of the viewport, -1 when none.
    int tokenAt(const QPoint& viewportPos);
    // A point of the viewport inside token `index` (for tests and keyboard users).
    QPoint tokenPosition(int index);

    // The colour of a probability: pale on light themes, deep on dark ones.
    static QColor probabilityColor(double probability, bool darkTheme);
    // Whitespace made visible (the markers the view draws), e.g. "·the" for " the".
    static QString visibleText(const QString& text);
    // The text as a quoted literal with escapes ("\" the\n\""), for tooltips.
    static QString quotedText(const QString& text);

protected:
    bool viewportEvent(QEvent* event) override;
    QMimeData* createMimeDataFromSelection() const override;
    void changeEvent(QEvent* event) override;

private:
    struct Span {
        int start = 0; // document position
        int length = 0;
    };
    void insert(QTextCursor& cursor, int index);
    void rebuild();
    bool darkTheme() const;

    QList<TokenViewItem> m_tokens;
    QList<Span> m_spans; // of the tokens drawn so far
    QTimer m_flush;
    QElapsedTimer m_lastFlush;
};

} // namespace lw::ui
