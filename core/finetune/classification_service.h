#pragma once
// Classification fine-tunes recorded in a project (startFinetune hands objective
// "classify" here): the base is loaded, the choice dataset read with its tokenizer, the
// run created with its lineage, and the ClassificationTrainer's events fed into the
// store (on one process or data-parallel, and resumed like the other fine-tunes). Also
// what `llmwb classify` calls: a run's classifier, loaded, on a text.
#include "core/finetune/classification_trainer.h"
#include "core/finetune/finetune_service.h"
#include "core/train/run_plan.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::finetune {

// With `group` (rank 0 of a data-parallel run) the other ranks follow through
// followClassification(); rank 0 alone touches the store and the run folder.
FinetuneRunOutcome startClassification(const store::Project& project, FinetuneRequest request,
                                       train::TrainControl& control, const train::EventSink& forward,
                                       std::shared_ptr<distributed::ProcessGroup> group = nullptr);

// lw::Error naming checkpoint `path` when the classifier head it resumes with is not beside it.
void checkClassifierHeadOf(const std::string& path);

// resumeFinetune() of a classification run `record` (its `config` as stored, its base
// loaded), from `resume`: the rows are read again from the run's dataset version, which
// must still hold the records the run trained on.
FinetuneRunOutcome resumeClassification(store::Store& store, const store::RunRecord& record,
                                        const FinetuneConfig& config, LoadedBase& base,
                                        const train::ResumeRequest& resume, train::TrainControl& control,
                                        const train::EventSink& forward,
                                        const std::shared_ptr<distributed::ProcessGroup>& group);

// followFinetune() of a classification run: this rank loads the base and the rows
// itself and trains its share, writing nothing.
train::TrainResult followClassification(const store::Project& project,
                                        const std::shared_ptr<distributed::ProcessGroup>& group,
                                        const train::RunPlan& plan, train::TrainControl& control);

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
