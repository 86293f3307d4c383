#pragma once
// The classification fine-tuning loop: a Classifier (classifier.h) on the base model,
// trained with cross-entropy on the training rows, evaluated on the validation rows
// (loss and accuracy), and at the end scored on the validation and test rows (accuracy
// and confusion matrix: the "classification" event and <run dir>/classification.json).
// The trained model is saved as a checkpoint (so the run still names a language model)
// and, with the head and the class names, as <run dir>/classifier. It emits the events
// of the fine-tune trainer (step, eval, checkpoint, status, finished) and knows nothing
// of the store. A classification run is not resumable.
#include "core/finetune/classification_data.h"
#include "core/finetune/classifier.h"
#include "core/finetune/finetune_config.h"
#include "core/finetune/finetune_trainer.h"
#include "core/train/events.h"
#include "core/train/train_control.h"

#include <string>

namespace lw::finetune {

struct ClassificationInputs {
    model::Transformer model{nullptr}; // the base, on the device, float32
    std::string tokenizerPath;         // recorded in the checkpoint
    int32_t padId = 0;                 // fills rows after their last token (never read: see classifier.h)
    ClassificationData data;
};

// Loss, accuracy and confusion matrix of a classifier on some rows.
struct ClassificationScore {
    double loss = 0;
    ConfusionMatrix confusion;
    int64_t rows = 0;
    double accuracy() const { return accuracyOf(confusion); }
    nlohmann::json toJson() const; // {accuracy (null without rows), confusion, n}
};

// Scores `classifier` on rows `which` of `data` in batches of `batchSize` (eval mode, no
// gradients); at most `limit` rows when limit > 0.
ClassificationScore scoreClassifier(Classifier& classifier, const ClassificationData& data,
                                    const std::vector<uint64_t>& which, int64_t batchSize, int32_t padId,
                                    int64_t limit = 0);

class ClassificationTrainer {
public:
    ClassificationTrainer(FinetuneConfig config, std::string runDir, train::EventSink events);
    FinetuneResult run(ClassificationInputs inputs, train::TrainControl& control);
    const FinetuneConfig& config() const { return m_config; }
    void setEventSink(train::EventSink events);

private:
    FinetuneConfig m_config;
    std::string m_runDir;
    train::EventSink m_events;
};

} // namespace lw::finetune
