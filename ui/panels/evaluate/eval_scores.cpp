#include "ui/panels/evaluate/eval_scores.h"

#include "core/eval/evaluation_headline.h"
#include "ui/shell/json_bridge.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>
#include <limits>
#include <map>

namespace lw::ui::evaluate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double numberOr(const QJsonObject& object, const QString& key, double fallback)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? value.toDouble() : fallback;
}

// The letter of choice `i` (A, B, ...), as multiple-choice questions name them.
QString choiceLetter(const QJsonValue& value)
{
    if (!value.isDouble())
        return value.toString();
    const int i = value.toInt(-1);
    if (i >= 0 && i < 26)
        return QString(QChar(QLatin1Char('A').unicode() + i));
    return QString::number(i);
}

QString number(double value, int decimals)
{
    return std::isnan(value) ? QString() : QLocale().toString(value, 'f', decimals);
}

} // namespace

MainScore mainScore(const QString& task, const QJsonObject& summary)
{
    const eval::Headline h = eval::headlineOf(task.toStdString(), fromQJson(summary));
    return {QString::fromStdString(h.metric), h.value, h.stderror, h.higherIsBetter};
}

qint64 exampleCount(const QString& task, const QJsonObject& summary)
{
    const QString key = task == QLatin1String("perplexity") ? QStringLiteral("tokens") : QStringLiteral("n");
    const QJsonValue value = summary.value(key);
    return value.isDouble() ? qint64(value.toDouble()) : -1;
}

QString taskTitle(const QString& task)
{
    if (task == QLatin1String("perplexity"))
        return QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Perplexity");
    if (task == QLatin1String("mc"))
        return QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Multiple choice");
    if (task == QLatin1String("generate"))
        return QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Generation metrics");
    if (task == QLatin1String("judge"))
        return QCoreApplication::translate("lw::ui::evaluate::EvalScores", "LLM judge");
    if (task == QLatin1String("quant_report"))
        return QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Quantization report");
    return task;
}

QString subjectBreakdown(const QString& task, const QJsonObject& summary)
{
    if (task != QLatin1String("mc"))
        return {};
    const QJsonObject subjects = summary.value(QLatin1String("subjects")).toObject();
    QStringList lines;
    for (auto it = subjects.begin(); it != subjects.end(); ++it) {
        const QJsonObject figures = it.value().toObject();
        lines << QCoreApplication::translate("lw::ui::evaluate::EvalScores", "%1: acc %2 (n = %3)")
                     .arg(it.key(), number(numberOr(figures, QStringLiteral("acc"), kNaN), 3),
                          QLocale().toString(qint64(numberOr(figures, QStringLiteral("n"), 0))));
    }
    return lines.join(QLatin1Char('\n'));
}

ExampleTexts exampleTexts(const QString& task, const QJsonObject& row)
{
    ExampleTexts texts;
    if (task == QLatin1String("perplexity")) {
        const qint64 start = qint64(numberOr(row, QStringLiteral("start"), 0));
        const qint64 tokens = qint64(numberOr(row, QStringLiteral("tokens"), 0));
        const double nll = numberOr(row, QStringLiteral("nll"), kNaN);
        texts.question = QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Tokens %1 to %2")
                             .arg(QLocale().toString(start), QLocale().toString(start + tokens));
        texts.score = tokens > 0 ? QCoreApplication::translate("lw::ui::evaluate::EvalScores", "%1 nats/token")
                                       .arg(number(nll / double(tokens), 3))
                                 : number(nll, 3);
        return texts;
    }
    if (task == QLatin1String("mc")) {
        const QString subject = row.value(QLatin1String("subject")).toString();
        const QString question = row.value(QLatin1String("question")).toString();
        const QString index = QLocale().toString(qint64(numberOr(row, QStringLiteral("index"), 0)));
        if (!question.isEmpty())
            texts.question = question;
        else if (subject.isEmpty())
            texts.question = QCoreApplication::translate("lw::ui::evaluate::EvalScores", "Question %1").arg(index);
        else
            texts.question =
                QCoreApplication::translate("lw::ui::evaluate::EvalScores", "%1, question %2").arg(subject, index);
        const QJsonArray choices = row.value(QLatin1String("choices")).toArray();
        const int pred = row.value(QLatin1String("pred")).toInt(-1);
        texts.answer = choiceLetter(row.value(QLatin1String("pred")));
        texts.reference = choiceLetter(row.value(QLatin1String("gold")));
        if (pred >= 0 && pred < choices.size())
            texts.score = QCoreApplication::translate("lw::ui::evaluate::EvalScores", "log p %1").arg(
                number(choices.at(pred).toObject().value(QLatin1String("logprob")).toDouble(kNaN), 3));
        const std::optional<bool> right = exampleCorrect(task, row);
        if (right)
            texts.score = (*right ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + texts.score;
        return texts;
    }
    texts.question = row.value(QLatin1String("prompt")).toString();
    texts.answer = row.value(QLatin1String("answer")).toString();
    texts.reference = row.value(QLatin1String("reference")).toString();
    if (row.contains(QLatin1String("exact_match")))
        texts.score = exampleCorrect(task, row).value_or(false) ? QStringLiteral("✓") : QStringLiteral("✗");
    else if (row.contains(QLatin1String("score")))
        texts.score = number(numberOr(row, QStringLiteral("score"), kNaN), 2);
    else
        texts.score = row.value(QLatin1String("verdict")).toString();
    if (row.contains(QLatin1String("parsed")) && !row.value(QLatin1String("parsed")).toBool(true))
        texts.score = QCoreApplication::translate("lw::ui::evaluate::EvalScores", "unparsed");
    return texts;
}

std::optional<bool> exampleCorrect(const QString& task, const QJsonObject& row)
{
    if (task == QLatin1String("mc")) {
        const QJsonValue pred = row.value(QLatin1String("pred")), gold = row.value(QLatin1String("gold"));
        if (pred.isUndefined() || gold.isUndefined())
            return std::nullopt;
        return pred.toVariant() == gold.toVariant();
    }
    const QJsonValue exact = row.value(QLatin1String("exact_match"));
    if (exact.isBool())
        return exact.toBool();
    if (exact.isDouble())
        return exact.toDouble() > 0.5;
    const QJsonValue verdict = row.value(QLatin1String("verdict"));
    if (verdict.isString())
        return verdict.toString() == QLatin1String("win");
    return std::nullopt;
}

qint64 exampleKey(const QJsonObject& row, qint64 position)
{
    const QJsonValue index = row.value(QLatin1String("index"));
    return index.isDouble() ? qint64(index.toDouble()) : position;
}

QList<ExamplePair> pairExamples(const QString& task, const QJsonArray& first, const QJsonArray& second)
{
    std::map<qint64, ExamplePair> pairs; // ordered by key
    for (qint64 i = 0; i < first.size(); ++i) {
        const QJsonObject row = first.at(i).toObject();
        ExamplePair& pair = pairs[exampleKey(row, i)];
        pair.first = row;
    }
    for (qint64 i = 0; i < second.size(); ++i) {
        const QJsonObject row = second.at(i).toObject();
        ExamplePair& pair = pairs[exampleKey(row, i)];
        pair.second = row;
    }
    QList<ExamplePair> list;
    for (auto& [key, pair] : pairs) {
        pair.key = key;
        const std::optional<bool> a = exampleCorrect(task, pair.first);
        const std::optional<bool> b = exampleCorrect(task, pair.second);
        pair.disagree = a && b && *a != *b;
        list.append(pair);
    }
    return list;
}

} // namespace lw::ui::evaluate
