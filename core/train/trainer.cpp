#include "core/train/trainer.h"

#include "core/data/dataset.h"
#include "core/generate/sampling.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/adamw.h"
#include "core/train/autocast_guard.h"
#include "core/train/lr_schedule.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>
#include <cstdio>
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

namespace {

torch::Device parseDevice(const std::string& name)
{
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(name);
    } catch (const c10::Error&) {
        throw Error::inField("device", "'" + name + "' is not a device (cpu, cuda or cuda:N)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        throw Error::inField("device", "CUDA is not available (no GPU, or LibTorch was built without CUDA)");
    return device;
}

// Everything one run() needs, built in order; kept here so run() reads as the loop.
struct Session {
    TrainConfig& cfg;
    const std::string& runDir;
    const EventSink& emit;
    torch::Device device{torch::kCPU};
    data::DatasetInfo dataset;
    std::unique_ptr<data::TokenFile> tokens;
    std::unique_ptr<data::BatchLoader> trainLoader, valLoader;
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    model::Transformer model{nullptr};
    std::unique_ptr<FusedAdamW> optimizer;
    LrSchedule schedule;
    TrainerState state;
    std::string lastCheckpoint, bestCheckpoint;
    int64_t lastCheckpointStep = -1;

    void log(const std::string& level, const std::string& message)
    {
        auto e = makeEvent("log");
        e["level"] = level;
        e["message"] = message;
        emit(e);
    }

    void status(const std::string& value, const std::string& message = {})
    {
        auto e = makeEvent("status");
        e["status"] = value;
        e["step"] = state.step;
        if (!message.empty())
            e["message"] = message;
        emit(e);
    }

    void prepare()
    {
        device = parseDevice(cfg.device);
        const int threads = util::configureThreads(cfg.threads);
        dataset = data::loadDataset(cfg.dataset);
        if (cfg.model.vocab_size < dataset.vocabSize)
            throw Error::inField("model.vocab_size", std::to_string(cfg.model.vocab_size) +
                                                         " is smaller than the dataset's vocabulary of " +
                                                         std::to_string(dataset.vocabSize));
        tokens = std::make_unique<data::TokenFile>(dataset.tokensPath());
        const int64_t ctx = cfg.effectiveContext();
        trainLoader = std::make_unique<data::BatchLoader>(*tokens, 0, uint64_t(dataset.trainTokens), ctx,
                                                          cfg.effectiveStride(), cfg.batch_size, cfg.seed, cfg.shuffle,
                                                          cfg.model.vocab_size);
        if (dataset.valTokens() >= ctx + 1) {
            valLoader = std::make_unique<data::BatchLoader>(*tokens, uint64_t(dataset.trainTokens),
                                                            uint64_t(dataset.totalTokens), ctx, ctx, 1, cfg.seed,
                                                            false, cfg.model.vocab_size);
        } else if (cfg.eval_every > 0) {
            log("warning", "the validation split has " + std::to_string(dataset.valTokens()) +
                               " tokens, fewer than one sequence of " + std::to_string(ctx + 1) +
                               ": validation is off (raise val_fraction or lower the context)");
        }
        try {
            tokenizer = tokenizer::loadTokenizer(dataset.tokenizerPath);
        } catch (const Error& e) {
            log("warning", std::string("samples are off: ") + e.what());
        }
        log("info", "training on " + std::to_string(dataset.trainTokens) + " tokens (" +
                        std::to_string(trainLoader->windowCount()) + " sequences of " + std::to_string(ctx) +
                        "), " + std::to_string(threads) + " threads, device " + device.str());
        const auto blas = util::blasInfo();
        if (device.is_cpu() && !blas.warning.empty())
            log("warning", blas.warning);
    }

    void buildModel()
    {
        torch::manual_seed(cfg.seed);
        model = model::Transformer(cfg.model);
        model->initializeWeights(cfg.seed);
        model->to(device);
        model->train();
        optimizer = std::make_unique<FusedAdamW>(
            AdamWOptions{cfg.beta1, cfg.beta2, cfg.adam_eps, cfg.weight_decay});
        for (auto& item : model->named_parameters())
            optimizer->addParameter(item.key(), item.value(), model::takesWeightDecay(item.key(), item.value()));
    }

    void restore(const ResumeRequest& resume)
    {
        Checkpoint c = loadCheckpoint(resume.checkpointPath, true);
        if (c.modelConfig != cfg.model)
            throw Error::inFile(resume.checkpointPath, "was written for a different model shape than the run's");
        loadModelWeights(model, c, resume.checkpointPath);
        optimizer->loadState(c.optimizer, c.state.step);
        if (c.cpuRngState.defined())
            const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator()).set_state(c.cpuRngState);
        state = c.state;
        trainLoader->seek(state.loader);
        if (resume.newMaxSteps && *resume.newMaxSteps != cfg.max_steps) {
            if (*resume.newMaxSteps <= state.step)
                throw Error::inField("max_steps", "must exceed the step the run reached (" +
                                                      std::to_string(state.step) + ")");
            state.scheduleHistory.push_back(
                {{"step", state.step}, {"max_steps_before", cfg.max_steps}, {"max_steps_after", *resume.newMaxSteps}});
            cfg.max_steps = *resume.newMaxSteps;
        }
        lastCheckpoint = resume.checkpointPath;
        lastCheckpointStep = state.step;
        log("info", "resumed from " + resume.checkpointPath + " at step " + std::to_string(state.step));
    }

    std::string periodicPath(int64_t step) const
    {
        char name[64];
        std::snprintf(name, sizeof name, "/checkpoints/step-%08lld.ckpt", static_cast<long long>(step));
        return runDir + name;
    }

    void emitCheckpoint(const std::string& kind, const std::string& path, const CheckpointFileInfo& info,
                        const std::vector<std::string>& removed = {})
    {
        auto e = makeEvent("checkpoint");
        e["kind"] = kind;
        e["step"] = state.step;
        e["path"] = path;
        e["bytes"] = info.bytes;
        e["sha256"] = info.sha256;
        e["removed"] = removed;
        emit(e);
    }

    void savePeriodic()
    {
        if (lastCheckpointStep == state.step)
            return;
        const std::string path = periodicPath(state.step);
        auto info = saveCheckpoint(path, model, optimizer.get(), cfg.toJson(), state, dataset.tokenizerPath);
        lastCheckpoint = path;
        lastCheckpointStep = state.step;
        std::vector<std::string> removed;
        auto all = Trainer::listCheckpoints(runDir);
        for (size_t i = 0; i + size_t(cfg.keep_checkpoints) < all.size(); ++i) {
            std::error_code ec;
            if (fs::remove(all[i], ec))
                removed.push_back(all[i]);
        }
        emitCheckpoint("periodic", path, info, removed);
    }

    double evaluate()
    {
        torch::NoGradGuard noGrad;
        model->eval();
        AutocastGuard autocast(cfg.dtype == "bf16", device);
        const int64_t available = valLoader->windowCount();
        const int64_t rows = cfg.eval_batches > 0 ? std::min(available, cfg.eval_batches * cfg.batch_size) : available;
        double total = 0;
        torch::Tensor x, y;
        for (int64_t i = 0; i < rows; i += cfg.batch_size) {
            const int64_t n = std::min(cfg.batch_size, rows - i);
            std::vector<torch::Tensor> xs, ys;
            for (int64_t r = 0; r < n; ++r) {
                valLoader->sequentialBatch(i + r, x, y);
                xs.push_back(x.clone());
                ys.push_back(y.clone());
            }
            auto loss = model->loss(torch::cat(xs).to(device), torch::cat(ys).to(device));
            total += loss.item<double>() * double(n);
        }
        model->train();
        return total / double(rows);
    }

    void sample()
    {
        if (!tokenizer || cfg.sample_tokens == 0)
            return;
        std::vector<int32_t> prompt;
        if (!cfg.sample_prompt.empty())
            prompt = tokenizer->encode(cfg.sample_prompt, true);
        if (prompt.empty())
            prompt.push_back(tokenizer->eosId().value_or(0));
        generate::SamplingOptions options;
        options.maxNewTokens = cfg.sample_tokens;
        options.temperature = cfg.sample_temperature;
        options.topK = cfg.sample_top_k;
        options.seed = cfg.seed + uint64_t(state.step);
        auto produced = generate::generateTokens(model, prompt, options);
        auto e = makeEvent("sample");
        e["step"] = state.step;
        e["prompt"] = cfg.sample_prompt;
        e["text"] = tokenizer->decode(produced);
        emit(e);
    }
};

} // namespace

