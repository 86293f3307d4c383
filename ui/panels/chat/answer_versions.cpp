#include "ui/panels/chat/answer_versions.h"

#include <algorithm>

namespace lw::ui {

namespace {

constexpr const char* kVersions = "versions";
constexpr const char* kShown = "version";

nlohmann::json ownStats(nlohmann::json stats)
{
    if (!stats.is_object())
        return nlohmann::json::object();
    stats.erase(kVersions);
    stats.erase(kShown);
    return stats;
}

} // namespace

std::vector<AnswerVersion> answerVersions(const store::ConversationMessage& message)
{
    std::vector<AnswerVersion> versions;
    const nlohmann::json& stats = message.stats;
    if (stats.is_object() && stats.contains(kVersions) && stats[kVersions].is_array()) {
        for (const nlohmann::json& v : stats[kVersions]) {
            if (!v.is_object() || !v.contains("content") || !v["content"].is_string())
                continue; // a damaged entry is left out, the others stay browsable
            versions.push_back({v["content"].get<std::string>(), ownStats(v.value("stats", nlohmann::json::object()))});
        }
    }
    if (versions.empty())
        versions.push_back({message.content, ownStats(stats)});
    return versions;
}

int shownAnswerVersion(const store::ConversationMessage& message)
{
    const int count = int(answerVersions(message).size());
    const nlohmann::json& stats = message.stats;
    int shown = count - 1;
    if (stats.is_object() && stats.contains(kShown) && stats[kShown].is_number_integer())
        shown = stats[kShown].get<int>();
    return std::clamp(shown, 0, count - 1);
}

store::ConversationMessage answerMessage(const std::vector<AnswerVersion>& versions, int shown)
{
    store::ConversationMessage message;
    message.role = "assistant";
    if (versions.empty())
        return message;
    shown = std::clamp(shown, 0, int(versions.size()) - 1);
    message.content = versions[size_t(shown)].content;
    message.stats = versions[size_t(shown)].stats;
    if (versions.size() > 1) {
        nlohmann::json all = nlohmann::json::array();
        for (const AnswerVersion& v : versions)
            all.push_back({{"content", v.content}, {"stats", v.stats}});
        message.stats[kVersions] = std::move(all);
        message.stats[kShown] = shown;
    }
    return message;
}

} // namespace lw::ui
