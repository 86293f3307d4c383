#include "app/cli/cli_context.h"

#include "core/store/store.h"
#include "core/util/error.h"
#include "core/util/paths.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace lw::cli {

namespace fs = std::filesystem;

void CliContext::emit(const nlohmann::json& event)
{
    std::lock_guard<std::mutex> guard(m_outputLock);
    std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

void CliContext::say(const std::string& line)
{
    std::lock_guard<std::mutex> guard(m_outputLock);
    FILE* out = events ? stderr : stdout;
    std::fprintf(out, "%s\n", line.c_str());
    std::fflush(out);
}

store::Project CliContext::project() const
{
    const std::string dir = projectDir.empty() ? util::defaultProjectDir() : projectDir;
    std::string name = fs::path(dir).filename().string();
    if (name.empty())
        name = fs::path(dir).parent_path().filename().string();
    return store::Project::openOrCreate(dir, name.empty() ? "project" : name);
}

void addCommonOptions(CLI::App* command, CliContext& context, bool withEvents)
{
    command->add_option("--project", context.projectDir,
                        "Project folder (created if missing; default: " + util::defaultProjectDir() + ")");
    if (withEvents)
        command->add_flag("--events", context.events,
                          "Write progress as JSON lines on stdout and read pause/resume/cancel commands on stdin "
                          "(see docs/events.md)");
}

std::string formatDuration(double seconds)
{
    if (!(seconds >= 0) || seconds > 1e9)
        return "?";
    long s = long(seconds + 0.5);
    char buffer[64];
    if (s >= 3600)
        std::snprintf(buffer, sizeof buffer, "%ldh %02ldm %02lds", s / 3600, (s / 60) % 60, s % 60);
    else if (s >= 60)
        std::snprintf(buffer, sizeof buffer, "%ldm %02lds", s / 60, s % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%lds", s);
    return buffer;
}

std::string formatCount(double value)
{
    char buffer[32];
    if (value >= 1e9)
        std::snprintf(buffer, sizeof buffer, "%.2fG", value / 1e9);
    else if (value >= 1e6)
        std::snprintf(buffer, sizeof buffer, "%.2fM", value / 1e6);
    else if (value >= 1e4)
        std::snprintf(buffer, sizeof buffer, "%.1fk", value / 1e3);
    else
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
}

std::string resolveTokenizerPath(const store::Project& project, const std::string& nameOrPath)
{
    if (fs::exists(nameOrPath))
        return nameOrPath;
    store::Store store = project.openStore();
    if (auto record = store.tokenizerByName(nameOrPath))
        return store.absolutePath(record->path);
    throw Error("--tokenizer: '" + nameOrPath + "' is neither a file or folder nor a tokenizer of project " +
                project.root());
}

std::string resolveDatasetDir(const store::Project& project, const std::string& nameOrDir,
                              std::optional<int64_t>* datasetId)
{
    store::Store store = project.openStore();
    if (auto record = store.datasetByName(nameOrDir)) {
        if (datasetId)
            *datasetId = record->id;
        return store.absolutePath(record->path);
    }
    if (fs::is_directory(nameOrDir))
        return fs::absolute(nameOrDir).string();
    throw Error("--dataset: '" + nameOrDir + "' is neither a prepared dataset folder nor a dataset of project " +
                project.root() + " (prepare one with `llmwb data prepare`)");
}

} // namespace lw::cli
