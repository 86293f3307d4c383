#pragma once
// The state of one Trainer::run(): dataset and loaders, model, optimizer, schedule and
// trainer state, with the pieces of the loop that are not the step itself (preparing,
// restoring, evaluating, sampling, checkpointing). Internal to core/train.
#include "core/data/dataset.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/train/events.h"
#include "core/train/lr_schedule.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"

#include <memory>
#include <string>

namespace lw::train {

struct TrainingSession {
    TrainingSession(TrainConfig& config, const std::string& dir, const EventSink& sink)
        : cfg(config), runDir(dir), emit(sink)
    {
    }

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
    std::shared_ptr<distributed::ProcessGroup> group; // null: one process

    // Rank 0 of a data-parallel run, or the only process: the one that writes files.
    bool writesFiles() const;

    void log(const std::string& level, const std::string& message);
    void status(const std::string& value, const std::string& message = {});
    // Device, threads, dataset, loaders and tokenizer.
    void prepare();
    // The seeded model and its optimizer.
    void buildModel();
    // Weights, optimizer state, random state and data position of a checkpoint.
    void restore(const ResumeRequest& resume);
    std::string periodicPath(int64_t step) const;
    void emitCheckpoint(const std::string& kind, const std::string& path, const CheckpointFileInfo& info,
                        const std::vector<std::string>& removed = {});
    // Writes step-XXXXXXXX.ckpt (once per step) and prunes old ones.
    void savePeriodic();
    // Mean validation loss over the configured batches.
    double evaluate();
    // Generates and emits a sample continuation.
    void sample();
};

} // namespace lw::train
