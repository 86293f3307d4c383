#include "core/finetune/finetune_check.h"

#include "core/finetune/finetune_service.h"
#include "core/finetune/finetune_session.h"
#include "core/util/error.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace lw::finetune {

namespace {

// Pairs whose chosen and rejected sequences are the same tokens.
int64_t identicalPairsOf(const shape::PackedSequenceFile& file, const std::vector<uint64_t>& rows)
{
    int64_t n = 0;
    for (uint64_t r : rows)
        if (file.tokens(2 * r) == file.tokens(2 * r + 1))
            ++n;
    return n;
}

} // namespace

nlohmann::json FinetuneCheckReport::toJson() const
{
    nlohmann::json j = costJson();
    j.update({{"train_rows", trainRows},
              {"val_rows", valRows},
              {"tokens", tokens},
              {"loss_tokens", lossTokens},
              {"truncated_rows", truncatedRows},
              {"rows_without_loss", rowsWithoutLoss},
              {"rows_without_end", rowsWithoutEnd},
              {"identical_pairs", identicalPairs},
              {"trainable_parameters", trainableParameters},
              {"total_parameters", totalParameters}});
    return j;
}

std::string FinetuneCheckReport::text() const
{
    std::ostringstream s;
    s << "rows: " << trainRows << " to train on, " << valRows << " to validate; " << tokens << " tokens, "
      << lossTokens << " of them trained on\n";
    s << "trainable parameters: " << trainableParameters << " of " << totalParameters << " ("
      << std::setprecision(3) << 100.0 * double(trainableParameters) / double(std::max<int64_t>(1, totalParameters))
      << "%)\n";
    s << costAndFindingsText();
    return s.str();
}

std::pair<double, double> usualLearningRates(const std::string& method, const std::string& objective)
{
    const bool adapter = method != "full";
    if (objective == "sft")
        return adapter ? std::pair{1e-5, 3e-3} : std::pair{1e-6, 3e-4};
    return adapter ? std::pair{1e-6, 5e-4} : std::pair{1e-8, 5e-5};
}

MemoryEstimate estimateMemory(const FinetuneConfig& config, int64_t trainableParameters)
{
    const model::ModelConfig& m = config.train.model;
    const int64_t total = m.parameterCount();
    int64_t weights = 0;
    if (config.finetune.method == "qlora") {
        // The blocks' linear maps as NF4 (about 4.13 bits a weight), the rest in float32.
        const int64_t d = m.d_model, ff = m.ffDim(), q = m.queryWidth(), qkv = q + 2 * m.kvWidth();
        const int64_t linear = m.n_layer * (qkv * d + q * d + (m.family == model::Family::Gpt2 ? 2 : 3) * d * ff);
        weights = int64_t(double(linear) * 4.13 / 8.0) + (total - linear) * 4;
    } else {
        weights = total * 4;
    }
    // Preference pairs double the rows.
    const int64_t rowsPerBatch = config.train.batch_size * (config.finetune.isPreference() ? 2 : 1);
    return train::estimateTrainingMemory(m, weights, trainableParameters, rowsPerBatch, config.train.effectiveContext(),
                                        train::OutputLogits::everyToken(m));
}

