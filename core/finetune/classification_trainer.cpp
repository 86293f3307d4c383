#include "core/finetune/classification_trainer.h"

#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/train/lr_schedule.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>

namespace lw::finetune {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::vector<int32_t>> idsOf(const ClassificationData& data, const std::vector<uint64_t>& which,
                                        size_t begin, size_t end)
{
    std::vector<std::vector<int32_t>> rows;
    for (size_t i = begin; i < end; ++i)
        rows.push_back(data.data.rows[which[i]].ids);
    return rows;
}

torch::Tensor labelsOf(const ClassificationData& data, const std::vector<uint64_t>& which, size_t begin, size_t end)
{
    std::vector<int64_t> labels;
    for (size_t i = begin; i < end; ++i)
        labels.push_back(data.data.rows[which[i]].label);
    return torch::tensor(labels, torch::kLong);
}

// Training rows in a seeded order per epoch, drawn batch after batch.
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

} // namespace

nlohmann::json ClassificationScore::toJson() const
{
    return {{"accuracy", rows > 0 ? nlohmann::json(accuracy()) : nlohmann::json()},
            {"loss", rows > 0 ? nlohmann::json(loss) : nlohmann::json()},
            {"confusion", confusion},
            {"n", rows}};
}

ClassificationScore scoreClassifier(Classifier& classifier, const ClassificationData& data,
                                    const std::vector<uint64_t>& which, int64_t batchSize, int32_t padId,
                                    int64_t limit)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = classifier->is_training();
    classifier->eval();
    const torch::Device device = classifier->head->weight.device();
    const size_t count = limit > 0 ? std::min(which.size(), size_t(limit)) : which.size();
    std::vector<int64_t> truth, predicted;
    double lossSum = 0;
    for (size_t begin = 0; begin < count; begin += size_t(batchSize)) {
        const size_t end = std::min(count, begin + size_t(batchSize));
        const PaddedRows batch = padRows(idsOf(data, which, begin, end), padId, device);
        const torch::Tensor labels = labelsOf(data, which, begin, end);
        const torch::Tensor logits = classifier->forward(batch.ids, batch.lengths);
        lossSum += classificationLoss(logits, labels).item<double>() * double(end - begin);
        const torch::Tensor best = logits.argmax(1).to(torch::kCPU);
        for (size_t i = begin; i < end; ++i) {
            truth.push_back(data.data.rows[which[i]].label);
            predicted.push_back(best[int64_t(i - begin)].item<int64_t>());
        }
    }
    if (wasTraining)
        classifier->train();
    ClassificationScore s;
    s.rows = int64_t(count);
    s.loss = count > 0 ? lossSum / double(count) : 0.0;
    s.confusion = confusionMatrix(truth, predicted, int64_t(data.data.classes.size()));
    return s;
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

