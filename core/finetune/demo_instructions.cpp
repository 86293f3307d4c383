#include "core/finetune/demo_instructions.h"

#include "core/records/dataset_catalog.h"
#include "core/records/importer.h"
#include "core/records/splits.h"
#include "core/finetune/finetune_config.h"
#include "core/train/trainer.h"
#include "core/generate/chat_template.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace lw::finetune {

namespace {

const std::vector<std::string> kNames = {"Lily", "Max", "Ben", "Mia", "Sam", "Tom", "Anna", "Leo",
                                         "Nora", "Finn", "Ivy", "Jack", "Rosa", "Theo", "Zoe", "Milo"};
const std::vector<std::string> kAnimals = {"fox", "rabbit", "bear", "cat", "dog", "duck",
                                           "mouse", "owl", "frog", "turtle", "squirrel", "bird"};
const std::vector<std::string> kSizes = {"little", "big", "small", "young", "brave", "shy", "curious", "kind"};
const std::vector<std::string> kPlaces = {"in a green forest", "near a quiet river", "on a tall hill",
                                          "in a small village", "by the blue sea", "under an old tree"};
const std::vector<std::string> kColors = {"red", "blue", "green", "yellow", "shiny", "tiny"};
const std::vector<std::string> kThings = {"ball", "box", "kite", "hat", "stone", "book", "key", "cup", "shell", "map"};

std::string withArticle(const std::string& word)
{
    const bool vowel = !word.empty() && std::string("aeiou").find(word[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + word;
}

class QuestionWriter {
public:
    explicit QuestionWriter(uint64_t seed) : m_rng(seed) {}

    DemoQuestion next()
    {
        const std::string name = pick(kNames);
        switch (m_rng() % 3) {
        case 0: {
            const std::string animal = pick(kAnimals);
            std::string wrong = pick(kAnimals);
            while (wrong == animal)
                wrong = pick(kAnimals);
            return {"There was " + withArticle(pick(kSizes)) + " " + animal + " named " + name +
                        ". What kind of animal is " + name + "?",
                    name + " is " + withArticle(animal) + ".", name + " is " + withArticle(wrong) + "."};
        }
        case 1: {
            const std::string place = pick(kPlaces);
            std::string wrong = pick(kPlaces);
            while (wrong == place)
                wrong = pick(kPlaces);
            return {name + " lived " + place + ". Where did " + name + " live?", name + " lived " + place + ".",
                    name + " lived " + wrong + "."};
        }
        default: {
            const std::string thing = pick(kColors) + " " + pick(kThings);
            std::string wrong = pick(kColors) + " " + pick(kThings);
            while (wrong == thing)
                wrong = pick(kColors) + " " + pick(kThings);
            return {"One day, " + name + " found " + withArticle(thing) + ". What did " + name + " find?",
                    name + " found " + withArticle(thing) + ".", name + " found " + withArticle(wrong) + "."};
        }
        }
    }

private:
    // A modulo of mt19937_64 (standardised) rather than a distribution (not), so the
    // rows are the same with every standard library.
    const std::string& pick(const std::vector<std::string>& options)
    {
        return options[size_t(m_rng() % options.size())];
    }

    std::mt19937_64 m_rng;
};

} // namespace

void importDemoRecords(const store::Project& project, store::Store& store, const std::string& name,
                       const std::string& jsonl, const std::string& layout, const std::string& splitGroupBy)
{
    for (const auto& existing : records::listVersions(store))
        if (existing.name == name)
            return;
    const std::filesystem::path source = std::filesystem::path(project.root()) / "imports" / (name + ".jsonl");
    std::filesystem::create_directories(source.parent_path());
    {
        std::ofstream out(source, std::ios::binary | std::ios::trunc);
        out << jsonl;
        if (!out)
            throw Error::inFile(source.string(), "cannot be written");
    }
    records::ImportOptions options;
    options.inputs = {source.string()};
    options.layout = records::layoutFromName(layout);
    options.name = name;
    options.outputDir = records::newVersionDir(project, name);
    records::ImportResult result = records::importDataset(options);
    records::SplitOptions splits;
    splits.train = 0.8;
    splits.validation = 0.1;
    splits.test = 0.1;
    splits.groupBy = splitGroupBy;
    records::assignSplits(result.version, splits);
    records::writeManifest(result.version);
    records::registerVersion(store, result.version);
}

std::vector<DemoQuestion> demoQuestions(uint64_t seed, int64_t count)
{
    QuestionWriter writer(seed);
    std::vector<DemoQuestion> rows;
    for (int64_t i = 0; i < count; ++i)
        rows.push_back(writer.next());
    return rows;
}

std::string demoInstructionsJsonl(const std::vector<DemoQuestion>& questions)
{
    std::string out;
    for (const auto& q : questions)
        out += nlohmann::json{{"messages",
                               {{{"role", "user"}, {"content", q.question}},
                                {{"role", "assistant"}, {"content", q.answer}}}}}
                   .dump() +
               "\n";
    return out;
}

std::string demoPreferencesJsonl(const std::vector<DemoQuestion>& questions)
{
    std::string out;
    for (const auto& q : questions)
        out += nlohmann::json{{"prompt", q.question}, {"chosen", q.answer}, {"rejected", q.wrongAnswer}}.dump() + "\n";
    return out;
}

std::string ensureDemoFinetuneData(const store::Project& project)
{
    const std::filesystem::path templatePath = std::filesystem::path(project.root()) / "imports" / "demo-template.json";
    if (!std::filesystem::exists(templatePath)) {
        std::filesystem::create_directories(templatePath.parent_path());
        generate::ChatTemplate t;
        t.name = "demo";
        t.system = "{content}\n";
        t.user = "{content}\n";
        t.assistant = "{content}\n";
        util::writeJsonFileAtomic(templatePath.string(), t.toJson());
    }
    store::Store store = project.openStore();
    const auto questions = demoQuestions(2024, 600);
    importDemoRecords(project, store, kDemoInstructionsName, demoInstructionsJsonl(questions), "messages");
    importDemoRecords(project, store, kDemoPreferencesName, demoPreferencesJsonl(questions), "preference");
    return templatePath.string();
}

std::string demoBaseModel(const store::Project& project)
{
    store::Store store = project.openStoreForListing();
    auto runs = store.listRuns();
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    for (const auto& run : runs)
        if (run.name == "demo" && run.kind == store::kRunKindPretrain &&
            !train::Trainer::listCheckpoints(store.absolutePath(run.runDir)).empty())
            return std::to_string(run.id);
    throw Error("the project has no demo model to fine-tune: train it first (`llmwb train --demo`, or Train > Demo)");
}

std::vector<std::string> demoLoraTargets()
{
    return {"c_attn", "c_proj", "c_fc", "lm_head"}; // the demo model is GPT-2 shaped
}

train::TrainConfig demoFinetuneTrainConfig(const std::string& method, const std::string& objective)
{
    train::TrainConfig t = finetuneTrainDefaults(method, objective);
    t.batch_size = 16;
    t.max_steps = 150;
    t.warmup_steps = 10;
    t.eval_every = 20;
    t.checkpoint_every = 60;
    const bool adapter = method != "full";
    if (objective == "classify") {
        // The head and the last block on the demo messages: their words differ enough
        // that a rate well above the book's 5e-5 separates them in about a minute.
        t.max_steps = 60;
        t.learning_rate = 1e-3;
        t.checkpoint_every = 0;
        return t;
    }
    t.learning_rate = objective == "sft" ? (adapter ? 3e-3 : 2e-3) : (adapter ? 1e-3 : 1e-4);
    return t;
}

} // namespace lw::finetune
