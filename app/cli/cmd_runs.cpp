// llmwb runs list | show | export
#include "app/cli/cli_context.h"
#include "core/records/dataset_lineage.h"
#include "core/store/store.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cstdio>
#include <ctime>
#include <sstream>

namespace lw::cli {

namespace {

struct ListCommand {
    std::vector<std::string> statuses;
    std::string tag;
    std::string nameContains;
    std::string sort = "created";
    int64_t limit = -1;
    bool json = false;
};

struct ShowCommand {
    int64_t run = 0;
    bool json = false;
};

struct ExportCommand {
    int64_t run = 0;
    std::string format = "csv";
    std::string metric;
    std::string output;
};

std::string localTime(double unixSeconds)
{
    if (unixSeconds <= 0)
        return "-";
    std::time_t t = std::time_t(unixSeconds);
    std::tm tm {};
    localtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &tm);
    return buffer;
}

nlohmann::json runJson(const store::RunRecord& r)
{
    nlohmann::json j = {{"id", r.id},
                        {"name", r.name},
                        {"kind", r.kind},
                        {"status", std::string(store::runStatusToString(r.status))},
                        {"step", r.step},
                        {"max_steps", r.maxSteps},
                        {"created_at", r.createdAt},
                        {"updated_at", r.updatedAt},
                        {"run_dir", r.runDir},
                        {"host", r.host},
                        {"tags", r.tags},
                        {"notes", r.notes},
                        {"error_message", r.errorMessage},
                        {"config", r.config}};
    j["best_val_loss"] = r.bestValLoss ? nlohmann::json(*r.bestValLoss) : nlohmann::json(nullptr);
    j["best_step"] = r.bestStep ? nlohmann::json(*r.bestStep) : nlohmann::json(nullptr);
    j["started_at"] = r.startedAt ? nlohmann::json(*r.startedAt) : nlohmann::json(nullptr);
    j["ended_at"] = r.endedAt ? nlohmann::json(*r.endedAt) : nlohmann::json(nullptr);
    return j;
}

void runList(CliContext& ctx, const ListCommand& o)
{
    store::Store store = ctx.project().openStoreForListing();
    store::RunQuery query;
    for (const auto& s : o.statuses)
        query.statuses.push_back(store::parseRunStatus(s));
    if (!o.tag.empty())
        query.tag = o.tag;
    query.nameContains = o.nameContains;
    query.sortBy = o.sort == "best" ? store::RunSort::BestValLoss : store::RunSort::CreatedAt;
    query.descending = o.sort != "best";
    query.limit = o.limit;
    auto runs = store.listRuns(query);
    if (o.json) {
        nlohmann::json all = nlohmann::json::array();
        for (const auto& r : runs)
            all.push_back(runJson(r));
        std::printf("%s\n", all.dump(2).c_str());
        return;
    }
    if (runs.empty()) {
        std::printf("no runs in %s\n", store.projectDir().c_str());
        return;
    }
    std::printf("%5s  %-24s %-10s %-12s %13s %9s  %-16s  %s\n", "id", "name", "kind", "status", "steps", "best val",
                "created", "tags");
    for (const auto& r : runs) {
        std::string tags;
        for (const auto& t : r.tags)
            tags += (tags.empty() ? "" : ",") + t;
        char best[32] = "-";
        if (r.bestValLoss)
            std::snprintf(best, sizeof best, "%.4f", *r.bestValLoss);
        std::string steps = std::to_string(r.step) + "/" + std::to_string(r.maxSteps);
        std::printf("%5lld  %-24s %-10s %-12s %13s %9s  %-16s  %s\n", static_cast<long long>(r.id),
                    r.name.substr(0, 24).c_str(), r.kind.substr(0, 10).c_str(),
                    std::string(store::runStatusToString(r.status)).c_str(), steps.c_str(), best,
                    localTime(r.createdAt).c_str(), tags.c_str());
    }
}

void runShow(CliContext& ctx, const ShowCommand& o)
{
    store::Store store = ctx.project().openStoreForListing();
    store::RunRecord r = store.run(o.run);
    nlohmann::json j = runJson(r);
    nlohmann::json latest = nlohmann::json::object();
    for (const auto& m : store.latestMetrics(o.run))
        latest[m.name] = {{"step", m.step}, {"value", m.value}};
    j["latest_metrics"] = latest;
    nlohmann::json artifacts = nlohmann::json::array();
    for (const auto& a : store.artifacts(o.run))
        artifacts.push_back({{"kind", a.kind},
                             {"path", store.absolutePath(a.path)},
                             {"step", a.step ? nlohmann::json(*a.step) : nlohmann::json(nullptr)},
                             {"bytes", a.sizeBytes},
                             {"sha256", a.sha256}});
    j["artifacts"] = artifacts;
    // The dataset it trained on, then what that was made from, back to the import.
    const auto lineage = r.datasetId ? records::datasetLineage(store, *r.datasetId) : std::vector<records::LineageEntry>{};
    j["dataset"] = lineage.empty() ? nlohmann::json(nullptr) : nlohmann::json(lineage.front().name);
    j["dataset_lineage"] = records::lineageJson(lineage);
    if (o.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("run %lld '%s' (%s)\n", static_cast<long long>(r.id), r.name.c_str(),
                std::string(store::runStatusToString(r.status)).c_str());
    std::printf("  steps       %lld/%lld\n", static_cast<long long>(r.step), static_cast<long long>(r.maxSteps));
    if (r.bestValLoss)
        std::printf("  best val    %.4f at step %lld\n", *r.bestValLoss, static_cast<long long>(r.bestStep.value_or(0)));
    std::printf("  created     %s on %s\n", localTime(r.createdAt).c_str(), r.host.empty() ? "-" : r.host.c_str());
    std::printf("  folder      %s\n", store.absolutePath(r.runDir).c_str());
    for (size_t i = 0; i < lineage.size(); ++i)
        std::printf("  %-11s %s (%s%s%s)\n", i == 0 ? "dataset" : "  from", lineage[i].name.c_str(),
                    lineage[i].missing ? "deleted" : lineage[i].kind.c_str(), lineage[i].recordsSha256.empty() ? "" : ", sha256 ",
                    lineage[i].recordsSha256.substr(0, 12).c_str());
    if (!r.errorMessage.empty())
        std::printf("  message     %s\n", r.errorMessage.c_str());
    if (!r.notes.empty())
        std::printf("  notes       %s\n", r.notes.c_str());
    for (auto it = latest.begin(); it != latest.end(); ++it)
        std::printf("  %-11s %g (step %lld)\n", it.key().c_str(), it.value()["value"].get<double>(),
                    static_cast<long long>(it.value()["step"].get<int64_t>()));
    for (const auto& a : artifacts)
        std::printf("  %-11s %s (%s)\n", a["kind"].get<std::string>().c_str(), a["path"].get<std::string>().c_str(),
                    formatCount(a["bytes"].get<double>()).append("B").c_str());
    std::printf("  config      %s\n", r.config.dump().c_str());
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void runExport(CliContext& ctx, const ExportCommand& o)
{
    store::Store store = ctx.project().openStore();
    store::RunRecord r = store.run(o.run);
    store::MetricQuery query;
    if (!o.metric.empty())
        query.name = o.metric;
    auto points = store.metrics(o.run, query);
    std::ostringstream out;
    out.precision(17);
    if (o.format == "csv") {
        out << "run_id,run_name,step,name,value,time\n";
        for (const auto& p : points)
            out << r.id << ',' << csvField(r.name) << ',' << p.step << ',' << csvField(p.name) << ',' << p.value << ','
                << p.time << '\n';
    } else {
        nlohmann::json j = runJson(r);
        nlohmann::json metrics = nlohmann::json::object();
        for (const auto& p : points) {
            auto& series = metrics[p.name];
            series["step"].push_back(p.step);
            series["value"].push_back(p.value);
            series["time"].push_back(p.time);
        }
        j["metrics"] = metrics;
        out << j.dump(2) << '\n';
    }
    if (o.output.empty() || o.output == "-")
        std::fwrite(out.str().data(), 1, out.str().size(), stdout);
    else {
        util::writeFileAtomic(o.output, out.str());
        std::fprintf(stderr, "wrote %zu points to %s\n", points.size(), o.output.c_str());
    }
}

} // namespace

void registerRunsCommands(CLI::App& app, CliContext& context)
{
    auto* group = app.add_subcommand("runs", "List, inspect and export the runs of a project");
    group->require_subcommand(1);

    auto l = std::make_shared<ListCommand>();
    auto* list = group->add_subcommand("list", "List runs (newest first)");
    list->add_option("--status", l->statuses, "Only runs with this status (repeatable)");
    list->add_option("--tag", l->tag, "Only runs with this tag");
    list->add_option("--name-contains", l->nameContains, "Only runs whose name contains this text");
    list->add_option("--sort", l->sort, "created or best (lowest validation loss first)")
        ->check(CLI::IsMember({"created", "best"}))
        ->capture_default_str();
    list->add_option("--limit", l->limit, "At most this many runs");
    list->add_flag("--json", l->json, "Print JSON");
    addCommonOptions(list, context, false);
    list->callback([&context, l] { runList(context, *l); });

    auto s = std::make_shared<ShowCommand>();
    auto* show = group->add_subcommand("show", "Show one run: status, metrics, checkpoints, configuration");
    show->add_option("run", s->run, "Run id")->required();
    show->add_flag("--json", s->json, "Print JSON");
    addCommonOptions(show, context, false);
    show->callback([&context, s] { runShow(context, *s); });

    auto e = std::make_shared<ExportCommand>();
    auto* exp = group->add_subcommand("export", "Export a run's metrics as CSV or JSON");
    exp->add_option("run", e->run, "Run id")->required();
    exp->add_option("--format", e->format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
    exp->add_option("--metric", e->metric, "Only this metric (loss, val_loss, lr, grad_norm, tokens_per_s)");
    exp->add_option("--output", e->output, "Output file (default: standard output)");
    addCommonOptions(exp, context, false);
    exp->callback([&context, e] { runExport(context, *e); });
}

} // namespace lw::cli
