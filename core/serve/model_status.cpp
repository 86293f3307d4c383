#include "core/serve/model_status.h"

#include <algorithm>
#include <cmath>

namespace lw::serve {

using Json = nlohmann::json;

Json ModelProgress::toJson() const
{
    return {{"stage", stage},
            {"message", message},
            {"run_id", runId > 0 ? Json(runId) : Json()},
            {"step", step},
            {"max_steps", maxSteps},
            {"eta_s", etaSeconds >= 0 ? Json(std::round(etaSeconds * 10) / 10) : Json()}};
}

const char* ModelStatus::stateName(State state)
{
    switch (state) {
    case State::Loading:
        return "loading";
    case State::Ready:
        return "ready";
    case State::Failed:
        return "failed";
    }
    return "loading";
}

Json ModelStatus::toJson() const
{
    Json entry = {{"id", id}, {"object", "model"}, {"created", created}, {"owned_by", "llm-workbench"},
                  {"status", stateName(state)}};
    if (state == State::Loading)
        entry["progress"] = progress.toJson();
    else if (state == State::Failed)
        entry["error"] = failure;
    return entry;
}

Json ModelStatus::entryJson(const std::string& name) const
{
    if (name == id)
        return toJson();
    for (const Adapter& a : adapters)
        if (a.id == name)
            return {{"id", a.id},         {"object", "model"},          {"created", a.created},
                    {"owned_by", "llm-workbench"}, {"status", stateName(state)}, {"parent", id}};
    return nullptr;
}

Json ModelStatus::entriesJson() const
{
    Json entries = Json::array({toJson()});
    for (const Adapter& a : adapters)
        entries.push_back(entryJson(a.id));
    if (adapterIsTheModel && entries.size() == 2)
        std::swap(entries[0], entries[1]);
    return entries;
}

ApiError ModelStatus::unknownModelError(const std::string& name) const
{
    std::string known;
    for (const auto& e : entriesJson())
        known += (known.empty() ? "'" : ", '") + e["id"].get<std::string>() + "'";
    return ApiError(404, "no model '" + name + "' here; this server has " + known, "invalid_request_error", "model",
                    "model_not_found");
}

ApiError ModelStatus::notReadyError() const
{
    if (state == State::Failed)
        return ApiError(503, "the model '" + id + "' cannot be served: " + failure, "server_error", {},
                        "model_failed");
    // Come back when the training should be over, but at least every minute: the
    // estimate moves, and a client may want to show the progress.
    const int retry = progress.etaSeconds >= 0 ? int(std::clamp(std::ceil(progress.etaSeconds) + 1, 1.0, 60.0)) : 5;
    std::string message = "the model '" + id + "' is not ready yet";
    if (!progress.message.empty())
        message += " (" + progress.message + ")";
    message += "; try again in " + std::to_string(retry) + " s";
    return ApiError(503, message, "server_error", {}, "model_loading")
        .retryAfter(retry)
        .detail("progress", progress.toJson());
}

} // namespace lw::serve
