// llmwb data import | list | show | delete
#include "app/cli/cmd_data_records.h"

#include "app/cli/control_channel.h"
#include "core/records/byte_source.h"
#include "core/records/dataset_catalog.h"
#include "core/records/importer.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace lw::cli {

using Json = nlohmann::json;

namespace {

struct ImportCommand {
    std::vector<std::string> inputs;
    std::string format = "auto";
    std::string name;
    std::vector<std::string> maps;
    std::string textUnit = "paragraph";
    bool skipBadRows = false;
    bool json = false;
    int preview = 0;
};

records::ImportOptions importOptions(const ImportCommand& o)
{
    records::ImportOptions options;
    options.inputs = o.inputs;
    options.skipBadRows = o.skipBadRows;
    if (auto layout = records::layoutFromName(o.format)) {
        options.layout = layout;
    } else if (auto format = records::fileFormatFromName(o.format)) {
        options.read.format = *format;
    } else {
        throw Error::inField("--format", "unknown format '" + o.format +
                                             "' (auto, text, alpaca, sharegpt, messages, preference, mc, csv, tsv, "
                                             "json, jsonl, parquet)");
    }
    // A layout named "text" also means: read plain text files as such.
    auto unit = records::textUnitFromName(o.textUnit);
    if (!unit)
        throw Error::inField("--text-unit", "must be paragraph, line or file, not '" + o.textUnit + "'");
    options.read.textUnit = *unit;
    for (const auto& m : o.maps) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            throw Error::inField("--map", "'" + m + "' is not FIELD=COLUMN (e.g. --map text=body)");
        options.read.columnMap[m.substr(0, eq)] = m.substr(eq + 1);
    }
    return options;
}

Json rejectedJson(const records::RejectedRow& r)
{
    return {{"file", r.file}, {"line", r.line}, {"field", r.field}, {"reason", r.reason}};
}

void printPreview(CliContext& ctx, const ImportCommand& o)
{
    const auto previews = records::previewImport(importOptions(o), static_cast<size_t>(o.preview));
    Json out = Json::array();
    for (const auto& p : previews) {
        Json rows = Json::array();
        for (const auto& r : p.records)
            rows.push_back(records::recordToJson(r));
        Json problems = Json::array();
        for (const auto& r : p.problems)
            problems.push_back(rejectedJson(r));
        out.push_back({{"file", p.path}, {"format", p.format}, {"layout", p.layout}, {"records", rows},
                       {"problems", problems}, {"error", p.error}});
        if (!o.json) {
            ctx.say(p.path + " (" + p.format + ", layout " + (p.layout.empty() ? "unknown" : p.layout) + ")");
            for (const auto& r : p.records)
                ctx.say("  " + records::recordToJson(r).dump());
            for (const auto& r : p.problems)
                ctx.say("  rejected: " + r.message());
            if (!p.error.empty())
                ctx.say("  error: " + p.error);
        }
    }
    if (o.json)
        std::cout << Json{{"preview", out}}.dump() << std::endl;
}

void runImport(CliContext& ctx, const ImportCommand& o)
{
    if (o.preview > 0)
        return printPreview(ctx, o);
    auto project = ctx.project();
    store::Store store = project.openStore();
    const std::string name = o.name.empty() ? std::filesystem::path(records::withoutCompressionSuffix(o.inputs.front()))
                                                  .stem()
                                                  .string()
                                            : o.name;
    records::checkNameFree(store, name);
    records::ImportOptions options = importOptions(o);
    options.name = name;
    options.outputDir = records::newVersionDir(project, name);

    CancelOnSignal cancel;
    ProgressLine progress("importing");
    records::ImportResult result;
    cancel.run(ctx, [&] { result = records::importDataset(options, [&](const records::ImportProgress& p) {
        const double fraction = p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : 0.0;
        progress.update(fraction, formatCount(double(p.rows)) + " rows, " + formatCount(double(p.rejected)) + " rejected");
        if (ctx.events) {
            auto e = train::makeEvent("progress");
            e["stage"] = "importing";
            e["fraction"] = fraction;
            e["rows"] = p.rows;
            e["rejected"] = p.rejected;
            e["message"] = p.currentFile;
            ctx.emit(e);
        }
        return !cancel.requested();
    }); });
    progress.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    const auto& v = result.version;
    const int64_t id = records::registerVersion(store, v);
    for (const auto& r : result.rejectedSample)
        std::cerr << "rejected: " << r.message() << "\n";
    Json summary = {{"dataset", v.name}, {"id", id},      {"layout", v.layout}, {"kind", v.kind},
                    {"rows", v.rows},    {"rejected", v.rejected},
                    {"report", v.rejected > 0 ? v.rejectedPath() : ""}, {"dir", v.dir}};
    Json sources = Json::array();
    for (const auto& s : v.sources)
        sources.push_back({{"file", s.path}, {"format", s.format}, {"layout", s.layout}, {"rows", s.rows},
                           {"rejected", s.rejected}, {"sha256", s.sha256}});
    summary["sources"] = sources;
    if (o.json) {
        std::cout << summary.dump() << std::endl;
    } else if (ctx.events) {
        auto e = train::makeEvent("result");
        e.update(summary);
        ctx.emit(e);
    } else {
        ctx.say("dataset '" + v.name + "': " + std::to_string(v.rows) + " " + v.kind + " records (layout " + v.layout +
                ")" + (v.rejected > 0 ? ", " + std::to_string(v.rejected) + " rows rejected (listed in " +
                                            v.rejectedPath() + ")"
                                      : "") +
                ", in " + v.dir);
    }
}

