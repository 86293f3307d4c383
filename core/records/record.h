#pragma once
// A dataset row after import: one of four shapes, whatever layout the source file used,
// with the file and line it came from. Stored one JSON object per line (records.jsonl):
//   text:       {"text": "...", "source": {...}}
//   chat:       {"messages": [{"role": "user", "content": "..."}, ...], "source": {...}}
//   preference: {"prompt": [messages], "chosen": [messages], "rejected": [messages], "source": {...}}
//   choice:     {"question": "...", "choices": ["...", ...], "answer": 2, "subject": "...", "source": {...}}
//               ("subject" only when the item has one: versions written before it existed
//               simply lack it and read as items without a subject)
// where "source" is {"file": "...", "line": N} with lines counted from 1.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

enum class RecordKind { Text, Chat, Preference, Choice };

std::string_view recordKindName(RecordKind kind); // "text", "chat", "preference", "choice"

struct Message {
    std::string role; // "system", "user", "assistant" or "tool"
    std::string content;
    bool operator==(const Message& other) const { return role == other.role && content == other.content; }
};

struct SourceRef {
    std::string file;
    int64_t line = 0; // from 1; 0 when unknown
};

struct Record {
    RecordKind kind = RecordKind::Text;
    std::string text;                      // Text
    std::vector<Message> messages;         // Chat: the conversation; Preference: the prompt turns
    std::vector<Message> chosen, rejected; // Preference: the answers
    std::string question;                  // Choice
    std::vector<std::string> choices;
    int64_t answer = -1; // index into choices
    std::string subject; // Choice: for the per-subject breakdown (choice_subject.h); "" when none
    SourceRef source;
};

bool isKnownRole(std::string_view role);

nlohmann::json recordToJson(const Record& record);
// Reads the stored form back; lw::Error naming `where` (e.g. "records.jsonl:12") and the field.
Record recordFromJson(const nlohmann::json& json, const std::string& where);

// The text fields of a record in a fixed order, for filters that look at all its text:
// text; each message's content; question then choices.
std::vector<std::string_view> recordTexts(const Record& record);

// The prompt (every turn before the last assistant answer) and that answer, for rules
// on instruction data. Text and choice records give an empty answer.
struct PromptAndAnswer {
    std::string prompt;
    std::string answer;
};
PromptAndAnswer promptAndAnswer(const Record& record);

} // namespace lw::records
