#include "ui/panels/train/train_command_line.h"

#include "core/model/model_config.h"
#include "core/train/train_config.h"
#include "ui/shell/json_bridge.h"

#include <QRegularExpression>

#include <charconv>
#include <cmath>

namespace lw::ui {

namespace {

QString flagOf(const QString& key)
{
    return QStringLiteral("--") + QString(key).replace(QLatin1Char('_'), QLatin1Char('-'));
}

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

// The shortest text that reads back as the same double (what the CLI parses with stod).
QString exactNumber(double value)
{
    if (std::floor(value) == value && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QString::fromLatin1(buffer, int(result.ptr - buffer));
}

QString valueText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return exactNumber(value.toDouble());
    return value.toString();
}

// Fields of `model` that differ from `preset` (vocab_size excluded: the dataset sets it).
QStringList differingModelFields(const QJsonObject& model, const QJsonObject& preset)
{
    QStringList keys;
    for (auto it = model.constBegin(); it != model.constEnd(); ++it)
        if (it.key() != QLatin1String("vocab_size") && !sameValue(it.value(), preset.value(it.key())))
            keys.append(it.key());
    return keys;
}

} // namespace

QStringList trainCommandArguments(const TrainCommandInput& input)
{
    QStringList args = {input.program, QStringLiteral("train"), QStringLiteral("--project"), input.projectDir,
                        QStringLiteral("--dataset"), input.dataset};
    // The preset the fewest model flags are needed from.
    QString bestPreset;
    QJsonObject bestConfig;
    QStringList bestFields;
    for (const auto& preset : model::modelPresets()) {
        const QJsonObject config = toQJson(preset.config.toJson());
        const QStringList fields = differingModelFields(input.model, config);
        if (bestPreset.isEmpty() || fields.size() < bestFields.size()) {
            bestPreset = QString::fromStdString(preset.name);
            bestConfig = config;
            bestFields = fields;
        }
    }
    args << QStringLiteral("--preset") << bestPreset;
    for (const QString& key : std::as_const(bestFields))
        args << flagOf(key) << valueText(input.model.value(key));

    const QJsonObject defaults = toQJson(train::TrainConfig().toJson());
    for (const auto& [coreKey, help] : train::trainConfigHelp()) {
        const QString key = QString::fromStdString(coreKey);
        if (!input.hyperparameters.contains(key))
            continue;
        const QJsonValue value = input.hyperparameters.value(key);
        if (!sameValue(value, defaults.value(key)))
            args << flagOf(key) << valueText(value);
    }
    if (input.threads != 0)
        args << QStringLiteral("--threads") << QString::number(input.threads);
    if (!input.device.isEmpty() && input.device != defaults.value(QLatin1String("device")).toString())
        args << QStringLiteral("--device") << input.device;
    for (const QString& task : input.evalTasks)
        args << QStringLiteral("--eval-task") << task;
    args << distributedArguments(input.distributed);
    return args;
}

QString shellCommandLine(const QStringList& arguments)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    QStringList quoted;
    for (const QString& argument : arguments) {
        if (plain.match(argument).hasMatch())
            quoted << argument;
        else // single quotes keep everything but a single quote, written as '\''
            quoted << QLatin1Char('\'') + QString(argument).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
                          QLatin1Char('\'');
    }
    return quoted.join(QLatin1Char(' '));
}

QStringList splitShellCommandLine(const QString& line)
{
    QStringList arguments;
    QString current;
    bool inArgument = false;
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == QLatin1Char('\\') && quote == QLatin1Char('"') && i + 1 < line.size())
                current += line[++i];
            else
                current += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inArgument = true;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            current += line[++i];
            inArgument = true;
        } else if (c.isSpace()) {
            if (inArgument)
                arguments << current;
            current.clear();
            inArgument = false;
        } else {
            current += c;
            inArgument = true;
        }
    }
    if (inArgument)
        arguments << current;
    return arguments;
}

} // namespace lw::ui