FinetuneResult ClassificationTrainer::run(ClassificationInputs in, train::TrainControl& control)
{
    FinetuneConfig& cfg = m_config;
    cfg.validate();
    train::TrainConfig& t = cfg.train;
    const ClassificationData& data = in.data;
    torch::manual_seed(t.seed); // the head's initial weights and dropout
    Classifier classifier(in.model, int64_t(data.data.classes.size()));
    classifier->freezeBase(cfg.finetune.trainable_blocks);
    classifier->train();

    train::FusedAdamW optimizer(train::AdamWOptions{t.beta1, t.beta2, 1e-8, t.weight_decay});
    FinetuneResult out;
    for (const auto& item : classifier->named_parameters()) {
            const std::string& name = item.key();
            const torch::Tensor& p = item.value();
        out.totalParameters += p.numel();
        if (!p.requires_grad())
            continue;
        out.trainableParameters += p.numel();
        optimizer.addParameter(name, p, model::takesWeightDecay(name, p));
    }
    if (cfg.finetune.epochs > 0) {
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
    const train::LrSchedule schedule{t.lr_schedule, t.learning_rate, t.min_lr_ratio, t.warmup_steps, t.max_steps};
    const torch::Device device = classifier->head->weight.device();
    EpochOrder order(data.trainRows, t.seed);
    train::TrainerState state;
    train::TrainResult& result = out.train;
    auto status = [&](const std::string& value) {
        auto e = train::makeEvent("status");
        e["status"] = value;
        e["step"] = state.step;
        m_events(e);
    };
    status("running");
    const auto sessionStart = Clock::now();
    double pausedSeconds = 0, emaStepSeconds = 0, emaTokens = 0;
    while (state.step < t.max_steps) {
        if (control.pauseRequested() && !control.cancelRequested()) {
            status("paused");
            const auto pausedAt = Clock::now();
            control.waitWhilePaused();
            pausedSeconds += std::chrono::duration<double>(Clock::now() - pausedAt).count();
            if (!control.cancelRequested())
                status("running");
        }
        if (control.cancelRequested()) {
            result.outcome = train::TrainOutcome::Cancelled;
            result.message = "cancelled at step " + std::to_string(state.step);
            break;
        }
        const auto stepStart = Clock::now();
        const double lr = schedule.at(state.step);
        optimizer.zeroGrad();
        double loss = 0;
        int64_t tokens = 0, correct = 0, seen = 0;
        for (int64_t micro = 0; micro < t.grad_accum_steps; ++micro) {
            const std::vector<uint64_t> rows = order.next(t.batch_size);
            const PaddedRows batch = padRows(idsOf(data, rows, 0, rows.size()), in.padId, device);
            const torch::Tensor labels = labelsOf(data, rows, 0, rows.size()).to(device);
            const torch::Tensor logits = classifier->forward(batch.ids, batch.lengths);
            const torch::Tensor l = classificationLoss(logits, labels);
            (l / double(t.grad_accum_steps)).backward();
            loss += l.item<double>() / double(t.grad_accum_steps);
            tokens += batch.lengths.sum().item<int64_t>();
            correct += (logits.argmax(1) == labels).sum().item<int64_t>();
            seen += int64_t(rows.size());
        }
        const double gradNorm = optimizer.gradientNorm();
        if (!std::isfinite(loss) || !std::isfinite(gradNorm)) {
            result.outcome = train::TrainOutcome::Diverged;
            result.message = std::string(!std::isfinite(loss) ? "the loss" : "the gradient norm") +
                             " stopped being finite at step " + std::to_string(state.step + 1) +
                             ". Lower the learning rate.";
            break;
        }
        const double scale = t.grad_clip > 0 && gradNorm > t.grad_clip ? t.grad_clip / (gradNorm + 1e-6) : 1.0;
        optimizer.step(lr, scale);
        state.step += 1;
        state.tokensSeen += tokens;
        result.lastLoss = loss;

        const double stepSeconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        emaStepSeconds = emaStepSeconds == 0 ? stepSeconds : 0.9 * emaStepSeconds + 0.1 * stepSeconds;
        emaTokens = emaTokens == 0 ? double(tokens) : 0.9 * emaTokens + 0.1 * double(tokens);
        const double sessionSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
        state.elapsedSeconds = sessionSeconds;
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
            e["eta_s"] = sessionSeconds / double(state.step) * double(t.max_steps - state.step);
            e["metrics"] = {{"accuracy", double(correct) / double(std::max<int64_t>(1, seen))}};
            m_events(e);
        }
        const bool lastStep = state.step == t.max_steps;
        if (!data.valRows.empty() && t.eval_every > 0 && (state.step % t.eval_every == 0 || lastStep)) {
            const int64_t limit = t.eval_batches > 0 ? t.eval_batches * t.batch_size : 0;
            const ClassificationScore v = scoreClassifier(classifier, data, data.valRows, t.batch_size, in.padId, limit);
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
    }
    if (result.outcome == train::TrainOutcome::Completed)
        result.message = "completed " + std::to_string(state.step) + " steps";
    if (result.outcome != train::TrainOutcome::Diverged && state.step > 0) {
        // The trained language model, where `--model RUN` finds it, and the classifier folder.
        fs::create_directories(m_runDir + "/checkpoints");
        const std::string path = m_runDir + "/checkpoints/" + fmt::format("step-{:08d}.ckpt", state.step);
        const train::CheckpointFileInfo info =
            train::saveCheckpoint(path, classifier->base, nullptr, cfg.toJson(), state, in.tokenizerPath);
        const std::string folder = m_runDir + "/classifier";
        fs::create_directories(folder);
        const std::string modelCopy = folder + "/" + kClassifierModelFile;
        std::error_code ec;
        fs::remove(modelCopy, ec);
        fs::create_hard_link(path, modelCopy, ec);
        if (ec)
            fs::copy_file(path, modelCopy, fs::copy_options::overwrite_existing);
        saveClassifierHead(folder, classifier, data.data.classes);
        result.lastCheckpoint = path;
        auto e = train::makeEvent("checkpoint");
        e["kind"] = "final";
        e["step"] = state.step;
        e["path"] = path;
        e["bytes"] = info.bytes;
        e["sha256"] = info.sha256;
        e["removed"] = nlohmann::json::array();
        e["classifier"] = folder;
        m_events(e);

        nlohmann::json report = {{"classes", data.data.classes}};
        report["validation"] = scoreClassifier(classifier, data, data.valRows, t.batch_size, in.padId).toJson();
        report["test"] = scoreClassifier(classifier, data, data.testRows, t.batch_size, in.padId).toJson();
        report["split_source"] = data.splitSource;
        util::writeJsonFileAtomic(m_runDir + "/classification.json", report);
        auto c = train::makeEvent("classification");
        c.update(report);
        m_events(c);
    }
    result.state = state;
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
    return out;
}

} // namespace lw::finetune
