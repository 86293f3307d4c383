#include "core/finetune/finetune_session.h"

#include "core/distributed/process_group.h"
#include "core/finetune/checkpoint_model.h"
#include "core/finetune/finetune_state_file.h"
#include "core/finetune/nf4_base.h"
#include "core/finetune/sequence_logprobs.h"
#include "core/hf/hf_architecture.h"
#include "core/model/cross_entropy.h"
#include "core/train/autocast_guard.h"
#include "core/train/checkpoint.h"
#include "core/train/checkpoint_event.h"
#include "core/train/resume_state.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <ATen/CPUGeneratorImpl.h>
#include <cstdio>
#include <filesystem>

namespace lw::finetune {

namespace fs = std::filesystem;

namespace {

// The SFT loss over the positions that receive it: only their rows of the hidden state
// reach the output head, so prompt and padding positions (often most of a chat row)
// cost no logits and no head gradients. The same mean as TransformerImpl::loss, which
// sends every position through the head and zeroes the ignored ones.
torch::Tensor answerLoss(model::TransformerImpl& m, const torch::Tensor& inputs, const torch::Tensor& targets,
                         const torch::Tensor& positions)
{
    const torch::Tensor h = m.hidden(inputs, nullptr, positions); // (B, T, C)
    const torch::Tensor flatTargets = targets.reshape({-1});
    const torch::Tensor rows = flatTargets.ge(0).nonzero().squeeze(1);
    const torch::Tensor kept = h.reshape({-1, h.size(-1)}).index_select(0, rows); // (N, C)
    const torch::Tensor keptTargets = flatTargets.index_select(0, rows);
    if (m.headAdapter) // the fused loss multiplies by the plain weight; an adapted head needs its logits
        return torch::nn::functional::cross_entropy(m.logitsOf(kept).to(torch::kFloat), keptTargets);
    return model::linearCrossEntropy(kept, m.outputWeight(), keptTargets);
}

} // namespace

void StepNumbers::add(const StepNumbers& o)
{
    const int64_t pairsBefore = pairs;
    pairs += o.pairs;
    if (pairs > 0) {
        auto mix = [&](double a, double b) { return (a * double(pairsBefore) + b * double(o.pairs)) / double(pairs); };
        chosenReward = mix(chosenReward, o.chosenReward);
        rejectedReward = mix(rejectedReward, o.rejectedReward);
        margin = mix(margin, o.margin);
        accuracy = mix(accuracy, o.accuracy);
    }
    loss += o.loss;
    tokens += o.tokens;
    lossTokens += o.lossTokens;
    examples += o.examples;
}

nlohmann::json StepNumbers::metrics(bool preference) const
{
    nlohmann::json m = nlohmann::json::object();
    if (preference) {
        m["rewards_chosen"] = chosenReward;
        m["rewards_rejected"] = rejectedReward;
        m["reward_margin"] = margin;
        m["preference_accuracy"] = accuracy;
    }
    return m;
}

void FinetuneSession::log(const std::string& level, const std::string& message)
{
    auto e = train::makeEvent("log");
    e["level"] = level;
    e["message"] = message;
    emit(e);
}

void FinetuneSession::status(const std::string& value, const std::string& message)
{
    auto e = train::makeEvent("status");
    e["status"] = value;
    e["step"] = state.step;
    if (!message.empty())
        e["message"] = message;
    emit(e);
}

void FinetuneSession::prepare(FinetuneInputs inputs)
{
    in = std::move(inputs);
    const train::TrainConfig& t = cfg.train;
    device = in.model->parameters().front().device();
    const int threads = util::configureThreads(t.threads);
    file = std::make_unique<shape::PackedSequenceFile>(in.data.file);
    if (uint64_t(in.model->config().vocab_size) < file->header().vocabSize)
        throw Error::inFile(in.data.file, "was made with a vocabulary of " + std::to_string(file->header().vocabSize) +
                                              " tokens, more than the model's " +
                                              std::to_string(in.model->config().vocab_size));
    const BatchLayout layout = cfg.finetune.isPreference() ? BatchLayout::Pairs
                               : cfg.finetune.packing      ? BatchLayout::Packing
                                                           : BatchLayout::Padding;
    trainBatches = std::make_unique<SequenceBatcher>(*file, in.data.trainRows, layout, t.batch_size,
                                                     t.effectiveContext(), t.seed, t.shuffle);
    if (!in.data.valRows.empty())
        valBatches = std::make_unique<SequenceBatcher>(*file, in.data.valRows,
                                                       layout == BatchLayout::Packing ? BatchLayout::Padding : layout,
                                                       t.batch_size, t.effectiveContext(), t.seed, false);
    else if (t.eval_every > 0)
        log("warning", "no validation rows: validation is off");
    log("info", "fine-tuning on " + std::to_string(in.data.trainRows.size()) + " rows (" +
                    std::to_string(in.data.valRows.size()) + " for validation, " + in.data.splitSource + "), " +
                    std::to_string(threads) + " threads, device " + device.str());
}

void FinetuneSession::applyMethod()
{
    const FinetuneSettings& f = cfg.finetune;
    model::TransformerImpl& m = *in.model;
    totalParameters = 0;
    for (const auto& p : m.parameters())
        totalParameters += p.numel();
    optimizer = std::make_unique<train::FusedAdamW>(
        train::AdamWOptions{cfg.train.beta1, cfg.train.beta2, cfg.train.adam_eps, cfg.train.weight_decay});
    trainable.clear();
    if (!f.usesAdapter()) {
        for (auto& item : m.named_parameters()) {
            item.value().set_requires_grad(true);
            trainable.emplace_back(item.key(), item.value());
            optimizer->addParameter(item.key(), item.value(), model::takesWeightDecay(item.key(), item.value()));
        }
    } else {
        for (auto& p : m.parameters())
            p.set_requires_grad(false);
        const peft::AdapterSettings a = adapterSettingsOf(f);
        const hf::HfArchitecture& arch = in.architecture.empty()
                                             ? hf::architectureForExport(m.config())
                                             : hf::architectureOf({{"architectures", {in.architecture}}}, "base model");
        adapters = peft::AdapterSet::create(m, arch, a, cfg.train.seed);
        adapters->attach(m);
        if (f.method == "qlora") {
            nf4Base = quantizeBaseToNf4(m, *adapters);
            const Nf4BaseSummary& s = nf4Base;
            auto e = train::makeEvent("log");
            e["level"] = "info";
            char text[160];
            std::snprintf(text, sizeof text, "4-bit base: %lld linear maps, %.2f MiB as %.2f MiB of NF4 (%.1fx smaller)",
                          static_cast<long long>(s.maps), double(s.denseBytes) / double(1 << 20),
                          double(s.nf4Bytes) / double(1 << 20), double(s.denseBytes) / double(std::max<int64_t>(1, s.nf4Bytes)));
            e["message"] = text;
            e["dense_bytes"] = s.denseBytes;
            e["nf4_bytes"] = s.nf4Bytes;
            emit(e);
        }
        for (auto& [name, p] : adapters->namedParameters()) {
            trainable.emplace_back(name, p);
            const bool isB = name.find("lora_B") != std::string::npos;
            // Adapters take no weight decay by default in PEFT's trainers; decay applies
            // when the user sets it, to the matrices only.
            optimizer->addParameter(name, p, p.dim() >= 2, isB ? f.lora_plus_ratio : 1.0);
        }
    }
    trainableParameters = 0;
    for (const auto& [name, p] : trainable)
        trainableParameters += p.numel();
    m.train();
    if (adapters)
        adapters->setTraining(true);
}

torch::Tensor FinetuneSession::referenceOf(const SequenceBatch& batch) const
{
    std::vector<double> values;
    for (uint64_t s : batch.sequences)
        values.push_back(referenceLogps.at(size_t(s)));
    return torch::tensor(values, torch::kDouble).to(torch::kFloat).to(device);
}

std::pair<torch::Tensor, StepNumbers> FinetuneSession::batchLoss(const SequenceBatch& batch)
{
    StepNumbers n;
    n.tokens = batch.tokens;
    n.lossTokens = batch.lossTokens;
    n.examples = batch.examples;
    const torch::Tensor inputs = batch.inputs.to(device), targets = batch.targets.to(device);
    train::AutocastGuard autocast(cfg.train.dtype == "bf16", device);
    if (!cfg.finetune.isPreference()) {
        const torch::Tensor positions = batch.positions.defined() ? batch.positions.to(device) : torch::Tensor();
        return {answerLoss(*in.model, inputs, targets, positions), n};
    }
    const torch::Tensor hidden = in.model->hidden(inputs);
    const SequenceLogProbs lp = in.model->headAdapter
                                    ? sequenceLogProbsOfLogits(in.model->logitsOf(hidden), targets, targets.ge(0))
                                    : sequenceLogProbs(hidden, in.model->outputWeight(), targets, targets.ge(0));
    const auto even = torch::arange(0, lp.sum.size(0), 2, torch::TensorOptions().dtype(torch::kLong).device(device));
    const auto odd = even + 1;
    PreferenceInputs p;
    p.chosenLogps = lp.sum.index_select(0, even);
    p.rejectedLogps = lp.sum.index_select(0, odd);
    p.chosenTokens = lp.tokens.index_select(0, even);
    p.rejectedTokens = lp.tokens.index_select(0, odd);
    if (cfg.finetune.needsReference()) {
        const torch::Tensor ref = referenceOf(batch);
        p.referenceChosenLogps = ref.index_select(0, even);
        p.referenceRejectedLogps = ref.index_select(0, odd);
    }
    PreferenceLossOptions o;
    o.method = *preferenceMethodFromName(cfg.finetune.objective);
    o.beta = cfg.finetune.beta;
    o.labelSmoothing = cfg.finetune.label_smoothing;
    o.simpoGamma = cfg.finetune.simpo_gamma;
    PreferenceLoss r = preferenceLoss(p, o);
    n.pairs = batch.examples;
    n.chosenReward = r.chosenRewards.mean().item<double>();
    n.rejectedReward = r.rejectedRewards.mean().item<double>();
    n.margin = r.rewardMargin;
    n.accuracy = r.accuracy;
    return {r.loss, n};
}

bool FinetuneSession::writesFiles() const
{
    return !group || group->rank() == 0;
}

StepNumbers FinetuneSession::trainMicroBatch(const SequenceBatch& batch, int64_t accumulation,
                                             distributed::DataParallel* parallel)
{
    if (parallel)
        return trainShare(batch, accumulation, *parallel);
    auto [loss, n] = batchLoss(batch);
    if (accumulation > 1)
        loss = loss / double(accumulation);
    loss.backward();
    n.loss = loss.item<double>();
    return n;
}

StepNumbers FinetuneSession::evaluateBatch(const SequenceBatch& batch)
{
    torch::NoGradGuard noGrad;
    auto [loss, n] = batchLoss(batch);
    n.loss = loss.item<double>();
    return n;
}

StepNumbers FinetuneSession::evaluate()
{
    in.model->eval();
    if (adapters)
        adapters->setTraining(false);
    const bool preference = cfg.finetune.isPreference();
    const int64_t rows = valBatches->rowCount();
    const int64_t batch = cfg.train.batch_size;
    const int64_t limit = cfg.train.eval_batches > 0 ? std::min(rows, cfg.train.eval_batches * batch) : rows;
    StepNumbers total;
    double weightedLoss = 0, weight = 0;
    for (int64_t i = 0; i < limit; i += batch) {
        std::vector<size_t> members;
        for (int64_t r = i; r < std::min(limit, i + batch); ++r)
            members.push_back(size_t(r));
        const StepNumbers n = evaluateBatch(valBatches->batchOf(members));
        // SFT: token-weighted mean loss; preference: pair-weighted.
        const double w = preference ? double(n.examples) : double(n.lossTokens);
        weightedLoss += n.loss * w;
        weight += w;
        total.add(n);
    }
    total.loss = weight > 0 ? weightedLoss / weight : 0.0;
    in.model->train();
    if (adapters)
        adapters->setTraining(true);
    return total;
}

void FinetuneSession::computeReference(train::TrainControl& control)
{
    if (!cfg.finetune.needsReference())
        return;
    const std::string cache = runDir + "/reference_logps.pt";
    const int64_t sequences = int64_t(file->sequences());
    if (fs::exists(cache) && writesFiles()) { // other ranks compute their own: rank 0 may be writing it
        torch::Tensor t;
        torch::load(t, cache);
        if (t.dim() == 1 && t.size(0) == sequences && t.scalar_type() == torch::kDouble) {
            referenceLogps.assign(t.data_ptr<double>(), t.data_ptr<double>() + sequences);
            return;
        }
        log("warning", cache + " does not match the data: computing the reference again");
    }
    status("reference", "computing the reference model's log-probabilities");
    torch::NoGradGuard noGrad;
    in.model->eval();
    // The reference is the base: adapters detached, or the full model before its first step.
    if (adapters)
        peft::AdapterSet::detach(*in.model);
    referenceLogps.assign(size_t(sequences), 0.0);
    SequenceBatcher all(*file,
                        [&] {
                            std::vector<uint64_t> rows(file->rows());
                            for (uint64_t r = 0; r < file->rows(); ++r)
                                rows[r] = r;
                            return rows;
                        }(),
                        BatchLayout::Pairs, cfg.train.batch_size, cfg.train.effectiveContext(), 0, false);
    const int64_t rows = all.rowCount();
    for (int64_t i = 0; i < rows; i += cfg.train.batch_size) {
        if (control.cancelRequested())
            throw Error("cancelled");
        std::vector<size_t> members;
        for (int64_t r = i; r < std::min(rows, i + cfg.train.batch_size); ++r)
            members.push_back(size_t(r));
        const SequenceBatch b = all.batchOf(members);
        const torch::Tensor inputs = b.inputs.to(device), targets = b.targets.to(device);
        const torch::Tensor hidden = in.model->hidden(inputs);
        const SequenceLogProbs lp = sequenceLogProbs(hidden, in.model->outputWeight(), targets, targets.ge(0));
        const torch::Tensor sums = lp.sum.to(torch::kDouble).cpu();
        for (size_t k = 0; k < b.sequences.size(); ++k)
            referenceLogps[size_t(b.sequences[k])] = sums[int64_t(k)].item<double>();
        auto e = train::makeEvent("progress");
        e["stage"] = "reference";
        e["fraction"] = double(std::min(rows, i + cfg.train.batch_size)) / double(rows);
        emit(e);
    }
    if (adapters)
        adapters->attach(*in.model);
    in.model->train();
    if (writesFiles())
        torch::save(torch::tensor(referenceLogps, torch::kDouble), cache);
}

void FinetuneSession::restore(const train::ResumeRequest& resume)
{
    const std::string& path = resume.checkpointPath;
    if (adapters) {
        AdapterState s = loadAdapterState(path);
        loadAdapterTensors(s, path, *adapters);
        optimizer->loadState(s.optimizer, s.state.step);
        if (s.cpuRngState.defined())
            const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator()).set_state(s.cpuRngState);
        state = s.state;
    } else {
        state = train::restoreCheckpoint(path, in.model, *optimizer);
    }
    trainBatches->seek(state.loader);
    train::extendSchedule(state, cfg.train.max_steps, resume.newMaxSteps);
    lastCheckpoint = path;
    lastCheckpointStep = state.step;
    log("info", "resumed from " + path + " at step " + std::to_string(state.step));
}

