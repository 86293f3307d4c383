#include "core/train/trainer.h"

#include "core/distributed/data_parallel.h"
#include "core/train/autocast_guard.h"
#include "core/train/training_session.h"

#include <chrono>
#include <filesystem>

namespace lw::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string outcomeName(TrainOutcome outcome)
{
    switch (outcome) {
    case TrainOutcome::Completed: return "completed";
    case TrainOutcome::EarlyStopped: return "early_stopped";
    case TrainOutcome::Cancelled: return "cancelled";
    case TrainOutcome::Diverged: return "diverged";
    }
    return "completed";
}

std::vector<std::string> Trainer::listCheckpoints(const std::string& runDir)
{
    std::vector<std::string> found;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(runDir + "/checkpoints", ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("step-", 0) == 0 && e.path().extension() == ".ckpt")
            found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end()); // zero-padded step numbers sort by step
    return found;
}

std::string Trainer::bestCheckpointPath(const std::string& runDir)
{
    return runDir + "/checkpoints/best.ckpt";
}

Trainer::Trainer(TrainConfig config, std::string runDir, EventSink events)
    : m_config(std::move(config)), m_runDir(std::move(runDir)), m_events(std::move(events))
{
    if (!m_events)
        m_events = [](const nlohmann::json&) {};
}

void Trainer::setEventSink(EventSink events)
{
    m_events = events ? std::move(events) : [](const nlohmann::json&) {};
}


