#include "core/finetune/demo_messages.h"

#include "core/finetune/demo_instructions.h"
#include "core/util/error.h"

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

namespace lw::finetune {

namespace {

using Slots = std::map<std::string, std::vector<std::string>>;

// Everyday notes between friends, in the demo stories' words. Each {slot} is filled from
// kHamSlots, so a few templates give thousands of distinct messages: the classifier has
// to learn what a kind of message says, not recall the texts it trained on.
const std::vector<std::string> kHamTemplates = {
    "{hello} {friend}, can we meet {place} {when}?",
    "{hello} {friend}, I found your {thing} {place}.",
    "{hello} {friend}, the {animal} is sleeping {place}.",
    "{hello} {friend}, shall we walk to {destination} {when}?",
    "{hello} {friend}, thank you for the {thing}, I like it.",
    "{hello} {friend}, I will be home late {when}, wait for me.",
    "{hello} {friend}, the {animal} ran {place} again.",
    "{hello} {friend}, do you want to play {place} {when}?",
    "{hello} {friend}, I saw a {animal} {place} {when}.",
    "{hello} {friend}, mom says {meal} is ready soon.",
};
const Slots kHamSlots = {
    {"hello", {"Hi", "Hey", "Hello", "Good morning", "Dear"}},
    {"friend", {"Lily", "Max", "Ben", "Mia", "Sam", "Tom", "Anna", "Leo"}},
    {"place",
     {"by the river", "under the old tree", "in the park", "near the school", "on the hill", "in the garden",
      "behind the house", "at the lake"}},
    {"when", {"after school", "tomorrow", "today", "this evening", "on Sunday", "after lunch"}},
    {"thing", {"red ball", "blue kite", "little book", "green hat", "toy boat", "old map"}},
    {"animal", {"little cat", "big dog", "small bird", "brown rabbit", "old horse"}},
    {"destination", {"the village", "the forest", "the market", "grandma's house"}},
    {"meal", {"dinner", "lunch", "breakfast", "the soup"}},
};

// Prizes, offers and urgent links, filled from kSpamSlots the same way.
const std::vector<std::string> kSpamTemplates = {
    "{alert} You have won a {amount} {prize}, call {phone} now to claim it.",
    "{alert} Your {account} is locked, click {link} to verify.",
    "{alert} Claim your free {gadget} today, text {keyword} to {shortcode}.",
    "{alert} Get cheap {loan} with no credit check, reply {keyword}.",
    "{alert} You are selected for a {amount} cash reward, visit {link}.",
    "{alert} Limited deal: {percent} off every {gadget}, buy now before {deadline}.",
};
const Slots kSpamSlots = {
    {"alert", {"WINNER!", "URGENT:", "Congratulations!", "FREE OFFER:", "FINAL NOTICE:", "ALERT:"}},
    {"amount", {"500 dollar", "1000 dollar", "2000 pound", "5000 euro"}},
    {"prize", {"prize", "gift card", "holiday", "shopping voucher"}},
    {"phone", {"0800 555 1234", "0900 777 200", "0871 222 900"}},
    {"account", {"bank account", "mail account", "card", "phone plan"}},
    {"link", {"http://secure-login.example", "www.prize.example", "http://claim-now.example", "www.free-gift.example"}},
    {"gadget", {"phone", "tablet", "watch", "laptop"}},
    {"keyword", {"WIN", "YES", "CLAIM", "GO"}},
    {"shortcode", {"80088", "85233", "61611"}},
    {"loan", {"loans", "credit", "mortgages"}},
    {"percent", {"50%", "70%", "90%"}},
    {"deadline", {"midnight", "Friday", "the weekend"}},
};

class MessageWriter {
public:
    explicit MessageWriter(uint64_t seed) : m_rng(seed) {}

    // A message of the kind not written before (the caller keeps the count well under
    // the templates' combinations, so a few redraws find one).
    DemoMessage nextDistinct(bool spam)
    {
        for (int attempt = 0; attempt < 1000; ++attempt) {
            std::string text =
                spam ? fill(pick(kSpamTemplates), kSpamSlots) : fill(pick(kHamTemplates), kHamSlots);
            if (m_written.insert(text).second)
                return {std::move(text), spam};
        }
        throw Error("demo messages: no new " + std::string(spam ? "spam" : "ham") +
                    " message after 1000 draws: ask for fewer");
    }

    // Fisher-Yates with the same modulo draws, so the order is the same everywhere
    // (std::shuffle's is not standardised).
    void shuffle(std::vector<DemoMessage>& rows)
    {
        for (size_t i = rows.size(); i > 1; --i)
            std::swap(rows[i - 1], rows[size_t(m_rng() % i)]);
    }

private:
    // A modulo of mt19937_64 (standardised), so the rows are the same everywhere.
    const std::string& pick(const std::vector<std::string>& options)
    {
        return options[size_t(m_rng() % options.size())];
    }

    std::string fill(const std::string& pattern, const Slots& slots)
    {
        std::string out;
        size_t at = 0;
        while (at < pattern.size()) {
            const size_t open = pattern.find('{', at);
            if (open == std::string::npos) {
                out.append(pattern, at, std::string::npos);
                break;
            }
            const size_t close = pattern.find('}', open);
            out.append(pattern, at, open - at);
            out += pick(slots.at(pattern.substr(open + 1, close - open - 1)));
            at = close + 1;
        }
        return out;
    }

    std::mt19937_64 m_rng;
    std::set<std::string> m_written;
};

} // namespace

std::vector<DemoMessage> demoMessages(uint64_t seed, int64_t count)
{
    MessageWriter writer(seed);
    std::vector<DemoMessage> rows;
    for (int64_t i = 0; i < count; ++i)
        rows.push_back(writer.nextDistinct(i % 2 == 1));
    writer.shuffle(rows);
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
    // Split by the message's text: a text never trains the model and also scores it.
    importDemoRecords(project, store, kDemoMessagesName, demoMessagesJsonl(demoMessages(2024, 400)), "mc",
                      "question");
}

} // namespace lw::finetune
