#include "core/finetune/finetune_trainer.h"

#include "core/distributed/data_parallel.h"
#include "core/finetune/finetune_session.h"
#include "core/util/error.h"

#include <chrono>
#include <cmath>
#include <filesystem>

namespace lw::finetune {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

FinetuneTrainer::FinetuneTrainer(FinetuneConfig config, std::string runDir, train::EventSink events)
    : m_config(std::move(config)), m_runDir(std::move(runDir))
{
    setEventSink(std::move(events));
}

void FinetuneTrainer::setEventSink(train::EventSink events)
{
    m_events = events ? std::move(events) : [](const nlohmann::json&) {};
}

std::vector<std::string> FinetuneTrainer::listStates(const std::string& runDir)
{
    return train::Trainer::listCheckpoints(runDir);
}

FinetuneResult FinetuneTrainer::run(FinetuneInputs inputs, train::TrainControl& control,
                                    const std::optional<train::ResumeRequest>& resume)
{
    FinetuneConfig& cfg = m_config;
    cfg.validate();
    train::TrainConfig& t = cfg.train;
    FinetuneSession s{cfg, m_runDir, m_events};
    s.group = m_group;
    if (s.writesFiles())
        fs::create_directories(m_runDir + "/checkpoints");
    // Dropout and NEFTune draw from the global generator: seeded here, restored on resume
    // (several processes reseed it at every step instead, per rank).
    torch::manual_seed(t.seed);
    s.prepare(std::move(inputs));
    s.applyMethod();
    if (cfg.finetune.epochs > 0 && !resume) {
        // Steps for the requested passes over the training rows.
        const double perStep = cfg.finetune.packing
                                   ? double(t.batch_size) // rows of packed examples: estimated below
                                   : double(t.batch_size * t.grad_accum_steps);
        double examplesPerStep = perStep;
        if (cfg.finetune.packing) {
            // Examples that fit one packed batch, from the mean example length.
            double mean = 0;
            for (uint64_t r : s.in.data.trainRows)
                mean += double(s.file->length(r));
            mean /= double(s.in.data.trainRows.size());
            examplesPerStep = std::max(1.0, std::floor(double(t.effectiveContext()) / std::max(1.0, mean))) *
                              double(t.batch_size * t.grad_accum_steps);
        }
        t.max_steps = std::max<int64_t>(
            1, int64_t(std::ceil(cfg.finetune.epochs * double(s.in.data.trainRows.size()) / examplesPerStep)));
    }
    {
        auto e = train::makeEvent("log");
        e["level"] = "info";
        e["message"] = "trainable parameters: " + std::to_string(s.trainableParameters) + " of " +
                       std::to_string(s.totalParameters) + " (" +
                       std::to_string(100.0 * double(s.trainableParameters) / double(std::max<int64_t>(1, s.totalParameters))) +
                       "%)";
        e["trainable_parameters"] = s.trainableParameters;
        e["total_parameters"] = s.totalParameters;
        m_events(e);
    }
    if (resume)
        s.restore(*resume);
    s.computeReference(control);
    s.schedule = train::LrSchedule{t.lr_schedule, t.learning_rate, t.min_lr_ratio, t.warmup_steps, t.max_steps};
    s.in.model->neftuneAlpha = cfg.finetune.neftune_alpha;
    std::unique_ptr<distributed::DataParallel> parallel;
    if (m_group) {
        std::vector<torch::Tensor> parameters;
        for (const auto& [name, p] : s.trainable)
            parameters.push_back(p);
        parallel = std::make_unique<distributed::DataParallel>(m_group, parameters, t.batch_size);
    }

    FinetuneResult out;
    out.trainableParameters = s.trainableParameters;
    out.totalParameters = s.totalParameters;
    train::TrainResult& result = out.train;
    s.status("running");
    const auto sessionStart = Clock::now();
    const int64_t firstStep = s.state.step;
    double pausedSeconds = 0, emaStepSeconds = 0, emaTokens = 0;
    const double elapsedBefore = s.state.elapsedSeconds;
    const bool preference = cfg.finetune.isPreference();

    while (s.state.step < t.max_steps) {
        // Ranks stop at the same step or not at all; pausing is for one process only.
        const bool cancel = parallel ? parallel->any(control.cancelRequested(), "agreeing on a cancel")
                                     : control.cancelRequested();
        if (!parallel && control.pauseRequested() && !cancel) {
            s.status("paused");
            const auto pausedAt = Clock::now();
            control.waitWhilePaused();
            pausedSeconds += std::chrono::duration<double>(Clock::now() - pausedAt).count();
            if (!control.cancelRequested())
                s.status("running");
        }
        if (cancel) {
            result.outcome = train::TrainOutcome::Cancelled;
            result.message = "cancelled at step " + std::to_string(s.state.step);
            break;
        }
        const auto stepStart = Clock::now();
        const double lr = s.schedule.at(s.state.step);
        s.optimizer->zeroGrad();
        // Each rank draws its own dropout masks and noise, from its seed and the step.
        if (parallel)
            parallel->seedStepDraws(t.seed, s.state.step);
        StepNumbers step;
        for (int64_t micro = 0; micro < t.grad_accum_steps; ++micro) {
            if (parallel)
                parallel->beginMicroStep(micro + 1 == t.grad_accum_steps);
            step.add(s.trainMicroBatch(s.trainBatches->next(), t.grad_accum_steps, parallel.get()));
        }
        if (parallel) {
            parallel->finishBackward();
            const auto means = parallel->mean(
                {step.loss, step.chosenReward, step.rejectedReward, step.margin, step.accuracy}, "averaging the loss");
            step.loss = means[0];
            step.chosenReward = means[1];
            step.rejectedReward = means[2];
            step.margin = means[3];
            step.accuracy = means[4];
        }
        const double gradNorm = s.optimizer->gradientNorm();
        if (!std::isfinite(step.loss) || !std::isfinite(gradNorm)) {
            result.outcome = train::TrainOutcome::Diverged;
            result.message = std::string(!std::isfinite(step.loss) ? "the loss" : "the gradient norm") +
                             " stopped being finite at step " + std::to_string(s.state.step + 1) +
                             (s.lastCheckpoint.empty() ? "" : "; the last good checkpoint is " + s.lastCheckpoint) +
                             ". Lower the learning rate.";
            break;
        }
        const double scale = t.grad_clip > 0 && gradNorm > t.grad_clip ? t.grad_clip / (gradNorm + 1e-6) : 1.0;
        s.optimizer->step(lr, scale);
        s.state.step += 1;
        s.state.tokensSeen += step.tokens;
        s.state.loader = s.trainBatches->position();
        result.lastLoss = step.loss;

        const double stepSeconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        emaStepSeconds = emaStepSeconds == 0 ? stepSeconds : 0.9 * emaStepSeconds + 0.1 * stepSeconds;
        emaTokens = emaTokens == 0 ? double(step.tokens) : 0.9 * emaTokens + 0.1 * double(step.tokens);
        const double sessionSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
        s.state.elapsedSeconds = elapsedBefore + sessionSeconds;
        if (s.state.step % t.log_every == 0 || s.state.step == t.max_steps) {
            const double perStep = sessionSeconds / double(s.state.step - firstStep);
            auto e = train::makeEvent("step");
            e["step"] = s.state.step;
            e["max_steps"] = t.max_steps;
            e["loss"] = step.loss;
            e["lr"] = lr;
            e["grad_norm"] = gradNorm;
            e["tokens_per_s"] = emaTokens / emaStepSeconds;
            e["tokens_seen"] = s.state.tokensSeen;
            e["epoch"] = s.trainBatches->epochProgress();
            e["elapsed_s"] = s.state.elapsedSeconds;
            e["eta_s"] = perStep * double(t.max_steps - s.state.step);
            e["loss_tokens"] = step.lossTokens;
            if (parallel) {
                e["world_size"] = m_group->size();
                e["allreduce_wait_s"] = parallel->lastWaitSeconds();
            }
            if (preference)
                e["metrics"] = step.metrics(true);
            m_events(e);
        }
        const bool lastStep = s.state.step == t.max_steps;
        bool stopEarly = false;
        if (s.valBatches && t.eval_every > 0 && (s.state.step % t.eval_every == 0 || lastStep)) {
            const StepNumbers v = s.evaluate();
            const bool improved = !s.state.bestValLoss || v.loss < *s.state.bestValLoss - t.early_stopping_min_delta;
            if (improved) {
                s.state.bestValLoss = v.loss;
                s.state.bestStep = s.state.step;
                s.state.evalsWithoutImprovement = 0;
            } else {
                s.state.evalsWithoutImprovement += 1;
            }
            auto e = train::makeEvent("eval");
            e["step"] = s.state.step;
            e["val_loss"] = v.loss;
            e["best_val_loss"] = *s.state.bestValLoss;
            e["best_step"] = s.state.bestStep;
            e["improved"] = improved;
            if (preference) {
                const nlohmann::json metrics = v.metrics(true);
                nlohmann::json m;
                for (const auto& [k, value] : metrics.items())
                    m["val_" + k] = value;
                e["metrics"] = m;
            }
            m_events(e);
            if (improved)
                s.saveBest();
            if (t.early_stopping_patience > 0 && s.state.evalsWithoutImprovement >= t.early_stopping_patience) {
                stopEarly = true;
                result.outcome = train::TrainOutcome::EarlyStopped;
                result.message = "stopped early at step " + std::to_string(s.state.step) + ": no improvement in " +
                                 std::to_string(t.early_stopping_patience) + " evaluations";
            }
        }
        if (t.checkpoint_every > 0 && s.state.step % t.checkpoint_every == 0)
            s.savePeriodic();
        if (stopEarly)
            break;
    }
    s.in.model->neftuneAlpha = 0;
    if (result.outcome != train::TrainOutcome::Diverged) {
        s.savePeriodic(); // final, cancelled or early-stopped: always resumable
        if (result.outcome == train::TrainOutcome::Completed)
            result.message = "completed " + std::to_string(s.state.step) + " steps";
    }
    if (s.adapters)
        out.adapterDir = m_runDir + "/adapter";
    result.state = s.state;
    result.lastCheckpoint = s.lastCheckpoint;
    result.bestCheckpoint = s.bestCheckpoint;
    auto e = train::makeEvent("finished");
    e["status"] = train::outcomeName(result.outcome);
    e["step"] = s.state.step;
    e["message"] = result.message;
    e["last_checkpoint"] = result.lastCheckpoint;
    e["best_checkpoint"] = result.bestCheckpoint;
    e["adapter"] = out.adapterDir;
    if (s.state.bestValLoss)
        e["best_val_loss"] = *s.state.bestValLoss;
    m_events(e);
    if (m_group) // rank 0 serves the rendezvous: no rank may still need it when it ends
        m_group->barrier("finishing the run");
    return out;
}

} // namespace lw::finetune
