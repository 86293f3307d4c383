#include "core/finetune/classification_trainer.h"

#include "core/distributed/data_parallel.h"
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/train/checkpoint_event.h"
#include "core/train/lr_schedule.h"
#include "core/train/resume_state.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

namespace lw::finetune {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Training rows in a seeded order per epoch, drawn batch after batch: the same order on
// every rank, and found again on resume from the position a checkpoint recorded.
class EpochOrder {
public:
    EpochOrder(std::vector<uint64_t> rows, uint64_t seed) : m_rows(std::move(rows)), m_rng(seed) { shuffle(); }

    std::vector<uint64_t> next(int64_t count)
    {
        std::vector<uint64_t> out;
        while (int64_t(out.size()) < count) {
            if (m_at == m_rows.size()) {
                m_epoch += 1;
                shuffle();
            }
            out.push_back(m_rows[m_at++]);
        }
        return out;
    }
    double progress() const { return double(m_epoch) + double(m_at) / double(m_rows.size()); }
    data::LoaderPosition position() const { return {m_epoch, int64_t(m_at)}; }
    void seek(const data::LoaderPosition& at, const std::string& origin)
    {
        if (at.epoch < m_epoch || at.index > int64_t(m_rows.size()))
            throw Error::inFile(origin, "records a position in the training rows this run does not have");
        while (m_epoch < at.epoch) {
            m_epoch += 1;
            shuffle();
        }
        m_at = size_t(at.index);
    }

private:
    void shuffle()
    {
        std::shuffle(m_rows.begin(), m_rows.end(), m_rng);
        m_at = 0;
    }
    std::vector<uint64_t> m_rows;
    std::mt19937_64 m_rng;
    size_t m_at = 0;
    int64_t m_epoch = 0;
};

// The classifier of one run with its optimizer and state, and what the loop writes.
struct ClassificationRun {
    FinetuneConfig& cfg;
    const std::string& runDir;
    const train::EventSink& emit;
    ClassificationInputs& in;
    Classifier classifier;
    train::FusedAdamW optimizer;
    train::TrainerState state;
    distributed::ProcessGroup* group = nullptr; // null: one process
    std::string lastCheckpoint;
    int64_t lastCheckpointStep = -1;

    // Rank 0 of a data-parallel run, or the only process.
    bool writesFiles() const { return !group || group->rank() == 0; }

    void status(const std::string& value)
    {
        auto e = train::makeEvent("status");
        e["status"] = value;
        e["step"] = state.step;
        emit(e);
    }

    // checkpoints/step-N.ckpt (the base with its trained blocks, the AdamW moments of the
    // trainable tensors, the state) and its head; older ones past keep_checkpoints go.
    void saveCheckpoint(const std::string& kind)
    {
        if (lastCheckpointStep == state.step || !writesFiles())
            return;
        fs::create_directories(runDir + "/checkpoints");
        const std::string path = runDir + "/checkpoints/" + fmt::format("step-{:08d}.ckpt", state.step);
        const train::CheckpointFileInfo info =
            train::saveCheckpoint(path, classifier->base, &optimizer, cfg.toJson(), state, in.tokenizerPath);
        saveClassifierHead(ClassificationTrainer::headFolderOf(path), classifier, in.data.data.classes);
        lastCheckpoint = path;
        lastCheckpointStep = state.step;
        const std::vector<std::string> removed = train::removeOldCheckpoints(
            train::Trainer::listCheckpoints(runDir), cfg.train.keep_checkpoints, [](const std::string& checkpoint) {
                std::error_code ec;
                fs::remove_all(ClassificationTrainer::headFolderOf(checkpoint), ec);
            });
        auto e = train::checkpointEvent(kind, state.step, path, info, removed);
        if (kind == "final")
            e["classifier"] = writeClassifierFolder();
        emit(e);
    }

