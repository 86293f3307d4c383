#pragma once
// The rows of the store as plain structs. Times are Unix seconds (UTC); paths are as
// stored (relative to the project folder when inside it; Store::absolutePath resolves
// them).
#include "core/store/run_status.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lw::store {

using Json = nlohmann::json;

// Metric names the store itself looks at.
inline constexpr const char* kValLossMetric = "val_loss";

// Artifact kinds the trainer writes; other kinds are allowed.
inline constexpr const char* kArtifactCheckpoint = "checkpoint";
inline constexpr const char* kArtifactBest = "best";
inline constexpr const char* kArtifactFinal = "final";
inline constexpr const char* kArtifactExport = "export";

inline constexpr const char* kRunKindPretrain = "pretrain";
inline constexpr const char* kRunKindFinetune = "finetune";

struct ProjectInfo {
    int64_t id = 0;
    std::string name;
    std::string description;
    double createdAt = 0;
};

struct TokenizerRecord {
    int64_t id = 0;
    std::string name; // unique in the project
    std::string kind; // "bpe", "sentencepiece", ...
    int64_t vocabSize = 0;
    std::string path;
    double createdAt = 0; // 0: now, when registered
    Json meta = Json::object();
};

struct DatasetRecord {
    int64_t id = 0;
    std::string name; // unique in the project
    std::string kind; // "text", "instructions", ...
    std::optional<int64_t> tokenizerId;
    std::string path;
    Json sourceFiles = Json::array();
    int64_t trainTokens = 0;
    int64_t valTokens = 0;
    double createdAt = 0; // 0: now, when registered
    Json meta = Json::object();
};

// A model of the project that is not a run's checkpoint: an import (a Hugging Face
// folder or a GGUF file copied into models/), a merge, and later fine-tunes and
// quantizations. `source` records where it came from (the original path and each
// file's size and sha256); `lineage` the models, runs and method it was made from.
struct ModelRecord {
    int64_t id = 0;
    std::string name;   // unique in the project
    std::string kind;   // "import", "merge", ...
    std::string format; // "hf" (a folder) or "gguf" (a file)
    std::string family; // "gpt2" or "llama"
    std::string architecture; // e.g. "Qwen2ForCausalLM", or the GGUF architecture
    std::string path;
    int64_t parameters = 0;
    int64_t bytes = 0;
    std::string dtype; // as stored: "bfloat16", "q4_K", ...
    Json source = Json::object();
    Json lineage = Json::object();
    Json meta = Json::object();
    double createdAt = 0; // 0: now, when registered
};

// What is known when a run is created.
struct NewRun {
    NewRun() = default;
    explicit NewRun(std::string runName) : name(std::move(runName)) { }

    std::string name;
    std::string kind = kRunKindPretrain;
    Json config = Json::object(); // stored verbatim
    std::optional<int64_t> datasetId;
    std::optional<int64_t> tokenizerId;
    std::optional<int64_t> parentRunId; // the run this one resumes or extends
    std::string runDir;                 // Project::createRun fills it in
    int64_t maxSteps = 0;
    std::string notes;
    std::vector<std::string> tags;
};

struct RunRecord {
    int64_t id = 0;
    std::string name;
    std::string kind = kRunKindPretrain;
    RunStatus status = RunStatus::Created;
    Json config = Json::object();
    std::optional<int64_t> datasetId;
    std::optional<int64_t> tokenizerId;
    std::optional<int64_t> parentRunId;
    std::string runDir;
    std::string host; // where the process ran
    std::optional<int64_t> pid;
    double createdAt = 0;
    std::optional<double> startedAt;
    std::optional<double> endedAt;
    double updatedAt = 0; // the last heartbeat
    int64_t step = 0;     // the last step reached
    int64_t maxSteps = 0;
    std::optional<double> bestValLoss;
    std::optional<int64_t> bestStep;
    std::string errorMessage;
    std::string notes;
    std::vector<std::string> tags; // sorted
};

enum class RunSort { CreatedAt, BestValLoss };

struct RunQuery {
    std::vector<RunStatus> statuses; // empty: any
    std::optional<std::string> tag;
    std::string nameContains; // case-insensitive for ASCII letters
    RunSort sortBy = RunSort::CreatedAt;
    bool descending = true; // runs with no best_val_loss always come last
    int64_t limit = -1;     // -1: all
    int64_t offset = 0;
};

// One evaluation of a model on a task. summary holds the task's numbers ("perplexity",
// "acc", "acc_stderr", "score", ...); settings what a re-run needs to give them again.
struct EvaluationRecord {
    int64_t id = 0;
    std::string task;  // "perplexity", "mc", "generate", "judge", "bleu", "chrf", "rouge"
    std::string model; // as --model named it ("3:best", "qwen", a path)
    Json modelInfo = Json::object(); // format, absolute path, label, run/model ids, checkpoint step
    std::optional<int64_t> runId;    // the run whose checkpoint was evaluated
    std::optional<int64_t> step;     // that checkpoint's step
    std::string dataset;             // dataset name (with its version) or file path
    Json datasetInfo = Json::object(); // version id, file sha256, rows
    Json settings = Json::object();
    Json summary = Json::object();
    std::string toolVersion;
    double durationSeconds = 0;
    double createdAt = 0; // 0: now, when added
};

struct EvaluationQuery {
    std::string task;  // empty: any
    std::string model; // empty: any
    std::optional<int64_t> runId;
    int64_t limit = -1; // -1: all
};

struct MetricPoint {
    int64_t step = 0;
    std::string name;
    double value = 0; // NaN is stored (as NULL) and read back as NaN
    double time = 0;  // 0: now, when appended
};

struct MetricQuery {
    std::optional<std::string> name;  // only this metric
    std::optional<int64_t> afterStep; // only steps > afterStep (live charts poll with it)
};

struct Sample {
    int64_t id = 0;
    int64_t runId = 0;
    int64_t step = 0;
    std::string text;
    double time = 0;
};

struct Artifact {
    int64_t id = 0;
    int64_t runId = 0;
    std::string kind; // kArtifactCheckpoint, ...
    std::string path;
    std::optional<int64_t> step;
    int64_t sizeBytes = 0;
    std::string sha256;
    double createdAt = 0; // 0: now, when added
    Json meta = Json::object();
};

// A message of a conversation held in the Chat panel.
struct ConversationMessage {
    std::string role;            // "user" or "assistant" (the system prompt is the conversation's)
    std::string content;
    Json stats = Json::object(); // an answer's generation statistics (time to first token, tokens/s)
    double createdAt = 0;        // 0: now, when saved
};

struct Conversation {
    int64_t id = 0; // 0: not saved yet
    std::string title;
    std::string model; // a checkpoint path (stored relative to the project), or "demo"
    std::string systemPrompt;
    Json chatTemplate = Json::object(); // the template's JSON (name and formats)
    Json settings = Json::object();     // the decoding settings' JSON
    double createdAt = 0;               // 0: now, when first saved
    double updatedAt = 0;               // set when saved
    std::vector<ConversationMessage> messages;
};

// A conversation as the list shows it, without its messages.
struct ConversationSummary {
    int64_t id = 0;
    std::string title;
    std::string model;
    int64_t messageCount = 0;
    double updatedAt = 0;
};

// What deleteRun removed from the store; the caller deletes the files (absolute paths).
struct DeletedRun {
    std::string runDir;
    std::vector<std::string> artifactPaths;
};

} // namespace lw::store
