#include "app/cli/train_printer.h"

#include "app/cli/cli_context.h"

#include <cstdio>

namespace lw::cli {

std::optional<std::string> TrainPrinter::lineFor(const nlohmann::json& e)
{
    const std::string type = e.value("event", "");
    char buffer[512];
    if (type == "run_started") {
        std::snprintf(buffer, sizeof buffer, "run %lld '%s': %s parameters, folder %s",
                      static_cast<long long>(e["run_id"].get<int64_t>()), e["name"].get<std::string>().c_str(),
                      formatCount(e["parameters"].get<double>()).c_str(), e["run_dir"].get<std::string>().c_str());
        return std::string(buffer);
    }
    if (type == "step") {
        const double now = e["time"].get<double>();
        const bool last = e["step"] == e["max_steps"];
        if (now - m_lastStepLine < 1.0 && !last && e["step"].get<int64_t>() > 1)
            return std::nullopt;
        m_lastStepLine = now;
        std::snprintf(buffer, sizeof buffer, "step %lld/%lld  loss %.4f  lr %.2e  grad %.2f  %s tok/s  ETA %s",
                      static_cast<long long>(e["step"].get<int64_t>()),
                      static_cast<long long>(e["max_steps"].get<int64_t>()), e["loss"].get<double>(),
                      e["lr"].get<double>(), e["grad_norm"].get<double>(),
                      formatCount(e["tokens_per_s"].get<double>()).c_str(),
                      formatDuration(e["eta_s"].get<double>()).c_str());
        return std::string(buffer);
    }
    if (type == "eval") {
        std::snprintf(buffer, sizeof buffer, "  validation loss %.4f at step %lld%s", e["val_loss"].get<double>(),
                      static_cast<long long>(e["step"].get<int64_t>()), e["improved"].get<bool>() ? " (best so far)" : "");
        return std::string(buffer);
    }
    if (type == "sample")
        return "  sample at step " + std::to_string(e["step"].get<int64_t>()) + ": " + e["prompt"].get<std::string>() +
               e["text"].get<std::string>();
    if (type == "checkpoint" && e["kind"] == "periodic")
        return "  checkpoint " + e["path"].get<std::string>();
    if (type == "eval_result") {
        // The task's first figure: perplexity or acc (see core/eval/eval_tasks.h).
        const auto& summary = e["summary"];
        const char* key = summary.contains("perplexity") ? "perplexity" : "acc";
        std::snprintf(buffer, sizeof buffer, "  %s %.4f at step %lld (%s, evaluation %lld)", key,
                      summary.value(key, 0.0), static_cast<long long>(e["step"].get<int64_t>()),
                      e["spec"].get<std::string>().c_str(), static_cast<long long>(e["evaluation_id"].get<int64_t>()));
        return std::string(buffer);
    }
    if (type == "status" && e["status"] == "paused")
        return std::string("  paused");
    if (type == "log")
        return (e["level"] == "warning" ? "warning: " : "") + e["message"].get<std::string>();
    if (type == "finished") {
        std::string line = e["status"].get<std::string>() + ": " + e["message"].get<std::string>();
        if (e.contains("best_val_loss"))
            line += "; best validation loss " + std::to_string(e["best_val_loss"].get<double>());
        if (!e["last_checkpoint"].get<std::string>().empty())
            line += "\nlast checkpoint: " + e["last_checkpoint"].get<std::string>();
        return line;
    }
    return std::nullopt;
}

} // namespace lw::cli
