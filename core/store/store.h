#pragma once
// The experiment store: one SQLite file per project holding its datasets, tokenizers,
// runs, metrics, samples, artifacts, notes and tags, and the Chat panel's conversations.
//
// Several processes share it: a trainer writes while the GUI and the CLI read. The file
// is opened in WAL mode, so readers never wait for the writer and the writer never waits
// for readers; writers queue behind each other for up to 10 s (busy_timeout). With
// synchronous=NORMAL a commit survives the death of the process (SIGKILL included); the
// last commits before a power cut may be lost, never half-written.
//
// One Store object per thread: it owns one SQLite connection and its cached statements,
// neither of which may be used from two threads at once. Open another Store (cheap) for
// another thread or process. Every failure throws lw::Error naming the database file and
// the SQL step.
#include "core/store/records.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::store {

class Connection;

double nowSeconds(); // Unix time, UTC

class Store {
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    // Opens the database, sets the connection up (WAL, synchronous=NORMAL, foreign keys,
    // busy time-out) and migrates it to the latest schema. Refuses a file that is not a
    // store, or one written by a newer LLM Workbench.
    explicit Store(const std::string& databasePath, OpenMode mode = OpenMode::CreateIfMissing);
    ~Store();
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;

    const std::string& path() const;
    std::string projectDir() const; // the folder holding the database
    int schemaVersion();
    // Stored paths are relative to the project folder; this resolves one ("" stays "").
    std::string absolutePath(const std::string& storedPath) const;
    // The form to store a path in: relative when it lies inside the project folder, so
    // that a project folder can be moved or copied whole.
    std::string storablePath(const std::string& path) const;
    // "ok", or SQLite's list of problems (reads the whole file: slow on big stores).
    std::string integrityCheck();
    Connection& connection(); // for transactions spanning several calls

    // --- project and meta
    std::optional<ProjectInfo> projectInfo();
    void setProjectInfo(const std::string& name, const std::string& description);
    std::optional<std::string> meta(const std::string& key);
    void setMeta(const std::string& key, const std::string& value);

    // --- tokenizers and datasets (names are unique; a duplicate is an lw::Error)
    int64_t registerTokenizer(const TokenizerRecord& tokenizer);
    void updateTokenizer(const TokenizerRecord& tokenizer); // by id
    std::optional<TokenizerRecord> tokenizer(int64_t id);
    std::optional<TokenizerRecord> tokenizerByName(const std::string& name);
    std::vector<TokenizerRecord> tokenizers(); // by name
    void removeTokenizer(int64_t id);          // datasets and runs keep NULL

    int64_t registerDataset(const DatasetRecord& dataset);
    void updateDataset(const DatasetRecord& dataset); // by id
    std::optional<DatasetRecord> dataset(int64_t id);
    std::optional<DatasetRecord> datasetByName(const std::string& name);
    std::vector<DatasetRecord> datasets(); // by name
    void removeDataset(int64_t id);        // runs keep NULL

    // --- models (names are unique; a duplicate is an lw::Error naming it)
    int64_t registerModel(const ModelRecord& model);
    std::optional<ModelRecord> model(int64_t id);
    std::optional<ModelRecord> modelByName(const std::string& name);
    std::vector<ModelRecord> models(); // by name
    void removeModel(int64_t id);      // lw::Error when there is none

    // --- runs
    int64_t createRun(const NewRun& run); // status 'created'
    RunRecord run(int64_t id);            // lw::Error when there is no such run
    std::optional<RunRecord> findRun(int64_t id);
    std::vector<RunRecord> listRuns(const RunQuery& query = {});
    // Writes the descriptive fields (name, kind, config, dataset, tokenizer, parent,
    // run_dir, max_steps, notes); status, times and progress have their own calls.
    void updateRun(const RunRecord& run);
    void renameRun(int64_t id, const std::string& name);
    void setRunNotes(int64_t id, const std::string& notes);
    // Records this process (pid, host) as the one running it, status 'running', and the
    // start time on the first start. Take the run's RunLock before calling this.
    void markRunning(int64_t id);
    // An end state also sets ended_at; 'running' clears it (a paused run goes on).
    void setRunStatus(int64_t id, RunStatus status, const std::string& errorMessage = {});
    void heartbeat(int64_t id, int64_t step); // updated_at = now, step = step
    // Sets best_val_loss/best_step. appendMetrics calls the same logic for every
    // "val_loss" point, keeping the lowest; this explicit call overwrites.
    void setBestValLoss(int64_t id, double loss, int64_t step);
    // Deletes the run and its metrics, samples, artifacts and tags; children keep a NULL
    // parent. Returns the absolute paths of its folder and artifacts for the caller to
    // delete. lw::Error when there is no such run.
    DeletedRun deleteRun(int64_t id);

