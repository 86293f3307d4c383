#pragma once
// What the Evaluate panel reads out of a stored evaluation: its main score with the
// standard error, its size, and for each per-example row the texts the example view
// shows and whether the model got it right. Pure functions of the stored JSON.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace lw::ui::evaluate {

struct MainScore {
    QString name;       // the summary's key ("acc", "perplexity", ...)
    double value = 0;   // NaN when the summary has none
    double standardError = 0; // NaN when unknown
    bool higherIsBetter = true;
};

// acc for mc, perplexity, exact_match for generate, the mean score (or the win rate,
// ties counting half) for judge. A proportion without a stored standard error gets the
// sample one, sqrt(p (1 - p) / (n - 1)).
MainScore mainScore(const QString& task, const QJsonObject& summary);
// The number of examples (n), or for perplexity the tokens scored; -1 when unknown.
qint64 exampleCount(const QString& task, const QJsonObject& summary);
// For mc with subjects: one line per subject, "name: acc 0.500 (n = 4)"; "" otherwise.
QString subjectBreakdown(const QString& task, const QJsonObject& summary);
// The task's name for people ("Multiple choice", ...).
QString taskTitle(const QString& task);

struct ExampleTexts {
    QString question;  // the prompt, question or window
    QString answer;    // the model's answer or chosen choice
    QString reference; // the reference or gold choice
    QString score;     // the example's score as shown
};
ExampleTexts exampleTexts(const QString& task, const QJsonObject& row);
// True or false when the task says right or wrong of one example (mc, exact match,
// a judge's win); nullopt when it does not.
std::optional<bool> exampleCorrect(const QString& task, const QJsonObject& row);
// The row's own index when it has one, else its position.
qint64 exampleKey(const QJsonObject& row, qint64 position);

// Two evaluations' rows of the same examples, matched by exampleKey.
struct ExamplePair {
    qint64 key = 0;
    QJsonObject first;  // empty when the first evaluation lacks it
    QJsonObject second; // likewise
    bool disagree = false; // one right, the other wrong
};
QList<ExamplePair> pairExamples(const QString& task, const QJsonArray& first, const QJsonArray& second);

} // namespace lw::ui::evaluate
