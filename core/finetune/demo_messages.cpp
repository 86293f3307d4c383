#include "core/finetune/demo_messages.h"

#include "core/finetune/demo_instructions.h"

#include <nlohmann/json.hpp>
#include <random>

namespace lw::finetune {

namespace {

const std::vector<std::string> kFriends = {"Lily", "Max", "Ben", "Mia", "Sam", "Tom", "Anna", "Leo"};
const std::vector<std::string> kHamOpenings = {"Hi", "Hey", "Hello", "Good morning"};
const std::vector<std::string> kHamBodies = {
    "can we meet by the river after school?", "I found your red ball under the old tree.",
    "mom says dinner is ready soon.",         "the little cat is sleeping in my room.",
    "shall we walk to the village tomorrow?", "thank you for the book, I like it.",
    "I will be home late, wait for me.",      "the dog ran into the forest again.",
    "do you want to play in the park?",       "I saw a big bird on the hill today."};
const std::vector<std::string> kSpamOpenings = {"WINNER!", "URGENT:", "Congratulations!", "FREE OFFER:"};
const std::vector<std::string> kSpamBodies = {
    "You have won a 1000 dollar prize, call 0800 555 now to claim it",
    "Your account is locked, click http://secure-login.example to verify",
    "Claim your free phone today, text WIN to 80088",
    "Get cheap loans with no credit check, reply YES",
    "You are selected for a cash reward, visit www.prize.example",
    "Limited deal: 90% off, buy now before midnight"};

class MessageWriter {
public:
    explicit MessageWriter(uint64_t seed) : m_rng(seed) {}

    DemoMessage next(bool spam)
    {
        if (spam)
            return {pick(kSpamOpenings) + " " + pick(kSpamBodies) + ".", true};
        return {pick(kHamOpenings) + " " + pick(kFriends) + ", " + pick(kHamBodies), false};
    }

private:
    // A modulo of mt19937_64 (standardised), so the rows are the same everywhere.
    const std::string& pick(const std::vector<std::string>& options)
    {
        return options[size_t(m_rng() % options.size())];
    }

    std::mt19937_64 m_rng;
};

} // namespace

std::vector<DemoMessage> demoMessages(uint64_t seed, int64_t count)
{
    MessageWriter writer(seed);
    std::vector<DemoMessage> rows;
    for (int64_t i = 0; i < count; ++i)
        rows.push_back(writer.next(i % 2 == 1));
    return rows;
}

std::string demoMessagesJsonl(const std::vector<DemoMessage>& messages)
{
    std::string out;
    for (const auto& m : messages)
        out += nlohmann::json{{"question", m.text}, {"choices", {"ham", "spam"}}, {"answer", m.spam ? "spam" : "ham"}}
                   .dump() +
               "\n";
    return out;
}

void ensureDemoClassificationData(const store::Project& project)
{
    store::Store store = project.openStore();
    importDemoRecords(project, store, kDemoMessagesName, demoMessagesJsonl(demoMessages(2024, 400)), "mc");
}

} // namespace lw::finetune
