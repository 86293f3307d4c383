#pragma once
// The classification fine-tuning loop: a Classifier (classifier.h) on the base model,
// trained with cross-entropy on the training rows, evaluated on the validation rows
// (loss and accuracy), and at the end scored on the validation and test rows (accuracy
// and confusion matrix: the "classification" event and <run dir>/classification.json).
// The trained model is saved as a checkpoint (so the run still names a language model)
// and, with the head and the class names, as <run dir>/classifier. It emits the events
// of the fine-tune trainer (step, eval, checkpoint, status, finished) and knows nothing
// of the store.
//
// With a process group it trains data-parallel as the other fine-tunes do: every rank
// draws the same global batch and trains on its rows, the trainable gradients (the head
// and the unfrozen blocks) are all-reduced, and the scores are counts summed over the
// ranks. Rank 0 alone writes files. Checkpoints (checkpoints/step-N.ckpt with the head
// in step-N.classifier/) resume on any number of processes.
#include "core/finetune/classification_data.h"
#include "core/finetune/classification_score.h"
#include "core/finetune/classifier.h"
#include "core/finetune/finetune_config.h"
#include "core/finetune/finetune_trainer.h"
#include "core/train/events.h"
#include "core/train/train_control.h"

#include <memory>
#include <optional>
#include <string>

namespace lw::finetune {

struct ClassificationInputs {
    model::Transformer model{nullptr}; // the base, on the device, float32
    std::string tokenizerPath;         // recorded in the checkpoint
    int32_t padId = 0;                 // fills rows after their last token (never read: see classifier.h)
    ClassificationData data;
};

class ClassificationTrainer {
public:
    ClassificationTrainer(FinetuneConfig config, std::string runDir, train::EventSink events);
    // `resume`: a checkpoint of this run, its head beside it (headFolderOf).
    FinetuneResult run(ClassificationInputs inputs, train::TrainControl& control,
                       const std::optional<train::ResumeRequest>& resume = std::nullopt);
    const FinetuneConfig& config() const { return m_config; }
    void setEventSink(train::EventSink events);
    // Data-parallel training with the other ranks of `group` (see FinetuneTrainer).
    void setProcessGroup(std::shared_ptr<distributed::ProcessGroup> group) { m_group = std::move(group); }

    // The head of checkpoint ".../step-N.ckpt": the folder ".../step-N.classifier".
    static std::string headFolderOf(const std::string& checkpointPath);

private:
    FinetuneConfig m_config;
    std::string m_runDir;
    train::EventSink m_events;
    std::shared_ptr<distributed::ProcessGroup> m_group;
};

} // namespace lw::finetune