TrainResult Trainer::run(TrainControl& control, const std::optional<ResumeRequest>& resume)
{
    m_config.validate();
    Session s{m_config, m_runDir, m_events};
    s.prepare();
    s.buildModel();
    if (resume)
        s.restore(*resume);
    TrainConfig& cfg = m_config;
    s.schedule = LrSchedule{cfg.lr_schedule, cfg.learning_rate, cfg.min_lr_ratio, cfg.warmup_steps, cfg.max_steps};
    fs::create_directories(m_runDir + "/checkpoints");

    TrainResult result;
    result.outcome = TrainOutcome::Completed;
    s.status("running");
    const auto sessionStart = Clock::now();
    const int64_t firstStep = s.state.step;
    double pausedSeconds = 0, emaStepSeconds = 0, lastLoss = 0;
    const double elapsedBefore = s.state.elapsedSeconds;

    while (s.state.step < cfg.max_steps) {
        if (control.pauseRequested() && !control.cancelRequested()) {
            s.status("paused");
            const auto pausedAt = Clock::now();
            control.waitWhilePaused();
            pausedSeconds += std::chrono::duration<double>(Clock::now() - pausedAt).count();
            if (!control.cancelRequested())
                s.status("running");
        }
        if (control.cancelRequested()) {
            result.outcome = TrainOutcome::Cancelled;
            result.message = "cancelled at step " + std::to_string(s.state.step);
            break;
        }
        const auto stepStart = Clock::now();
        const double lr = s.schedule.at(s.state.step);
        s.optimizer->zeroGrad();
        double loss = 0;
        for (int64_t micro = 0; micro < cfg.grad_accum_steps; ++micro) {
            auto [x, y] = s.trainLoader->next();
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
            if (improved) {
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
    return result;
}

} // namespace lw::train