    // <run dir>/classifier: the last checkpoint (linked, or copied) and the head.
    std::string writeClassifierFolder()
    {
        const std::string folder = runDir + "/classifier";
        fs::create_directories(folder);
        const std::string modelCopy = folder + "/" + kClassifierModelFile;
        std::error_code ec;
        fs::remove(modelCopy, ec);
        fs::create_hard_link(lastCheckpoint, modelCopy, ec);
        if (ec)
            fs::copy_file(lastCheckpoint, modelCopy, fs::copy_options::overwrite_existing);
        saveClassifierHead(folder, classifier, in.data.data.classes);
        return folder;
    }

    // Validation and test scores of the trained classifier: every rank scores its share.
    void report()
    {
        const train::TrainConfig& t = cfg.train;
        nlohmann::json report = {{"classes", in.data.data.classes}};
        report["validation"] =
            scoreClassifier(classifier, in.data, in.data.valRows, t.batch_size, in.padId, 0, group).toJson();
        report["test"] = scoreClassifier(classifier, in.data, in.data.testRows, t.batch_size, in.padId, 0, group).toJson();
        report["split_source"] = in.data.splitSource;
        if (writesFiles())
            util::writeJsonFileAtomic(runDir + "/classification.json", report);
        auto c = train::makeEvent("classification");
        c.update(report);
        emit(c);
    }
};

} // namespace

std::string ClassificationTrainer::headFolderOf(const std::string& checkpointPath)
{
    return fs::path(checkpointPath).replace_extension(".classifier").string();
}

ClassificationTrainer::ClassificationTrainer(FinetuneConfig config, std::string runDir, train::EventSink events)
    : m_config(std::move(config)), m_runDir(std::move(runDir))
{
    setEventSink(std::move(events));
}

void ClassificationTrainer::setEventSink(train::EventSink events)
{
    m_events = events ? std::move(events) : [](const nlohmann::json&) {};
}