std::string FinetuneSession::periodicPath(int64_t step) const
{
    char name[64];
    std::snprintf(name, sizeof name, "/checkpoints/step-%08lld.ckpt", static_cast<long long>(step));
    return runDir + name;
}

void FinetuneSession::emitCheckpoint(const std::string& kind, const std::string& path,
                                     const train::CheckpointFileInfo& info, const std::vector<std::string>& removed)
{
    emit(train::checkpointEvent(kind, state.step, path, info, removed));
}

void FinetuneSession::writeAdapter(const std::string& folder)
{
    if (!adapters)
        return;
    adapters->save(folder, in.baseLabel);
    // The template the adapter learned, so that chatting with it uses the same one.
    if (in.chatTemplate)
        util::writeJsonFileAtomic(folder + "/" + kAdapterTemplateFile, in.chatTemplate->toJson());
}

void FinetuneSession::savePeriodic()
{
    if (lastCheckpointStep == state.step || !writesFiles())
        return;
    const std::string path = periodicPath(state.step);
    const train::CheckpointFileInfo info =
        adapters ? saveAdapterState(path, trainable, *optimizer, cfg.toJson(), state)
                 : train::saveCheckpoint(path, in.model, optimizer.get(), cfg.toJson(), state, in.tokenizerPath);
    writeAdapter(runDir + "/adapter");
    lastCheckpoint = path;
    lastCheckpointStep = state.step;
    emitCheckpoint("periodic", path, info,
                   train::removeOldCheckpoints(FinetuneTrainer::listStates(runDir), cfg.train.keep_checkpoints));
}

void FinetuneSession::saveBest()
{
    if (!writesFiles())
        return;
    bestCheckpoint = train::Trainer::bestCheckpointPath(runDir);
    const train::CheckpointFileInfo info =
        adapters ? saveAdapterState(bestCheckpoint, trainable, *optimizer, cfg.toJson(), state)
                 : train::saveCheckpoint(bestCheckpoint, in.model, nullptr, cfg.toJson(), state, in.tokenizerPath);
    writeAdapter(runDir + "/adapter-best");
    emitCheckpoint("best", bestCheckpoint, info);
}

} // namespace lw::finetune
