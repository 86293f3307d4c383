#include "ui/panels/data/record_text.h"

#include <QJsonArray>
#include <QStringList>

namespace lw::ui::data {

namespace {

QString messagesText(const QJsonArray& messages)
{
    QStringList parts;
    for (const QJsonValue& m : messages) {
        const QJsonObject message = m.toObject();
        parts << message.value(QLatin1String("role")).toString() + QStringLiteral(": ") +
                     message.value(QLatin1String("content")).toString();
    }
    return parts.join(QStringLiteral(" | "));
}

} // namespace

QString recordKind(const QJsonObject& record)
{
    if (record.contains(QLatin1String("chosen")))
        return QStringLiteral("preference");
    if (record.contains(QLatin1String("messages")))
        return QStringLiteral("chat");
    if (record.contains(QLatin1String("question")))
        return QStringLiteral("choice");
    return QStringLiteral("text");
}

QString recordText(const QJsonObject& record, int maxChars)
{
    QString text;
    const QString kind = recordKind(record);
    if (kind == QLatin1String("chat")) {
        text = messagesText(record.value(QLatin1String("messages")).toArray());
    } else if (kind == QLatin1String("preference")) {
        text = messagesText(record.value(QLatin1String("prompt")).toArray()) + QStringLiteral(" | chosen: ") +
               messagesText(record.value(QLatin1String("chosen")).toArray()) + QStringLiteral(" | rejected: ") +
               messagesText(record.value(QLatin1String("rejected")).toArray());
    } else if (kind == QLatin1String("choice")) {
        QStringList choices;
        const QJsonArray list = record.value(QLatin1String("choices")).toArray();
        for (int i = 0; i < list.size(); ++i)
            choices << QString(QChar(u'A' + i)) + QStringLiteral(") ") + list.at(i).toString();
        text = record.value(QLatin1String("question")).toString() + QLatin1Char(' ') + choices.join(QLatin1Char(' '));
    } else {
        text = record.value(QLatin1String("text")).toString();
    }
    text.replace(QLatin1Char('\n'), QChar(u'↵'));
    if (text.size() > maxChars)
        text = text.left(maxChars) + QChar(u'…');
    return text;
}

} // namespace lw::ui::data
