#pragma once
// The versions of one answer: Regenerate writes a new one and keeps the earlier ones,
// which the message lets the user browse (‹ 2/3 ›). They are kept in the message's
// stats, so that the store needs no new table and readers that do not know them see the
// version shown as the message:
//   content, stats          the version shown (what the model reads in later turns)
//   stats["versions"]       [{"content": ..., "stats": {...}}, ...], oldest first
//   stats["version"]        the index of the version shown
// A message with one version carries neither key.
#include "core/store/records.h"

#include <string>
#include <vector>

namespace lw::ui {

struct AnswerVersion {
    std::string content;
    nlohmann::json stats = nlohmann::json::object(); // without the two keys above
};

// The versions of an answer (at least one: the message itself) and which is shown.
std::vector<AnswerVersion> answerVersions(const store::ConversationMessage& message);
int shownAnswerVersion(const store::ConversationMessage& message);
// The assistant message showing version `shown` of `versions` (not empty).
store::ConversationMessage answerMessage(const std::vector<AnswerVersion>& versions, int shown);

} // namespace lw::ui
