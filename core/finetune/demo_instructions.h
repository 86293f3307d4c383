#pragma once
// The demo project's fine-tuning data, written by the project: short questions about a
// sentence in the style of the demo stories, each with one right answer, so that a
// newcomer can fine-tune the demo model in a minute and see exact match rise on rows it
// never saw. Two datasets of the project:
//   demo-instructions  chat rows (user question, assistant answer)
//   demo-preferences   the same questions with the right answer chosen and a wrong
//                      one (another animal, place or thing) rejected
// Both are imported as records versions with seeded train/validation/test splits.
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/train_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::finetune {

struct DemoQuestion {
    std::string question, answer, wrongAnswer;
};

// `count` questions; the same seed gives the same rows.
std::vector<DemoQuestion> demoQuestions(uint64_t seed, int64_t count);

// JSONL of the chat rows ("messages" layout) and of the preference rows ("preference" layout).
std::string demoInstructionsJsonl(const std::vector<DemoQuestion>& questions);
std::string demoPreferencesJsonl(const std::vector<DemoQuestion>& questions);

inline constexpr const char* kDemoInstructionsName = "demo-instructions";
inline constexpr const char* kDemoPreferencesName = "demo-preferences";

// Imports what is missing of the two datasets into the project (idempotent), and
// writes the demo's chat template, whose path it returns: a question line, then the
// answer line and the end-of-text token. Its text is plain words the demo model read
// in pretraining; markers such as ChatML's would be tokens it never saw, which an
// adapter cannot teach it to write (their embeddings stay frozen).
std::string ensureDemoFinetuneData(const store::Project& project);

// Imports `jsonl` (in `layout`) as the records version `name` with 80/10/10 seeded
// splits (rows with equal `splitGroupBy` fields in one split; "": by row), unless the
// project has a version of that name already.
void importDemoRecords(const store::Project& project, store::Store& store, const std::string& name,
                       const std::string& jsonl, const std::string& layout, const std::string& splitGroupBy = {});

// The demo model to fine-tune: the newest run named "demo" that has a checkpoint, as a
// model spec ("<run id>"); lw::Error saying how to make it when there is none.
std::string demoBaseModel(const store::Project& project);

// Adapter targets for the demo model: every linear map and the output head (a model
// this small learns the answers' words through its head much faster).
std::vector<std::string> demoLoraTargets();
// Rank of the demo's adapters (alpha twice that): the model is so small that rank 32
// costs little, and rank 8 learns the answers' form but seldom their words.
inline constexpr int64_t kDemoLoraRank = 32;

// Trainer settings under which the demo model learns the demo questions in about a
// minute on two cores.
train::TrainConfig demoFinetuneTrainConfig(const std::string& method, const std::string& objective);

} // namespace lw::finetune
