#pragma once
// Where the served model stands, for GET /v1/models and for the 503 answers a server
// gives before it can generate: `llmwb serve --model demo` listens at once and trains
// (or waits for) the demo model meanwhile.
//
//   loading: {"id": "demo", "object": "model", ..., "status": "loading",
//             "progress": {"stage": "training", "message": "...", "run_id": 3, "step": 120,
//                          "max_steps": 600, "eta_s": 41.5}}
//   ready:   {"id": "demo", ..., "status": "ready"}
//   failed:  {"id": "demo", ..., "status": "failed", "error": "..."}
#include "core/serve/api_error.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::serve {

struct ModelProgress {
    // preparing (the demo project: stories, tokenizer, dataset), training, waiting (for
    // another process that trains it), loading (the checkpoint into memory)
    std::string stage = "preparing";
    std::string message;   // one line for people
    int64_t runId = 0;     // 0: no run yet
    int64_t step = 0, maxSteps = 0;
    double etaSeconds = -1; // < 0: not known yet

    nlohmann::json toJson() const; // run_id and eta_s are null while unknown
};

struct ModelStatus {
    enum class State { Loading, Ready, Failed };
    State state = State::Loading;
    std::string id;
    int64_t created = 0;
    ModelProgress progress; // Loading
    std::string failure;    // Failed: what happened and what to do
    struct Adapter {
        std::string id;
        int64_t created = 0;
    };
    std::vector<Adapter> adapters; // Ready: served on this model, listed after it
    // The one adapter is the server's model (ServedModel::adapterIsTheModel): listed first.
    bool adapterIsTheModel = false;

    static const char* stateName(State state); // "loading", "ready", "failed"
    // One entry of GET /v1/models.
    nlohmann::json toJson() const;
    // The entry of `id` (the model's or an adapter's, whose "parent" is the model);
    // null when it is not served here.
    nlohmann::json entryJson(const std::string& id) const;
    // Every entry: the model's, then its adapters' (the adapter's, then the model's,
    // where the adapter is the server's model).
    nlohmann::json entriesJson() const;
    // 404 for a model not served here, naming those that are.
    ApiError unknownModelError(const std::string& name) const;
    // Why a completion cannot be answered now: 503 with Retry-After and the progress
    // while loading; 503 with what failed (and how to go on) after a failure.
    ApiError notReadyError() const;
};

} // namespace lw::serve
