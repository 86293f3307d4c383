#include "core/train/train_check.h"

#include "core/train/autocast_guard.h"
#include "core/train/training_session.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace lw::train {

namespace {

// More epochs than this and a model memorises its data rather than learning the language.
constexpr double kManyEpochs = 20.0;

std::string number(double value)
{
    std::ostringstream s;
    s << std::setprecision(3) << value;
    return s.str();
}

void addVocabularyFindings(TrainCheckReport& r, const model::ModelConfig& m)
{
    if (r.datasetVocabulary > r.modelVocabulary) {
        r.add("error", "vocabulary_too_small",
              "the dataset's tokenizer has " + std::to_string(r.datasetVocabulary) + " tokens but the model's "
              "vocab_size is " + std::to_string(r.modelVocabulary) +
                  ": ids beyond it have no embedding row (raise vocab_size, or leave it to follow the dataset)");
    } else if (r.datasetVocabulary > 0 && r.datasetVocabulary * 2 < r.modelVocabulary) {
        const int64_t unused = r.modelVocabulary - r.datasetVocabulary;
        r.add("warning", "vocabulary_unused",
              "the model's vocab_size of " + std::to_string(r.modelVocabulary) + " is much larger than the " +
                  std::to_string(r.datasetVocabulary) + " tokens of the dataset's tokenizer: " +
                  std::to_string(unused) + " embedding rows (" + std::to_string(unused * m.d_model) +
                  " parameters) are never trained");
    }
}

void addDataFindings(TrainCheckReport& r, const TrainConfig& c, const data::DatasetInfo& d)
{
    const int64_t window = r.context + 1; // a sequence and its next-token targets
    if (r.trainTokens < window) {
        r.add("error", "dataset_too_small",
              "the training split has " + std::to_string(r.trainTokens) + " tokens, fewer than one sequence of " +
                  std::to_string(r.context) + " tokens and its target: add text or lower the context");
        return;
    }
    const int64_t sequences = (r.trainTokens - window) / c.effectiveStride() + 1;
    if (sequences < c.batch_size)
        r.add("warning", "fewer_sequences_than_batch",
              "the training split holds " + std::to_string(sequences) + " sequences of " + std::to_string(r.context) +
                  " tokens, fewer than one batch of " + std::to_string(c.batch_size) +
                  ": every batch repeats them (add text, or lower the batch size or the context)");
    if (r.epochs > kManyEpochs)
        r.add("warning", "many_epochs",
              "the run would pass over the training tokens " + number(r.epochs) + " times: the model will "
              "memorise them and validation loss will rise (add text or lower max_steps)");
    else if (r.epochs < 1)
        r.add("warning", "less_than_one_epoch",
              "the run would see only " + number(100 * r.epochs) + "% of the training tokens (raise max_steps "
              "to use all of them)");
    // Sequences spanning a document boundary or two are normal; most of them spanning several is not.
    if (d.documents > 0 && r.context > 2 * (d.totalTokens / d.documents))
        r.add("warning", "context_longer_than_documents",
              "the context of " + std::to_string(r.context) + " tokens is longer than the documents (" +
                  std::to_string(d.totalTokens / d.documents) +
                  " tokens on average): most sequences join several unrelated documents");
}

void addScheduleFindings(TrainCheckReport& r, const TrainConfig& c)
{
    const auto [low, high] = usualPretrainingLearningRates(r.parameters);
    std::ostringstream what;
    what << "pretraining a model of " << number(double(r.parameters) / 1e6) << "M parameters";
    if (const std::string warning = learningRateWarning(c.learning_rate, low, high, what.str()); !warning.empty())
        r.add("warning", "learning_rate", warning);
    if (c.warmup_steps > c.max_steps)
        r.add("warning", "warmup_longer_than_run",
              "the warm-up of " + std::to_string(c.warmup_steps) + " steps is longer than the run of " +
                  std::to_string(c.max_steps) + ": the learning rate never reaches its peak");
    if (c.checkpoint_every > c.max_steps)
        r.add("warning", "checkpoint_interval",
              "checkpoints every " + std::to_string(c.checkpoint_every) + " steps, but the run has " +
                  std::to_string(c.max_steps) + ": only the final checkpoint is written");
}

} // namespace

