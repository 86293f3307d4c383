#include "app/cli/config_flags.h"

#include "core/util/error.h"

#include <algorithm>

namespace lw::cli {

namespace {

std::string kebab(std::string key)
{
    std::replace(key.begin(), key.end(), '_', '-');
    return "--" + key;
}

nlohmann::json convert(const std::string& raw, const nlohmann::json& like, const std::string& flag)
{
    auto bad = [&](const char* expected) {
        return Error::inField(flag, std::string("expected ") + expected + ", got '" + raw + "'");
    };
    if (like.is_boolean()) {
        std::string v = raw;
        std::transform(v.begin(), v.end(), v.begin(), ::tolower);
        if (v == "true" || v == "1" || v == "yes" || v == "on")
            return true;
        if (v == "false" || v == "0" || v == "no" || v == "off")
            return false;
        throw bad("true or false");
    }
    if (like.is_array()) {
        nlohmann::json items = nlohmann::json::array();
        size_t start = 0;
        while (start <= raw.size()) {
            const size_t comma = std::min(raw.find(',', start), raw.size());
            std::string item = raw.substr(start, comma - start);
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty())
                items.push_back(item);
            start = comma + 1;
        }
        if (items.empty())
            throw bad("a comma-separated list");
        return items;
    }
    if (like.is_number_integer()) {
        size_t used = 0;
        long long value = 0;
        try {
            value = std::stoll(raw, &used);
        } catch (const std::exception&) {
            throw bad("an integer");
        }
        if (used != raw.size())
            throw bad("an integer");
        if (like.is_number_unsigned() && value < 0)
            throw bad("a non-negative integer");
        return like.is_number_unsigned() ? nlohmann::json(uint64_t(value)) : nlohmann::json(int64_t(value));
    }
    if (like.is_number()) {
        size_t used = 0;
        double value = 0;
        try {
            value = std::stod(raw, &used);
        } catch (const std::exception&) {
            throw bad("a number");
        }
        if (used != raw.size())
            throw bad("a number");
        return value;
    }
    return raw;
}

// What --help shows after the flag: the kind of value the field takes.
std::string typeName(const nlohmann::json& like)
{
    if (like.is_boolean())
        return "BOOL";
    if (like.is_number_unsigned())
        return "UINT";
    if (like.is_number_integer())
        return "INT";
    if (like.is_number())
        return "FLOAT";
    if (like.is_array())
        return "LIST";
    return "TEXT";
}

std::string defaultText(const nlohmann::json& v)
{
    if (v.is_string())
        return v.get<std::string>().empty() ? "empty" : v.get<std::string>();
    if (v.is_array()) {
        std::string list;
        for (const auto& item : v)
            list += (list.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
        return list.empty() ? "empty" : list;
    }
    return v.dump();
}

} // namespace

void ConfigFlags::add(CLI::App* command, const std::vector<std::pair<std::string, std::string>>& fields,
                      const nlohmann::json& defaults, const std::string& group, bool boolFlags)
{
    for (const auto& [key, help] : fields) {
        auto flag = std::make_unique<Flag>();
        flag->key = key;
        flag->flag = kebab(key);
        flag->defaultValue = defaults.at(key);
        // A field whose help names its own default ("the dataset's tokenizer") keeps it.
        const bool saysDefault = help.find("(default:") != std::string::npos;
        const std::string text = saysDefault ? help : help + " (default: " + defaultText(flag->defaultValue) + ")";
        if (boolFlags && flag->defaultValue.is_boolean()) {
            flag->option = command->add_flag(flag->flag + "{true}", flag->raw, text);
        } else {
            flag->option = command->add_option(flag->flag, flag->raw, text);
            flag->option->type_name(typeName(flag->defaultValue));
        }
        flag->option->group(group);
        m_flags.push_back(std::move(flag));
    }
}

std::vector<std::string> ConfigFlags::given() const
{
    std::vector<std::string> keys;
    for (const auto& f : m_flags)
        if (f->option->count() > 0)
            keys.push_back(f->key);
    return keys;
}

void ConfigFlags::applyTo(nlohmann::json& config) const
{
    for (const auto& f : m_flags)
        if (f->option->count() > 0)
            config[f->key] = convert(f->raw, f->defaultValue, f->flag);
}

} // namespace lw::cli