void runList(CliContext& ctx, bool json)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    Json list = Json::array();
    for (const auto& d : records::listVersions(store)) {
        Json entry = {{"id", d.id}, {"name", d.name}, {"created_at", d.createdAt}};
        for (const char* key : {"record_kind", "layout", "rows", "rejected", "parent"})
            entry[key] = d.meta.value(key, Json());
        list.push_back(entry);
        if (!json) {
            const Json parent = d.meta.value("parent", Json());
            ctx.say(std::to_string(d.id) + "  " + d.name + "  " + d.meta.value("record_kind", "") + "  " +
                    std::to_string(d.meta.value("rows", int64_t(0))) + " rows" +
                    (parent.is_string() ? "  (from " + parent.get<std::string>() + ")" : ""));
        }
    }
    if (json)
        std::cout << Json{{"datasets", list}}.dump() << std::endl;
}

void runShow(CliContext& ctx, const std::string& name, bool json)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    auto entry = records::openVersion(store, name);
    Json out = entry.version.toJson();
    out["id"] = entry.record.id;
    out["dir"] = entry.version.dir;
    out["children"] = records::childrenOf(store, name);
    if (json) {
        std::cout << out.dump() << std::endl;
        return;
    }
    std::cout << out.dump(2) << std::endl;
}

} // namespace

void registerDataRecordCommands(CLI::App& group, CliContext& context)
{
    auto o = std::make_shared<ImportCommand>();
    auto* import = group.add_subcommand(
        "import", "Import rows from text, JSON, JSON Lines (.zst/.gz), CSV/TSV or Parquet files as a dataset of records");
    import->add_option("--input", o->inputs, "Files or folders")->required();
    import->add_option("--format", o->format,
                       "auto, a layout (text, alpaca, sharegpt, messages, preference, mc) or a file format "
                       "(csv, tsv, json, jsonl, parquet)")
        ->capture_default_str();
    import->add_option("--name", o->name, "Dataset name in the project (default: the first file's name)");
    import->add_option("--map", o->maps, "FIELD=COLUMN: read a layout field from another column (repeatable)");
    import->add_option("--text-unit", o->textUnit, "Plain text: one record per paragraph, line or file")
        ->capture_default_str();
    import->add_flag("--skip-bad-rows", o->skipBadRows,
                     "Import the good rows and list the others (file, line, field, reason) in rejected.jsonl");
    import->add_option("--preview", o->preview, "Show the first N rows of each file as records; import nothing");
    import->add_flag("--json", o->json, "Print one JSON object with the result as the last line");
    addCommonOptions(import, context, true);
    import->callback([&context, o] { runImport(context, *o); });

    auto listJson = std::make_shared<bool>(false);
    auto* list = group.add_subcommand("list", "List the datasets of records of the project");
    list->add_flag("--json", *listJson, "One JSON object");
    addCommonOptions(list, context, false);
    list->callback([&context, listJson] { runList(context, *listJson); });

    auto showName = std::make_shared<std::string>();
    auto showJson = std::make_shared<bool>(false);
    auto* show = group.add_subcommand("show", "Show a dataset version: sources, parent, recipe, step counts, splits");
    show->add_option("name", *showName, "Dataset name")->required();
    show->add_flag("--json", *showJson, "One JSON line");
    addCommonOptions(show, context, false);
    show->callback([&context, showName, showJson] { runShow(context, *showName, *showJson); });

    auto deleteName = std::make_shared<std::string>();
    auto* remove = group.add_subcommand("delete", "Delete a dataset version and its folder");
    remove->add_option("name", *deleteName, "Dataset name")->required();
    addCommonOptions(remove, context, false);
    remove->callback([&context, deleteName] {
        auto project = context.project();
        store::Store store = project.openStore();
        records::deleteVersion(store, *deleteName);
        context.say("deleted dataset '" + *deleteName + "'");
    });
}

} // namespace lw::cli