nlohmann::json TrainCheckReport::toJson() const
{
    nlohmann::json j = costJson();
    j.update({{"train_tokens", trainTokens},
              {"val_tokens", valTokens},
              {"documents", documents},
              {"dataset_vocabulary", datasetVocabulary},
              {"model_vocabulary", modelVocabulary},
              {"parameters", parameters},
              {"context", context},
              {"tokens_per_step", tokensPerStep},
              {"epochs", epochs}});
    return j;
}

std::string TrainCheckReport::text() const
{
    std::ostringstream s;
    s << "dataset: " << trainTokens << " tokens to train on, " << valTokens << " to validate, " << documents
      << " documents; tokenizer of " << datasetVocabulary << " tokens\n";
    s << "model: " << parameters << " parameters, vocab_size " << modelVocabulary << ", context " << context << "\n";
    s << "run: " << maxSteps << " steps of " << tokensPerStep << " tokens, " << number(epochs) << " epochs\n";
    s << costAndFindingsText();
    return s.str();
}

std::pair<double, double> usualPretrainingLearningRates(int64_t parameters)
{
    const double center = 6e-4 * std::pow(double(std::max<int64_t>(parameters, 1)) / 125e6, -0.35);
    return {center / 3, center * 3};
}

int64_t pretrainingCheckpointBytes(const TrainConfig& config, int64_t parameters, bool validates)
{
    // Periodic checkpoints at every multiple of checkpoint_every and one at the end.
    const int64_t written = config.checkpoint_every > 0
                                ? config.max_steps / config.checkpoint_every + (config.max_steps % config.checkpoint_every != 0)
                                : 1;
    int64_t bytes = std::min(written, config.keep_checkpoints) * checkpointBytesWithOptimizer(parameters);
    if (validates && config.eval_every > 0)
        bytes += parameters * 4;
    return bytes;
}

TrainCheckReport inspectTraining(const TrainConfig& c, const data::DatasetInfo& d)
{
    TrainCheckReport r;
    r.trainTokens = d.trainTokens;
    r.valTokens = d.valTokens();
    r.documents = d.documents;
    r.datasetVocabulary = d.vocabSize;
    r.modelVocabulary = c.model.vocab_size;
    r.parameters = c.model.parameterCount();
    r.context = c.effectiveContext();
    r.tokensPerStep = c.tokensPerStep();
    r.maxSteps = c.max_steps;
    r.epochs = r.trainTokens > 0 ? double(c.max_steps) * double(r.tokensPerStep) / double(r.trainTokens) : 0.0;
    addVocabularyFindings(r, c.model);
    addDataFindings(r, c, d);
    addScheduleFindings(r, c);
    r.memory = estimateTrainingMemory(c.model, r.parameters * 4, r.parameters, c.batch_size, r.context,
                                      OutputLogits::everyToken(c.model));
    r.checkpointBytes = pretrainingCheckpointBytes(c, r.parameters, r.valTokens >= r.context + 1);
    return r;
}

TrainCheckReport checkTraining(TrainConfig config, const std::function<void(const std::string&)>& progress,
                               int timedSteps)
{
    auto say = [&](const std::string& m) {
        if (progress)
            progress(m);
    };
    config.validate();
    say("reading " + config.dataset);
    TrainCheckReport r = inspectTraining(config, data::loadDataset(config.dataset));
    if (r.blocking())
        return r;

    // A few real steps of a throw-away model, in a folder removed afterwards: no
    // validation, samples or checkpoints, so nothing is written anywhere else.
    say("timing " + std::to_string(timedSteps) + " steps");
    config.eval_every = 0;
    config.sample_every = 0;
    config.checkpoint_every = 0;
    ScratchDir scratch;
    const EventSink quiet = [](const nlohmann::json&) {};
    const std::string runDir = scratch.path();
    TrainingSession s{config, runDir, quiet};
    s.prepare();
    s.buildModel();
    r.secondsPerStep = timeSteps(timedSteps, [&] {
        s.optimizer->zeroGrad();
        for (int64_t micro = 0; micro < config.grad_accum_steps; ++micro) {
            auto [x, y] = s.trainLoader->next();
            torch::Tensor loss;
            {
                AutocastGuard autocast(config.dtype == "bf16", s.device);
                loss = s.model->loss(x.to(s.device), y.to(s.device)) / double(config.grad_accum_steps);
            }
            loss.backward();
        }
        s.optimizer->gradientNorm();
        s.optimizer->step(config.learning_rate);
    });
    r.totalSeconds = r.secondsPerStep * double(r.maxSteps);
    return r;
}

} // namespace lw::train
