#pragma once
// A project is a folder:
//   <root>/workbench.db   the store (store.h)
//   <root>/datasets/      one folder per dataset (token files)
//   <root>/tokenizers/    one folder per tokenizer
//   <root>/runs/          one folder per run: runs/<id>-<slug>/ (config, checkpoints,
//                         run.lock, logs)
//   <root>/exports/       exported models
//   <root>/models/        imported and merged models: models/<slug>/ (a Hugging Face
//                         folder, or the .gguf file inside it)
// Paths inside the project are stored relative to <root>, so the folder can be moved.
#include "core/store/records.h"
#include "core/store/store.h"

#include <cstdint>
#include <string>

namespace lw::store {

class Project {
public:
    static constexpr const char* kStoreFileName = "workbench.db";

    // Creates the folder, its sub-folders and the store where missing; an existing
    // project keeps its name.
    static Project openOrCreate(const std::string& dir, const std::string& name);
    // Requires an existing project: lw::Error naming the folder otherwise.
    static Project open(const std::string& dir);

    const std::string& root() const { return m_root; } // absolute
    const std::string& name() const { return m_name; }

    std::string storePath() const;
    std::string datasetsDir() const;
    std::string tokenizersDir() const;
    std::string runsDir() const;
    std::string exportsDir() const;
    std::string modelsDir() const;

    // "runs/<id>-<slug>", relative to the root (the form stored in runs.run_dir).
    static std::string runDirName(int64_t runId, const std::string& runName);
    std::string runDir(int64_t runId, const std::string& runName) const; // absolute
    std::string datasetDir(const std::string& datasetName) const;        // absolute
    std::string tokenizerDir(const std::string& tokenizerName) const;    // absolute

    // A new connection to the project's store, for this thread.
    Store openStore() const;
    // The same, after marking runs whose process died as interrupted: what a list of
    // runs (GUI runs panel, `llmwb runs`) should show.
    Store openStoreForListing() const;

    // Creates the run row, names its folder runs/<id>-<slug>/ and creates that folder,
    // all or nothing. Returns the run id.
    int64_t createRun(Store& store, NewRun run) const;

    // Lower-case ASCII letters, digits and single dashes, at most 48 characters;
    // `fallback` when nothing is left. Non-ASCII names keep their meaning in the store,
    // not in folder names. Distinct names can share a slug ("My data", "my-data"): run
    // folders carry the id for that reason; dataset and tokenizer folders are named by
    // the caller, who checks that the folder is new.
    static std::string slug(const std::string& name, const std::string& fallback = "run");

private:
    Project(std::string root, std::string name);

    std::string m_root;
    std::string m_name;
};

} // namespace lw::store