FinetuneCheckReport checkFinetune(const store::Project& project, FinetuneConfig config,
                                  const std::function<void(const std::string&)>& progress, int timedSteps)
{
    auto say = [&](const std::string& m) {
        if (progress)
            progress(m);
    };
    FinetuneSettings& f = config.finetune;
    train::TrainConfig& t = config.train;
    t.dataset = "(check)";
    f.validate();
    say("loading " + f.base);
    LoadedBase base = loadFinetuneBase(project, f, t.device);
    t.model = base.model.model->config();
    if (t.context <= 0 || t.context > t.model.context_length)
        t.context = t.model.context_length;
    t.validate();
    FinetuneCheckReport r;
    auto add = [&](const char* severity, const char* code, const std::string& message) { r.add(severity, code, message); };
    if (const auto vocab = base.model.tokenizer->vocabSize(); vocab > t.model.vocab_size)
        add("error", "tokenizer_mismatch",
            "the tokenizer has " + std::to_string(vocab) + " tokens but the model only " +
                std::to_string(t.model.vocab_size) + ": it is not the model's tokenizer");

    say("shaping " + f.dataset);
    train::ScratchDir scratch;
    store::Store store = project.openStoreForListing();
    const shape::TrainingRenderer renderer = finetuneRenderer(config, base);
    FinetuneData data = prepareFinetuneData(store, f, renderer, scratch.path() + "/data", t.seed);
    const shape::ShapeCheckCounts& c = data.checks;
    r.trainRows = int64_t(data.trainRows.size());
    r.valRows = int64_t(data.valRows.size());
    r.tokens = c.tokens;
    r.lossTokens = c.lossTokens;
    r.truncatedRows = c.truncatedRows;
    r.rowsWithoutLoss = c.rowsWithoutLoss;
    r.rowsWithoutEnd = c.rowsWithoutEnd;
    if (c.lossTokens == 0)
        add("error", "all_masked",
            "no token of any row receives loss: the loss would be 0 and nothing would be learned (is every "
            "answer empty, or cut off by the context of " + std::to_string(t.context) + " tokens?)");
    else if (c.rowsWithoutLoss > 0)
        add("warning", "rows_without_loss",
            std::to_string(c.rowsWithoutLoss) + " of " + std::to_string(c.rows) +
                " rows have no token that receives loss (their answers are cut off or empty); they teach nothing");
    if (c.truncatedRows > 0)
        add("warning", "truncated",
            std::to_string(c.truncatedRows) + " of " + std::to_string(c.rows) + " rows are longer than the context of " +
                std::to_string(t.context) + " tokens (the longest has " + std::to_string(c.longestSequence) +
                "); their ends are cut off");
    const shape::AnswerEnd& end = renderer.answerEnd();
    if (!end.markerIsSpecial && !end.placeEos)
        add("warning", "never_ends",
            "the chat template ends answers with " + (end.marker.empty() ? std::string("nothing") : "\"" + end.marker + "\"") +
                " and the tokenizer has no end-of-sequence token to place after them: the fine-tuned model would "
                "never learn to stop");
    else if (c.rowsWithoutEnd > 0)
        add("warning", "never_ends",
            std::to_string(c.rowsWithoutEnd) + " rows have an answer whose trained tokens hold no end-of-sequence "
                                               "token or stop string (cut off by the context?): the model learns "
                                               "answers that do not stop");
    const shape::PackedSequenceFile file(data.file);
    if (data.kind == "preference") {
        std::vector<uint64_t> all = data.trainRows;
        all.insert(all.end(), data.valRows.begin(), data.valRows.end());
        r.identicalPairs = identicalPairsOf(file, all);
        if (r.identicalPairs == int64_t(all.size()))
            add("error", "identical_pairs",
                "in every pair the chosen and the rejected answer are the same: there is no preference to learn");
        else if (r.identicalPairs > 0)
            add("warning", "identical_pairs",
                std::to_string(r.identicalPairs) + " pairs have the same chosen and rejected answer; they only add "
                                                   "noise (drop them in the Data view)");
    }
    const auto [low, high] = usualLearningRates(f.method, f.objective);
    if (const std::string warning = train::learningRateWarning(t.learning_rate, low, high, f.method + " " + f.objective);
        !warning.empty())
        add("warning", "learning_rate", warning);
    if (r.trainRows == 0)
        add("error", "no_rows", "no rows to train on");

    // A few real steps, timed: the method applied as the run would apply it.
    say("timing " + std::to_string(timedSteps) + " steps");
    FinetuneConfig timed = config;
    timed.train.dataset = scratch.path() + "/data";
    const train::EventSink quiet = [](const nlohmann::json&) {};
    const std::string runDir = scratch.path();
    FinetuneSession s{timed, runDir, quiet};
    FinetuneInputs inputs;
    inputs.model = base.model.model;
    inputs.tokenizer = base.model.tokenizer.get();
    inputs.tokenizerPath = base.model.tokenizerPath;
    inputs.architecture = base.architecture;
    inputs.data = data;
    s.prepare(std::move(inputs));
    s.applyMethod();
    r.trainableParameters = s.trainableParameters;
    r.totalParameters = s.totalParameters;
    if (f.needsReference())
        s.referenceLogps.assign(size_t(file.sequences()), 0.0); // timing only: the values do not matter
    r.secondsPerStep = train::timeSteps(timedSteps, [&] {
        s.optimizer->zeroGrad();
        for (int64_t micro = 0; micro < t.grad_accum_steps; ++micro)
            s.trainMicroBatch(s.trainBatches->next(), t.grad_accum_steps);
        s.optimizer->step(0.0);
    });
    r.maxSteps = t.max_steps;
    if (f.epochs > 0)
        r.maxSteps = std::max<int64_t>(1, int64_t(std::ceil(f.epochs * double(r.trainRows) /
                                                            double(t.batch_size * t.grad_accum_steps))));
    r.totalSeconds = r.secondsPerStep * double(r.maxSteps);
    r.memory = estimateMemory(config, r.trainableParameters);
    // Checkpoints kept (periodic ones and the best): full weights with the optimizer's
    // moments, or the adapter with its moments (plus the PEFT folders).
    const int64_t kept = t.keep_checkpoints + 1;
    r.checkpointBytes = f.usesAdapter() ? kept * train::checkpointBytesWithOptimizer(r.trainableParameters) +
                                              2 * r.trainableParameters * 4
                                        : kept * train::checkpointBytesWithOptimizer(r.totalParameters);
    return r;
}

} // namespace lw::finetune
