#include "core/data/demo_corpus.h"

#include <array>
#include <random>
#include <vector>

namespace lw::data {

namespace {

class StoryWriter {
public:
    explicit StoryWriter(uint64_t seed) : m_rng(seed) {}

    std::string story()
    {
        const std::string hero = pick(kNames);
        const std::string kind = pick(kAnimals);
        const std::string place = pick(kPlaces);
        const std::string thing = pick(kThings);
        const std::string friendName = pick(kNames);
        std::string s;
        s += pick({"Once upon a time", "One sunny morning", "Long ago", "One rainy day", "Early one spring"});
        s += ", there was a " + pick(kSizes) + " " + kind + " named " + hero + " who lived " + place + ". ";
        s += hero + " loved to " + pick(kHobbies) + ". ";
        const int middle = 2 + int(m_rng() % 4);
        for (int i = 0; i < middle; ++i)
            s += event(hero, friendName, thing, place);
        s += pick({"In the end, ", "At last, ", "That night, ", "After that day, "});
        s += hero + " " + pick({"felt", "was", "looked"}) + " " + pick(kFeelings) + ", and " +
             pick({"smiled", "went to sleep", "sang a little song", "thanked " + friendName,
                   "promised to come back tomorrow"}) + ".";
        return s;
    }

private:
    std::string event(const std::string& hero, const std::string& friendName, const std::string& thing,
                      const std::string& place)
    {
        switch (m_rng() % 6) {
        case 0:
            return "One day, " + hero + " found a " + pick(kColors) + " " + thing + " " + pick(kSpots) + ". ";
        case 1:
            return hero + " met " + friendName + ", a " + pick(kAnimals) + " who " + pick(kTraits) + ". ";
        case 2:
            return "\"" + pick({"Can you help me", "Will you play with me", "Where is my " + thing,
                                "Look at this", "Do you want to share"}) +
                   "?\" asked " + hero + ". " + friendName + " said, \"" +
                   pick({"Yes, of course!", "Not today.", "Let us look together.", "I think it is over there."}) +
                   "\" ";
        case 3:
            return "The two friends " + pick(kActivities) + " " + pick(kSpots) + " until the sun " +
                   pick({"went down", "was high", "hid behind the clouds"}) + ". ";
        case 4:
            return "Suddenly, " + pick({"a strong wind blew", "it began to rain", "a loud noise came", "the ground shook"}) +
                   ", and " + hero + " felt " + pick(kFeelings) + ". ";
        default:
            return hero + " carried the " + thing + " back " + place + " and showed it to " + pick(kFamily) + ". ";
        }
    }

    std::string pick(const std::vector<std::string>& options)
    {
        // std::uniform_int_distribution differs between standard libraries; a modulo of
        // the (standardised) mt19937_64 output keeps the text identical everywhere.
        return options[size_t(m_rng() % options.size())];
    }

    std::mt19937_64 m_rng;

    const std::vector<std::string> kNames = {"Lily", "Max", "Ben", "Mia", "Sam", "Tom", "Anna", "Leo", "Nora", "Finn",
                                             "Ivy", "Jack", "Rosa", "Theo", "Zoe", "Milo"};
    const std::vector<std::string> kAnimals = {"fox", "rabbit", "bear", "cat", "dog", "duck", "mouse", "owl", "frog",
                                               "turtle", "squirrel", "bird"};
    const std::vector<std::string> kSizes = {"little", "big", "small", "young", "brave", "shy", "curious", "kind"};
    const std::vector<std::string> kPlaces = {"in a green forest", "near a quiet river", "on a tall hill",
                                              "in a small village", "by the blue sea", "under an old tree",
                                              "in a busy town", "next to a big farm"};
    const std::vector<std::string> kThings = {"ball", "box", "kite", "hat", "stone", "book", "key", "cup", "shell",
                                              "flower", "map", "bell"};
    const std::vector<std::string> kColors = {"red", "blue", "yellow", "green", "shiny", "tiny", "golden", "purple"};
    const std::vector<std::string> kSpots = {"near the river", "under a rock", "in the garden", "behind the house",
                                             "on the beach", "in the tall grass", "by the old well", "at the park"};
    const std::vector<std::string> kHobbies = {"run in the sun", "read stories", "collect stones", "climb trees",
                                               "watch the stars", "swim in the lake", "draw pictures", "sing songs"};
    const std::vector<std::string> kTraits = {"liked to laugh", "was very wise", "never stopped talking",
                                              "knew every path", "was a little sad", "loved surprises"};
    const std::vector<std::string> kActivities = {"played", "ran", "walked", "looked for treasure", "built a house",
                                                  "danced", "talked"};
    const std::vector<std::string> kFeelings = {"happy", "tired", "scared", "proud", "surprised", "calm", "excited"};
    const std::vector<std::string> kFamily = {"mom", "dad", "grandma", "grandpa", "the teacher", "a little sister"};
};

} // namespace

std::string generateDemoStories(uint64_t seed, size_t targetBytes)
{
    StoryWriter writer(seed);
    std::string text;
    text.reserve(targetBytes + 1024);
    while (text.size() < targetBytes) {
        text += writer.story();
        text += "\n\n";
    }
    return text;
}

} // namespace lw::data
