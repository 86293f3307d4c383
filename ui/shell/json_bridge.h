#pragma once
// Core speaks nlohmann::json, Qt speaks QJsonObject: the one place they meet.
#include <QJsonDocument>
#include <QJsonObject>
#include <nlohmann/json.hpp>

namespace lw::ui {

inline QJsonObject toQJson(const nlohmann::json& json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

inline nlohmann::json fromQJson(const QJsonObject& object)
{
    return nlohmann::json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
}

} // namespace lw::ui
