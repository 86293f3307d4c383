#pragma once
// The demo project's classification data, written by the project: short made-up text
// messages labelled "spam" (prizes, offers, urgent links) or "ham" (everyday notes
// between friends, in the demo stories' words), so that a newcomer can run the spam
// classifier of "Build a Large Language Model (From Scratch)" chapter 6 on the demo
// model in a minute. Imported as the choice records version "demo-messages" (question:
// the message, choices ["ham", "spam"], answer: its label) with seeded splits that keep
// each text in one split, so validation and test rows are messages the model never saw.
#include "core/store/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::finetune {

struct DemoMessage {
    std::string text;
    bool spam = false;
};

// `count` distinct messages, half of them spam, in a seeded order; the same seed gives
// the same rows. lw::Error when the templates cannot make that many distinct ones.
std::vector<DemoMessage> demoMessages(uint64_t seed, int64_t count);

// JSONL in the "mc" layout: {"question": text, "choices": ["ham", "spam"], "answer": label}.
std::string demoMessagesJsonl(const std::vector<DemoMessage>& messages);

inline constexpr const char* kDemoMessagesName = "demo-messages";

// Imports "demo-messages" into the project when it is missing (idempotent).
void ensureDemoClassificationData(const store::Project& project);

} // namespace lw::finetune
