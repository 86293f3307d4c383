#pragma once
// The state of one FinetuneTrainer::run(): the model with its method applied, the
// batches, the optimizer and schedule, cached reference log-probabilities, and the
// pieces of the loop that are not the loop itself. Internal to core/finetune.
#include "core/finetune/finetune_trainer.h"
#include "core/finetune/nf4_base.h"
#include "core/finetune/preference_loss.h"
#include "core/finetune/sequence_batches.h"
#include "core/peft/adapter_set.h"
#include "core/shape/packed_sequence_file.h"
#include "core/train/adamw.h"
#include "core/train/lr_schedule.h"

#include <memory>

namespace lw::distributed {
class DataParallel;
}

namespace lw::finetune {

// One optimizer step's (or one evaluation's) numbers.
struct StepNumbers {
    double loss = 0;
    int64_t tokens = 0, lossTokens = 0, examples = 0;
    // Preference objectives: means over the pairs.
    double chosenReward = 0, rejectedReward = 0, margin = 0, accuracy = 0;
    int64_t pairs = 0;

    void add(const StepNumbers& o); // example-weighted for rewards, sums for counts
    nlohmann::json metrics(bool preference) const;
};

struct FinetuneSession {
    FinetuneSession(FinetuneConfig& config, const std::string& dir, const train::EventSink& sink)
        : cfg(config), runDir(dir), emit(sink)
    {
    }

    FinetuneConfig& cfg;
    const std::string& runDir;
    const train::EventSink& emit;
    torch::Device device{torch::kCPU};
    FinetuneInputs in;
    std::unique_ptr<shape::PackedSequenceFile> file;
    std::unique_ptr<SequenceBatcher> trainBatches, valBatches;
    std::shared_ptr<peft::AdapterSet> adapters;
    std::unique_ptr<train::FusedAdamW> optimizer;
    std::vector<std::pair<std::string, torch::Tensor>> trainable;
    train::LrSchedule schedule;
    train::TrainerState state;
    std::vector<double> referenceLogps; // per sequence of the file (DPO, IPO)
    std::string lastCheckpoint, bestCheckpoint;
    int64_t lastCheckpointStep = -1;
    int64_t totalParameters = 0, trainableParameters = 0;
    Nf4BaseSummary nf4Base; // QLoRA: what the 4-bit base holds
    std::shared_ptr<distributed::ProcessGroup> group; // null: one process

    // Rank 0 of a data-parallel run, or the only process: the one that writes files.
    bool writesFiles() const;

    void log(const std::string& level, const std::string& message);
    void status(const std::string& value, const std::string& message = {});
    // Device, threads, the packed file and its batches.
    void prepare(FinetuneInputs inputs);
    // Freezes what the method freezes, attaches adapters (and the 4-bit base), builds the optimizer.
    void applyMethod();
    // Reference log-probabilities of every sequence, from the model before training
    // (adapters detached); cached in <run dir>/reference_logps.pt.
    void computeReference(train::TrainControl& control);
    void restore(const train::ResumeRequest& resume);

    // Forward and backward of one micro-batch; the loss is divided by `accumulation`.
    // With `parallel`, this rank's share of the rows only, weighted so that the mean
    // over the ranks is the whole batch's loss (and gradient).
    StepNumbers trainMicroBatch(const SequenceBatch& batch, int64_t accumulation,
                                distributed::DataParallel* parallel = nullptr);
    // The loss (and preference numbers) of a batch, without gradient.
    StepNumbers evaluateBatch(const SequenceBatch& batch);
    StepNumbers evaluate(); // over the validation rows (at most eval_batches batches)

    void savePeriodic();
    void saveBest();
    std::string periodicPath(int64_t step) const;
    void writeAdapter(const std::string& folder);

private:
    // Loss and numbers of a batch; with grad enabled when training.
    std::pair<torch::Tensor, StepNumbers> batchLoss(const SequenceBatch& batch);
    // trainMicroBatch() of a data-parallel run (finetune_parallel_step.cpp).
    StepNumbers trainShare(const SequenceBatch& batch, int64_t accumulation, distributed::DataParallel& parallel);
    torch::Tensor referenceOf(const SequenceBatch& batch) const;
    void emitCheckpoint(const std::string& kind, const std::string& path, const train::CheckpointFileInfo& info,
                        const std::vector<std::string>& removed = {});
};

} // namespace lw::finetune
