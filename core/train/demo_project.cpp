#include "core/train/demo_project.h"

#include "core/data/dataset.h"
#include "core/data/demo_corpus.h"
#include "core/train/demo_run.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace lw::train {

namespace fs = std::filesystem;

namespace {

const char* const kDatasetName = demoDatasetName();
// A word-level vocabulary (sized by the corpus: about 800 tokens, every word of the
// stories one token) makes a story some 90 tokens, so the 128-token context holds one
// whole, and the model learns the stories' grammar in a couple of hundred steps.
constexpr const char* kTokenizerName = "demo-words";
constexpr int32_t kDemoVocab = tokenizer::kAutoVocabSize;
constexpr size_t kDemoCorpusBytes = 600 * 1024;

} // namespace

TrainConfig demoTrainConfig(const std::string& datasetDir, int64_t vocabSize)
{
    TrainConfig c;
    c.model = model::presetConfig("demo");
    c.model.vocab_size = vocabSize;
    c.dataset = datasetDir;
    // Measured on the demo stories (docs/BENCHMARKS.md, "The demo model"): validation
    // loss 0.74 after 200 steps of 16 x 128 tokens (2.9 epochs), about 40 CPU-seconds;
    // 400 steps of 8 reach 0.73 and 500 of 16 only 0.72, so more steps buy little.
    c.batch_size = 16;
    c.max_steps = 200;
    c.learning_rate = 3e-3;
    c.warmup_steps = 20;
    c.weight_decay = 0.1;
    c.eval_every = 50;
    c.eval_batches = 8;
    c.sample_every = 50;
    c.sample_prompt = ""; // the start of a new story
    c.sample_tokens = 60;
    c.checkpoint_every = 50; // a cancel or a crash loses little: the run resumes
    // Tests of what happens around the demo model (the API answering 503 while it trains,
    // the Chat panel's first use) need it trained, not trained well: they set fewer steps.
    if (const char* steps = std::getenv("LLMWB_DEMO_MAX_STEPS")) {
        char* end = nullptr;
        const long long n = std::strtoll(steps, &end, 10);
        if (end == steps || *end != '\0' || n < 1)
            throw Error::inField("LLMWB_DEMO_MAX_STEPS", std::string("expected a positive integer, got '") + steps + "'");
        c.max_steps = n;
        c.warmup_steps = std::min<int64_t>(c.warmup_steps, std::max<int64_t>(1, n / 10));
        c.eval_every = std::min<int64_t>(c.eval_every, n);
        c.sample_every = std::min<int64_t>(c.sample_every, n);
        c.checkpoint_every = std::min<int64_t>(c.checkpoint_every, n);
    }
    return c;
}

DemoProject ensureDemoProject(const std::string& projectDir, const std::function<void(const std::string&)>& progress)
{
    auto say = [&](const std::string& m) {
        if (progress)
            progress(m);
    };
    store::Project project = store::Project::openOrCreate(projectDir, "Demo");
    store::Store store = project.openStore();
    DemoProject demo;
    demo.projectDir = project.root();
    demo.tokenizerDir = project.tokenizerDir(kTokenizerName);
    demo.datasetDir = project.datasetDir(kDatasetName);

    const std::string corpusPath = project.root() + "/demo-stories.txt";
    if (!fs::exists(corpusPath)) {
        say("writing the demo stories");
        util::writeFileAtomic(corpusPath, data::generateDemoStories(2024, kDemoCorpusBytes));
    }

    std::unique_ptr<tokenizer::Tokenizer> tok;
    auto tokRecord = store.tokenizerByName(kTokenizerName);
    if (tokRecord && fs::exists(demo.tokenizerDir)) {
        tok = tokenizer::loadTokenizer(demo.tokenizerDir);
    } else {
        say("training the demo tokenizer");
        tokenizer::TrainTokenizerOptions options;
        options.kind = "bpe";
        options.vocabSize = kDemoVocab;
        options.inputFiles = {corpusPath};
        options.outputPath = demo.tokenizerDir;
        tok = tokenizer::trainTokenizer(options);
        if (!tokRecord) {
            store::TokenizerRecord r;
            r.name = kTokenizerName;
            r.kind = tok->kind();
            r.vocabSize = tok->vocabSize();
            r.path = store.storablePath(demo.tokenizerDir);
            tokRecord = r;
            tokRecord->id = store.registerTokenizer(r);
        }
    }

    auto dataset = store.datasetByName(kDatasetName);
    data::DatasetInfo info;
    bool ready = false;
    if (dataset) {
        try {
            info = data::loadDataset(demo.datasetDir);
            ready = true;
        } catch (const std::exception&) {
            ready = false; // damaged or missing: prepare again below
        }
    }
    if (!ready) {
        say("preparing the demo dataset");
        data::PrepareOptions prepare;
        prepare.inputs = {corpusPath};
        prepare.outputDir = demo.datasetDir;
        prepare.valFraction = 0.05;
        prepare.blankLineDocuments = true; // one story, one document
        info = data::prepareTextDataset(prepare, *tok);
        store::DatasetRecord r;
        r.name = kDatasetName;
        r.kind = "text";
        r.tokenizerId = tokRecord->id;
        r.path = store.storablePath(demo.datasetDir);
        r.sourceFiles = nlohmann::json::array({store.storablePath(corpusPath)});
        r.trainTokens = info.trainTokens;
        r.valTokens = info.valTokens();
        if (dataset) {
            r.id = dataset->id;
            store.updateDataset(r);
        } else {
            dataset = r;
            dataset->id = store.registerDataset(r);
        }
    }
    demo.datasetId = dataset->id;
    demo.config = demoTrainConfig(demo.datasetDir, info.vocabSize);
    return demo;
}

} // namespace lw::train
