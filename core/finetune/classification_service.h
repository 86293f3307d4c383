#pragma once
// Classification fine-tunes recorded in a project (startFinetune hands objective
// "classify" here): the base is loaded, the choice dataset read with its tokenizer, the
// run created with its lineage, and the ClassificationTrainer's events fed into the
// store. Also what `llmwb classify` calls: a run's classifier, loaded, on a text.
#include "core/finetune/classification_trainer.h"
#include "core/finetune/finetune_service.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::finetune {

FinetuneRunOutcome startClassification(const store::Project& project, FinetuneRequest request,
                                       train::TrainControl& control, const train::EventSink& forward);

struct LoadedClassifier {
    std::string folder; // <run dir>/classifier
    Classifier classifier{nullptr};
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::vector<int32_t> promptPrefix;
    std::vector<std::string> classes;
};

// `spec`: a classification run (as `--model` names runs) or its classifier folder;
// lw::Error saying what is missing otherwise.
LoadedClassifier loadClassifier(const store::Project* project, const std::string& spec, const std::string& device);

struct ClassPrediction {
    int64_t best = 0;                   // index into classes
    std::vector<double> probabilities;  // softmax of the logits, one per class
    int64_t tokens = 0;                 // ids the text became (after the cut to the context)
};
ClassPrediction classifyText(LoadedClassifier& loaded, const std::string& text);

} // namespace lw::finetune
