#pragma once
// A small real dataset for trainer tests: a byte-level BPE tokenizer trained on the
// public-domain text in shared/data, and that text prepared as a token file.
#include "test_paths.h"
#include "core/data/dataset.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>

namespace lw::test {

inline std::string sharedDataFile(const std::string& name)
{
    const char* root = std::getenv("LW_SHARED_DATA");
    return (root ? std::string(root) : std::string(sourceDir()) + "/../shared/data") + "/" + name;
}

struct TrainerFixture {
    QTemporaryDir dir;
    std::string datasetDir;
    int64_t vocabSize = 0;

    void build(int32_t vocab = 384)
    {
        tokenizer::TrainTokenizerOptions options;
        options.kind = "bpe";
        options.vocabSize = vocab;
        options.inputFiles = {sharedDataFile("llms-from-scratch/the-verdict.txt")};
        options.outputPath = dir.filePath("tokenizer").toStdString();
        auto tok = tokenizer::trainTokenizer(options);
        data::PrepareOptions prepare;
        prepare.inputs = options.inputFiles;
        prepare.outputDir = dir.filePath("dataset").toStdString();
        prepare.valFraction = 0.1;
        auto info = data::prepareTextDataset(prepare, *tok);
        datasetDir = info.dir;
        vocabSize = info.vocabSize;
    }

    train::TrainConfig config(int64_t maxSteps) const
    {
        train::TrainConfig c;
        c.model = model::presetConfig("tiny");
        c.model.vocab_size = vocabSize;
        c.dataset = datasetDir;
        c.batch_size = 8;
        c.max_steps = maxSteps;
        c.learning_rate = 3e-3;
        c.warmup_steps = 10;
        c.eval_every = 25;
        c.eval_batches = 4;
        c.sample_every = 0;
        c.checkpoint_every = 0;
        c.threads = 2;
        return c;
    }

    std::string runDir(const QString& name) const { return dir.filePath(name).toStdString(); }
};

// Collects the events of a run for inspection.
struct EventLog {
    std::vector<nlohmann::json> events;
    train::EventSink sink()
    {
        return [this](const nlohmann::json& e) { events.push_back(e); };
    }
    std::vector<nlohmann::json> ofType(const std::string& type) const
    {
        std::vector<nlohmann::json> out;
        for (const auto& e : events)
            if (e["event"] == type)
                out.push_back(e);
        return out;
    }
    std::map<int64_t, double> losses() const
    {
        std::map<int64_t, double> out;
        for (const auto& e : ofType("step"))
            out[e["step"].get<int64_t>()] = e["loss"].get<double>();
        return out;
    }
};

} // namespace lw::test
