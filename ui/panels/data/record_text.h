#pragma once
// A stored record (core/records/record.h: text, chat, preference or choice) in one line
// for a table cell, with its kind.
#include <QJsonObject>
#include <QString>

namespace lw::ui::data {

QString recordKind(const QJsonObject& record); // "text", "chat", "preference", "choice"
QString recordText(const QJsonObject& record, int maxChars = 300);

} // namespace lw::ui::data