    void addTag(int64_t runId, const std::string& tag); // adding twice is harmless
    void removeTag(int64_t runId, const std::string& tag);
    std::vector<std::string> tags(int64_t runId);
    std::vector<std::string> allTags(); // every tag in use, sorted

    // Marks as 'interrupted' the runs this host was running (status running or paused,
    // or created with a pid) whose run.lock is no longer held: their process died
    // without recording an end. ended_at becomes the last heartbeat. Runs of other
    // hosts are left alone (their locks cannot be seen from here). Returns the ids
    // marked. Call it when opening the store to list runs.
    std::vector<int64_t> reconcileInterruptedRuns();

    // --- metrics and samples
    // Appends (or replaces, for a step logged again) the points in one transaction: all
    // of them or none. Also moves the run's step forward to the highest step seen, sets
    // updated_at, and improves best_val_loss/best_step from "val_loss" points.
    void appendMetrics(int64_t runId, const std::vector<MetricPoint>& points);
    // Ordered by name, then step.
    std::vector<MetricPoint> metrics(int64_t runId, const MetricQuery& query = {});
    std::vector<std::string> metricNames(int64_t runId);   // sorted
    std::vector<MetricPoint> latestMetrics(int64_t runId); // the highest step of each name
    int64_t metricCount(int64_t runId);

    int64_t addSample(int64_t runId, int64_t step, const std::string& text, double time = 0);
    std::vector<Sample> samples(int64_t runId, std::optional<int64_t> afterStep = {});

    // --- artifacts
    int64_t addArtifact(const Artifact& artifact);
    std::vector<Artifact> artifacts(int64_t runId, const std::string& kind = {}); // by step
    std::optional<Artifact> artifact(int64_t id);
    // Removes the row and returns its absolute path (nullopt when there was none).
    std::optional<std::string> removeArtifact(int64_t id);
    // The checkpoint to resume from: the highest step among 'checkpoint', 'best' and
    // 'final' artifacts (the newest one when steps tie).
    std::optional<Artifact> latestCheckpoint(int64_t runId);

    // --- conversations (the Chat panel)
    // Writes the conversation with its messages, all or nothing: a new one (id 0) is
    // created, an existing one gets its fields and messages replaced. Returns its id.
    // lw::Error when the id names no conversation.
    int64_t saveConversation(const Conversation& conversation);
    std::optional<Conversation> conversation(int64_t id);
    std::vector<ConversationSummary> listConversations(); // most recently updated first
    void renameConversation(int64_t id, const std::string& title);
    void deleteConversation(int64_t id); // with its messages; lw::Error when there is none

    // --- evaluations
    // Adds the evaluation and its per-example results (JSON objects, in order) in one
    // transaction. Returns its id.
    int64_t addEvaluation(const EvaluationRecord& evaluation, const std::vector<Json>& examples = {});
    std::optional<EvaluationRecord> evaluation(int64_t id);
    // Newest first; a run's evaluations by step when query.runId is set.
    std::vector<EvaluationRecord> listEvaluations(const EvaluationQuery& query = {});
    std::vector<Json> evaluationExamples(int64_t id); // by position
    int64_t evaluationExampleCount(int64_t id);
    void deleteEvaluation(int64_t id); // with its examples; lw::Error when there is none

private:
    void requireRunChanged(int64_t id, const char* what);
    void updateBestValLoss(int64_t id, double loss, int64_t step, bool onlyIfBetter);

    std::string m_path;
    std::unique_ptr<Connection> m_connection;
};

} // namespace lw::store