FinetuneResult ClassificationTrainer::run(ClassificationInputs in, train::TrainControl& control,
                                          const std::optional<train::ResumeRequest>& resume)
{
    FinetuneConfig& cfg = m_config;
    cfg.validate();
    train::TrainConfig& t = cfg.train;
    const ClassificationData& data = in.data;
    // The head's initial weights (the same on every rank) and, on one process, dropout;
    // several processes reseed at every step instead, per rank.
    torch::manual_seed(t.seed);
    ClassificationRun r{cfg, m_runDir, m_events, in, Classifier(in.model, int64_t(data.data.classes.size())),
                        train::FusedAdamW(train::AdamWOptions{t.beta1, t.beta2, 1e-8, t.weight_decay})};
    r.group = m_group.get();
    r.classifier->freezeBase(cfg.finetune.trainable_blocks);
    r.classifier->train();

    FinetuneResult out;
    std::vector<torch::Tensor> trainable;
    for (const auto& item : r.classifier->named_parameters()) {
        const std::string& name = item.key();
        const torch::Tensor& p = item.value();
        out.totalParameters += p.numel();
        if (!p.requires_grad())
            continue;
        out.trainableParameters += p.numel();
        trainable.push_back(p);
        r.optimizer.addParameter(name, p, model::takesWeightDecay(name, p));
    }
    if (cfg.finetune.epochs > 0 && !resume) {
        const double perStep = double(t.batch_size * t.grad_accum_steps);
        t.max_steps = std::max<int64_t>(
            1, int64_t(std::ceil(cfg.finetune.epochs * double(data.trainRows.size()) / perStep)));
    }
    {
        auto e = train::makeEvent("log");
        e["level"] = "info";
        e["message"] = fmt::format("{} classes, rows: {} train, {} validation, {} test ({}); {} cut to the context; "
                                   "trainable parameters: {} of {}",
                                   data.data.classes.size(), data.trainRows.size(), data.valRows.size(),
                                   data.testRows.size(), data.splitSource, data.data.truncatedRows,
                                   out.trainableParameters, out.totalParameters);
        e["trainable_parameters"] = out.trainableParameters;
        e["total_parameters"] = out.totalParameters;
        e["truncated_rows"] = data.data.truncatedRows;
        m_events(e);
    }
    EpochOrder order(data.trainRows, t.seed);
    if (resume) {
        const std::string& path = resume->checkpointPath;
        r.state = train::restoreCheckpoint(path, r.classifier->base, r.optimizer);
        loadClassifierHead(headFolderOf(path), r.classifier);
        order.seek(r.state.loader, path);
        train::extendSchedule(r.state, t.max_steps, resume->newMaxSteps);
        r.lastCheckpoint = path;
        r.lastCheckpointStep = r.state.step;
        auto e = train::makeEvent("log");
        e["level"] = "info";
        e["message"] = "resumed from " + path + " at step " + std::to_string(r.state.step);
        m_events(e);
    }
    std::unique_ptr<distributed::DataParallel> parallel;
    if (m_group)
        parallel = std::make_unique<distributed::DataParallel>(m_group, trainable, t.batch_size);
    const train::LrSchedule schedule{t.lr_schedule, t.learning_rate, t.min_lr_ratio, t.warmup_steps, t.max_steps};
    const torch::Device device = r.classifier->head->weight.device();
    train::TrainerState& state = r.state;
    train::TrainResult& result = out.train;
    r.status("running");
    const auto sessionStart = Clock::now();
    const int64_t firstStep = state.step;
    const double elapsedBefore = state.elapsedSeconds;
    double pausedSeconds = 0, emaStepSeconds = 0, emaTokens = 0;
    while (state.step < t.max_steps) {
        // Ranks stop at the same step or not at all; pausing is for one process only.
        const bool cancel = parallel ? parallel->any(control.cancelRequested(), "agreeing on a cancel")
                                     : control.cancelRequested();
        if (!parallel && control.pauseRequested() && !cancel) {
            r.status("paused");
            const auto pausedAt = Clock::now();
            control.waitWhilePaused();
            pausedSeconds += std::chrono::duration<double>(Clock::now() - pausedAt).count();
            if (!control.cancelRequested())
                r.status("running");
        }
        if (parallel ? cancel : control.cancelRequested()) { // one process: also a cancel while paused
            result.outcome = train::TrainOutcome::Cancelled;
            result.message = "cancelled at step " + std::to_string(state.step);
            break;
        }
        const auto stepStart = Clock::now();
        const double lr = schedule.at(state.step);
        r.optimizer.zeroGrad();
        // Each rank draws its own dropout masks, from its seed and the step.
        if (parallel)
            parallel->seedStepDraws(t.seed, state.step);
        double loss = 0, correct = 0;
        int64_t tokens = 0, seen = 0;
        for (int64_t micro = 0; micro < t.grad_accum_steps; ++micro) {
            const std::vector<uint64_t> rows = order.next(t.batch_size);
            const LabelledBatch batch = labelledBatch(data, rows, 0, rows.size(), in.padId, device);
            tokens += batch.rows.lengths.sum().item<int64_t>();
            seen += int64_t(rows.size());
            torch::Tensor ids = batch.rows.ids, lengths = batch.rows.lengths, labels = batch.labels;
            if (parallel) {
                // Every rank has as many rows: the mean of their mean losses is the batch's.
                parallel->beginMicroStep(micro + 1 == t.grad_accum_steps);
                ids = parallel->shard(ids);
                lengths = parallel->shard(lengths);
                labels = parallel->shard(labels);
            }
            const torch::Tensor logits = r.classifier->forward(ids, lengths);
            const torch::Tensor l = classificationLoss(logits, labels);
            (l / double(t.grad_accum_steps)).backward();
            loss += l.item<double>() / double(t.grad_accum_steps);
            correct += double((logits.argmax(1) == labels).sum().item<int64_t>());
        }
        if (parallel) {
            parallel->finishBackward();
            const std::vector<double> sums = m_group->sum({loss, correct}, "averaging the loss");
            loss = sums[0] / double(m_group->size());
            correct = sums[1];
        }
        const double gradNorm = r.optimizer.gradientNorm();
        if (!std::isfinite(loss) || !std::isfinite(gradNorm)) {
            result.outcome = train::TrainOutcome::Diverged;
            result.message = std::string(!std::isfinite(loss) ? "the loss" : "the gradient norm") +
                             " stopped being finite at step " + std::to_string(state.step + 1) +
                             (r.lastCheckpoint.empty() ? "" : "; the last good checkpoint is " + r.lastCheckpoint) +
                             ". Lower the learning rate.";
            break;
        }
        const double scale = t.grad_clip > 0 && gradNorm > t.grad_clip ? t.grad_clip / (gradNorm + 1e-6) : 1.0;
        r.optimizer.step(lr, scale);
        state.step += 1;
        state.tokensSeen += tokens;
        state.loader = order.position();
        result.lastLoss = loss;

        const double stepSeconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        emaStepSeconds = emaStepSeconds == 0 ? stepSeconds : 0.9 * emaStepSeconds + 0.1 * stepSeconds;
        emaTokens = emaTokens == 0 ? double(tokens) : 0.9 * emaTokens + 0.1 * double(tokens);
        const double sessionSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
        state.elapsedSeconds = elapsedBefore + sessionSeconds;
        if (state.step % t.log_every == 0 || state.step == t.max_steps) {
            auto e = train::makeEvent("step");
            e["step"] = state.step;
            e["max_steps"] = t.max_steps;
            e["loss"] = loss;
            e["lr"] = lr;
            e["grad_norm"] = gradNorm;
            e["tokens_per_s"] = emaTokens / std::max(1e-9, emaStepSeconds);
            e["tokens_seen"] = state.tokensSeen;
            e["epoch"] = order.progress();
            e["elapsed_s"] = state.elapsedSeconds;
            e["eta_s"] = sessionSeconds / double(state.step - firstStep) * double(t.max_steps - state.step);
            e["metrics"] = {{"accuracy", correct / double(std::max<int64_t>(1, seen))}};
            if (parallel) {
                e["world_size"] = m_group->size();
                e["allreduce_wait_s"] = parallel->lastWaitSeconds();
            }
            m_events(e);
        }
        const bool lastStep = state.step == t.max_steps;
        if (!data.valRows.empty() && t.eval_every > 0 && (state.step % t.eval_every == 0 || lastStep)) {
            const int64_t limit = t.eval_batches > 0 ? t.eval_batches * t.batch_size : 0;
            const ClassificationScore v =
                scoreClassifier(r.classifier, data, data.valRows, t.batch_size, in.padId, limit, m_group.get());
            const bool improved = !state.bestValLoss || v.loss < *state.bestValLoss;
            if (improved) {
                state.bestValLoss = v.loss;
                state.bestStep = state.step;
            }
            auto e = train::makeEvent("eval");
            e["step"] = state.step;
            e["val_loss"] = v.loss;
            e["best_val_loss"] = *state.bestValLoss;
            e["best_step"] = state.bestStep;
            e["improved"] = improved;
            e["metrics"] = {{"val_accuracy", v.accuracy()}};
            m_events(e);
        }
        if (t.checkpoint_every > 0 && state.step % t.checkpoint_every == 0 && !lastStep)
            r.saveCheckpoint("periodic");
    }
    if (result.outcome == train::TrainOutcome::Completed)
        result.message = "completed " + std::to_string(state.step) + " steps";
    if (result.outcome != train::TrainOutcome::Diverged && state.step > 0) {
        // Final, cancelled or early-stopped: the trained language model, where `--model
        // RUN` finds it, resumable, and the classifier folder; then the scores.
        r.lastCheckpointStep = -1; // written even at the step of the last periodic one, with the classifier folder
        r.saveCheckpoint("final");
        r.report();
    }
    result.state = state;
    result.lastCheckpoint = r.lastCheckpoint;
    auto e = train::makeEvent("finished");
    e["status"] = train::outcomeName(result.outcome);
    e["step"] = state.step;
    e["message"] = result.message;
    e["last_checkpoint"] = result.lastCheckpoint;
    e["best_checkpoint"] = result.bestCheckpoint;
    e["adapter"] = "";
    if (state.bestValLoss)
        e["best_val_loss"] = *state.bestValLoss;
    m_events(e);
    if (m_group) // rank 0 serves the rendezvous: no rank may still need it when it ends
        m_group->barrier("finishing the run");
    return out;
}

} // namespace lw::finetune
