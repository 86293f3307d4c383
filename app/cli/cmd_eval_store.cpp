// llmwb eval list | show | delete: the project's stored evaluations.
#include "app/cli/cmd_eval.h"
#include "core/eval/evaluation_headline.h"
#include "core/store/store.h"
#include "core/util/error.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace lw::cli {

namespace {

struct ListCommand {
    std::string task;
    std::string model;
    int64_t run = 0;
    int64_t limit = -1;
    bool json = false;
};

struct ShowCommand {
    int64_t id = 0;
    bool json = false;
    std::string examplesFile;
};

nlohmann::json evaluationJson(const store::EvaluationRecord& e)
{
    nlohmann::json j = {{"id", e.id},
                        {"task", e.task},
                        {"model", e.model},
                        {"model_info", e.modelInfo},
                        {"dataset", e.dataset},
                        {"dataset_info", e.datasetInfo},
                        {"settings", e.settings},
                        {"summary", e.summary},
                        {"tool_version", e.toolVersion},
                        {"duration_s", e.durationSeconds},
                        {"created_at", e.createdAt}};
    j["run_id"] = e.runId ? nlohmann::json(*e.runId) : nlohmann::json(nullptr);
    j["step"] = e.step ? nlohmann::json(*e.step) : nlohmann::json(nullptr);
    return j;
}

std::string dateOf(double unixSeconds)
{
    std::time_t t = std::time_t(unixSeconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &tm);
    return buffer;
}

// The figure a listing shows first for each task: the same headline the panels show.
std::string headline(const store::EvaluationRecord& e)
{
    const eval::Headline h = eval::headlineOf(e);
    if (std::isnan(h.value))
        return "-";
    char text[64];
    std::snprintf(text, sizeof text, "%s %.4g", h.metric.c_str(), h.value);
    return text;
}

void runList(CliContext& ctx, const ListCommand& o)
{
    store::Store store = ctx.project().openStore();
    store::EvaluationQuery query;
    query.task = o.task;
    query.model = o.model;
    if (o.run > 0)
        query.runId = o.run;
    query.limit = o.limit;
    const auto list = store.listEvaluations(query);
    if (o.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : list)
            out.push_back(evaluationJson(e));
        std::printf("%s\n", out.dump().c_str());
        return;
    }
    if (list.empty()) {
        ctx.say("no evaluations");
        return;
    }
    for (const auto& e : list) {
        char line[512];
        std::snprintf(line, sizeof line, "%5lld  %-16s  %-10s  %-24s  %-20s  %s", static_cast<long long>(e.id),
                      dateOf(e.createdAt).c_str(), e.task.c_str(), e.model.c_str(), e.dataset.c_str(),
                      headline(e).c_str());
        ctx.say(line);
    }
}

void runShow(CliContext& ctx, const ShowCommand& o)
{
    store::Store store = ctx.project().openStore();
    const auto e = store.evaluation(o.id);
    if (!e)
        throw Error("--id: there is no evaluation " + std::to_string(o.id) + " in " + store.path());
    if (!o.examplesFile.empty()) {
        std::ofstream out(o.examplesFile);
        if (!out)
            throw Error(o.examplesFile + ": cannot be written");
        for (const auto& example : store.evaluationExamples(o.id))
            out << example.dump() << '\n';
        if (!out.flush())
            throw Error(o.examplesFile + ": writing failed");
    }
    nlohmann::json j = evaluationJson(*e);
    j["examples"] = store.evaluationExampleCount(o.id);
    if (o.json) {
        std::printf("%s\n", j.dump().c_str());
        return;
    }
    std::printf("%s\n", j.dump(2).c_str());
}

} // namespace

void registerEvalStoreCommands(CLI::App& eval, CliContext& context)
{
    auto list = std::make_shared<ListCommand>();
    auto* listCmd = eval.add_subcommand("list", "List the project's stored evaluations, newest first "
                                                "(a run's by step with --run)");
    listCmd->add_option("--task", list->task, "Only this task (perplexity, mc, generate, judge)");
    listCmd->add_option("--model", list->model, "Only evaluations of this model (as --model named it)");
    listCmd->add_option("--run", list->run, "Only evaluations of this run's checkpoints");
    listCmd->add_option("--limit", list->limit, "At most this many");
    listCmd->add_flag("--json", list->json, "Print a JSON array");
    addCommonOptions(listCmd, context, false);
    listCmd->callback([&context, list] { runList(context, *list); });

    auto show = std::make_shared<ShowCommand>();
    auto* showCmd = eval.add_subcommand("show", "Show one stored evaluation (settings, summary, tool version)");
    showCmd->add_option("id", show->id, "The evaluation's id")->required();
    showCmd->add_flag("--json", show->json, "Print one JSON object");
    showCmd->add_option("--examples", show->examplesFile, "Write its per-example results to this file (JSON lines)");
    addCommonOptions(showCmd, context, false);
    showCmd->callback([&context, show] { runShow(context, *show); });

    auto deleteId = std::make_shared<int64_t>(0);
    auto* deleteCmd = eval.add_subcommand("delete", "Delete a stored evaluation and its per-example results");
    deleteCmd->add_option("id", *deleteId, "The evaluation's id")->required();
    addCommonOptions(deleteCmd, context, false);
    deleteCmd->callback([&context, deleteId] {
        store::Store store = context.project().openStore();
        store.deleteEvaluation(*deleteId);
        context.say("deleted evaluation " + std::to_string(*deleteId));
    });
}

} // namespace lw::cli
