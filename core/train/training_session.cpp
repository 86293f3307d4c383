#include "core/train/training_session.h"

#include "core/distributed/process_group.h"
#include "core/generate/generator.h"
#include "core/train/autocast_guard.h"
#include "core/train/checkpoint_event.h"
#include "core/train/resume_state.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <cstdio>
#include <filesystem>

namespace lw::train {

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

} // namespace

bool TrainingSession::writesFiles() const
{
    return !group || group->rank() == 0;
}

void TrainingSession::log(const std::string& level, const std::string& message)
{
    auto e = makeEvent("log");
    e["level"] = level;
    e["message"] = message;
    emit(e);
}

void TrainingSession::status(const std::string& value, const std::string& message)
{
    auto e = makeEvent("status");
    e["status"] = value;
    e["step"] = state.step;
    if (!message.empty())
        e["message"] = message;
    emit(e);
}

void TrainingSession::prepare()
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

void TrainingSession::buildModel()
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

void TrainingSession::restore(const ResumeRequest& resume)
{
    state = restoreCheckpoint(resume.checkpointPath, model, *optimizer);
    trainLoader->seek(state.loader);
    extendSchedule(state, cfg.max_steps, resume.newMaxSteps);
    lastCheckpoint = resume.checkpointPath;
    lastCheckpointStep = state.step;
    log("info", "resumed from " + resume.checkpointPath + " at step " + std::to_string(state.step));
}

std::string TrainingSession::periodicPath(int64_t step) const
{
    char name[64];
    std::snprintf(name, sizeof name, "/checkpoints/step-%08lld.ckpt", static_cast<long long>(step));
    return runDir + name;
}

void TrainingSession::emitCheckpoint(const std::string& kind, const std::string& path, const CheckpointFileInfo& info,
                    const std::vector<std::string>& removed)
{
    emit(checkpointEvent(kind, state.step, path, info, removed));
}

void TrainingSession::savePeriodic()
{
    if (lastCheckpointStep == state.step || !writesFiles())
        return;
    const std::string path = periodicPath(state.step);
    auto info = saveCheckpoint(path, model, optimizer.get(), cfg.toJson(), state, dataset.tokenizerPath);
    lastCheckpoint = path;
    lastCheckpointStep = state.step;
    emitCheckpoint("periodic", path, info, removeOldCheckpoints(Trainer::listCheckpoints(runDir), cfg.keep_checkpoints));
}

double TrainingSession::evaluate()
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

void TrainingSession::sample()
{
    if (!tokenizer || cfg.sample_tokens == 0 || !writesFiles())
        return;
    std::vector<int32_t> prompt;
    if (!cfg.sample_prompt.empty())
        prompt = tokenizer->encode(cfg.sample_prompt, true);
    if (prompt.empty())
        prompt.push_back(tokenizer->eosId().value_or(0));
    generate::GenerationRequest request;
    request.prompt = prompt;
    request.settings.max_tokens = cfg.sample_tokens;
    request.settings.temperature = cfg.sample_temperature;
    request.settings.top_k = cfg.sample_top_k;
    request.settings.seed = cfg.seed + uint64_t(state.step);
    generate::Generator generator(model, tokenizer.get());
    auto e = makeEvent("sample");
    e["step"] = state.step;
    e["prompt"] = cfg.sample_prompt;
    e["text"] = generator.generate(request).text;
    emit(e);
}

} // namespace lw::train
