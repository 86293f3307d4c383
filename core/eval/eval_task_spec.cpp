#include "core/eval/eval_task_spec.h"

#include "core/util/error.h"

#include <filesystem>
#include <set>

namespace lw::eval {

namespace {

struct TaskSettings {
    const char* task;
    std::set<std::string> settings;
    std::vector<std::string> dataSettings; // exactly one of them must be given
};

const std::vector<TaskSettings>& knownTasks()
{
    static const std::vector<TaskSettings> tasks = {
        {"perplexity", {"dataset", "text-file", "context", "stride"}, {"dataset", "text-file"}},
        {"mc", {"data", "layout", "shots", "seed", "limit"}, {"data"}},
    };
    return tasks;
}

std::string trimmed(const std::string& s)
{
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

} // namespace

std::string EvalTaskSpec::option(const std::string& key, const std::string& fallback) const
{
    const auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
}

int64_t EvalTaskSpec::intOption(const std::string& key, int64_t fallback) const
{
    const auto it = options.find(key);
    if (it == options.end())
        return fallback;
    try {
        size_t used = 0;
        const long long value = std::stoll(it->second, &used);
        if (used == it->second.size())
            return value;
    } catch (const std::exception&) {
    }
    throw Error("eval task '" + text + "': " + key + " must be an integer, not '" + it->second + "'");
}

std::string EvalTaskSpec::metricPrefix() const
{
    std::string data = option("data", option("dataset", option("text-file")));
    data = std::filesystem::path(data).stem().string();
    return "eval/" + task + (data.empty() ? "" : "/" + data);
}

EvalTaskSpec parseEvalTaskSpec(const std::string& text)
{
    EvalTaskSpec spec;
    spec.text = text;
    const auto colon = text.find(':');
    spec.task = trimmed(text.substr(0, colon));
    const TaskSettings* known = nullptr;
    for (const auto& t : knownTasks())
        if (spec.task == t.task)
            known = &t;
    if (!known)
        throw Error("eval task '" + text + "': unknown task '" + spec.task + "' (known: perplexity, mc)");
    const std::string rest = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    size_t start = 0;
    while (start <= rest.size() && !rest.empty()) {
        const auto comma = rest.find(',', start);
        const std::string pair = trimmed(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        const auto equals = pair.find('=');
        if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size())
            throw Error("eval task '" + text + "': '" + pair + "' is not key=value");
        const std::string key = trimmed(pair.substr(0, equals));
        if (!known->settings.count(key)) {
            std::string list;
            for (const auto& s : known->settings)
                list += (list.empty() ? "" : ", ") + s;
            throw Error("eval task '" + text + "': " + spec.task + " has no setting '" + key + "' (it takes " + list + ")");
        }
        if (!spec.options.emplace(key, trimmed(pair.substr(equals + 1))).second)
            throw Error("eval task '" + text + "': " + key + " is given twice");
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    int dataGiven = 0;
    for (const auto& key : known->dataSettings)
        dataGiven += int(spec.options.count(key));
    if (dataGiven != 1) {
        std::string names;
        for (const auto& key : known->dataSettings)
            names += (names.empty() ? "" : " or ") + key;
        throw Error("eval task '" + text + "': give exactly one of " + names);
    }
    return spec;
}

std::string evalTaskSpecHelp()
{
    return "TASK:key=value,... where TASK is perplexity (dataset=D or text-file=F, context=N, stride=S) or mc "
           "(data=FILE|DATASET, layout=auto|mmlu|hellaswag|arc, shots=K, seed=S, limit=N)";
}

} // namespace lw::eval