TrainResult Trainer::run(TrainControl& control, const std::optional<ResumeRequest>& resume)
{
    m_config.validate();
    TrainingSession s{m_config, m_runDir, m_events};
    s.group = m_group;
    s.prepare();
    s.buildModel();
    if (resume)
        s.restore(*resume);
    TrainConfig& cfg = m_config;
    s.schedule = LrSchedule{cfg.lr_schedule, cfg.learning_rate, cfg.min_lr_ratio, cfg.warmup_steps, cfg.max_steps};
    if (s.writesFiles())
        fs::create_directories(m_runDir + "/checkpoints");
    std::unique_ptr<distributed::DataParallel> parallel;
    if (m_group) {
        std::vector<torch::Tensor> parameters;
        for (auto& p : s.model->parameters())
            parameters.push_back(p);
        parallel = std::make_unique<distributed::DataParallel>(m_group, parameters, cfg.batch_size);
        s.log("info", "data-parallel over " + std::to_string(m_group->size()) + " processes, " +
                          std::to_string(cfg.batch_size / m_group->size()) + " of the " +
                          std::to_string(cfg.batch_size) + " rows of each batch per process");
    }

    TrainResult result;
    result.outcome = TrainOutcome::Completed;
    s.status("running");
    const auto sessionStart = Clock::now();
    const int64_t firstStep = s.state.step;
    double pausedSeconds = 0, emaStepSeconds = 0, lastLoss = 0;
    const double elapsedBefore = s.state.elapsedSeconds;

    while (s.state.step < cfg.max_steps) {
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
            result.outcome = TrainOutcome::Cancelled;
            result.message = "cancelled at step " + std::to_string(s.state.step);
            break;
        }
        const auto stepStart = Clock::now();
        const double lr = s.schedule.at(s.state.step);
        s.optimizer->zeroGrad();
        // Each rank draws its own dropout masks, from its seed and the step (exact on resume).
        if (parallel)
            parallel->seedStepDraws(cfg.seed, s.state.step);
        double loss = 0;
        for (int64_t micro = 0; micro < cfg.grad_accum_steps; ++micro) {
            auto [x, y] = s.trainLoader->next();
            if (parallel) {
                x = parallel->shard(x);
                y = parallel->shard(y);
                parallel->beginMicroStep(micro + 1 == cfg.grad_accum_steps);
            }
            torch::Tensor microLoss;
            {
                AutocastGuard autocast(cfg.dtype == "bf16", s.device);
                microLoss = s.model->loss(x.to(s.device), y.to(s.device));
            }
            if (cfg.grad_accum_steps > 1)
                microLoss = microLoss / double(cfg.grad_accum_steps);
            microLoss.backward();
            loss += microLoss.item<double>();
        }
        if (parallel) {
            parallel->finishBackward();
            loss = parallel->mean({loss}, "averaging the loss")[0];
        }
        const double gradNorm = s.optimizer->gradientNorm();
        if (!std::isfinite(loss) || !std::isfinite(gradNorm)) {
            result.outcome = TrainOutcome::Diverged;
            result.message = std::string(!std::isfinite(loss) ? "the loss" : "the gradient norm") + " became " +
                             (std::isnan(!std::isfinite(loss) ? loss : gradNorm) ? "NaN" : "infinite") +
                             " at step " + std::to_string(s.state.step + 1) +
                             (s.lastCheckpoint.empty() ? "; no checkpoint was written before"
                                                       : "; the last good checkpoint is " + s.lastCheckpoint) +
                             ". Lower the learning rate or raise warm-up.";
            break;
        }
        const double scale = cfg.grad_clip > 0 && gradNorm > cfg.grad_clip ? cfg.grad_clip / (gradNorm + 1e-6) : 1.0;
        s.optimizer->step(lr, scale);
        s.state.step += 1;
        s.state.tokensSeen += cfg.tokensPerStep();
        s.state.loader = s.trainLoader->position();
        lastLoss = loss;

        const double stepSeconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        emaStepSeconds = emaStepSeconds == 0 ? stepSeconds : 0.9 * emaStepSeconds + 0.1 * stepSeconds;
        const double sessionSeconds =
            std::chrono::duration<double>(Clock::now() - sessionStart).count() - pausedSeconds;
        s.state.elapsedSeconds = elapsedBefore + sessionSeconds;
        if (s.state.step % cfg.log_every == 0 || s.state.step == cfg.max_steps) {
            const double perStep = sessionSeconds / double(s.state.step - firstStep);
            auto e = makeEvent("step");
            e["step"] = s.state.step;
            e["max_steps"] = cfg.max_steps;
            e["loss"] = loss;
            e["lr"] = lr;
            e["grad_norm"] = gradNorm;
            e["tokens_per_s"] = double(cfg.tokensPerStep()) / emaStepSeconds;
            e["tokens_seen"] = s.state.tokensSeen;
            e["epoch"] = s.trainLoader->epochProgress();
            e["elapsed_s"] = s.state.elapsedSeconds;
            e["eta_s"] = perStep * double(cfg.max_steps - s.state.step);
            if (parallel) {
                e["world_size"] = m_group->size();
                e["allreduce_wait_s"] = parallel->lastWaitSeconds();
            }
            m_events(e);
        }

        bool stopEarly = false;
        const bool lastStep = s.state.step == cfg.max_steps;
        if (s.valLoader && cfg.eval_every > 0 && (s.state.step % cfg.eval_every == 0 || lastStep)) {
            const double valLoss = s.evaluate();
            const bool improved = !s.state.bestValLoss || valLoss < *s.state.bestValLoss - cfg.early_stopping_min_delta;
            if (improved) {
                s.state.bestValLoss = valLoss;
                s.state.bestStep = s.state.step;
                s.state.evalsWithoutImprovement = 0;
            } else {
                s.state.evalsWithoutImprovement += 1;
            }
            auto e = makeEvent("eval");
            e["step"] = s.state.step;
            e["val_loss"] = valLoss;
            e["best_val_loss"] = *s.state.bestValLoss;
            e["best_step"] = s.state.bestStep;
            e["improved"] = improved;
            m_events(e);
            if (improved && s.writesFiles()) {
                s.bestCheckpoint = Trainer::bestCheckpointPath(m_runDir);
                auto info = saveCheckpoint(s.bestCheckpoint, s.model, nullptr, cfg.toJson(), s.state,
                                           s.dataset.tokenizerPath);
                s.emitCheckpoint("best", s.bestCheckpoint, info);
            }
            if (cfg.early_stopping_patience > 0 && s.state.evalsWithoutImprovement >= cfg.early_stopping_patience) {
                stopEarly = true;
                result.outcome = TrainOutcome::EarlyStopped;
                result.message = "stopped early at step " + std::to_string(s.state.step) + ": no improvement in " +
                                 std::to_string(cfg.early_stopping_patience) + " evaluations; best " +
                                 std::to_string(*s.state.bestValLoss) + " at step " +
                                 std::to_string(s.state.bestStep);
            }
        }
        if (cfg.sample_every > 0 && (s.state.step % cfg.sample_every == 0 || lastStep))
            s.sample();
        if (cfg.checkpoint_every > 0 && s.state.step % cfg.checkpoint_every == 0)
            s.savePeriodic();
        if (stopEarly)
            break;
    }

    if (result.outcome != TrainOutcome::Diverged) {
        s.savePeriodic(); // final, cancelled or early-stopped: always resumable
        if (result.outcome == TrainOutcome::Completed)
            result.message = "completed " + std::to_string(s.state.step) + " steps";
    }
    result.state = s.state;
    result.lastCheckpoint = s.lastCheckpoint;
    result.bestCheckpoint = s.bestCheckpoint;
    result.lastLoss = lastLoss;
    auto e = makeEvent("finished");
    e["status"] = outcomeName(result.outcome);
    e["step"] = s.state.step;
    e["message"] = result.message;
    e["last_checkpoint"] = result.lastCheckpoint;
    e["best_checkpoint"] = result.bestCheckpoint;
    if (s.state.bestValLoss)
        e["best_val_loss"] = *s.state.bestValLoss;
    m_events(e);
    if (m_group) // rank 0 serves the rendezvous: no rank may still need it when it ends
        m_group->barrier("finishing the run");
    return result;
}

} // namespace lw::train
