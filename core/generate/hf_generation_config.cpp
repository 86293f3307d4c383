#include "core/generate/hf_generation_config.h"

#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>
#include <limits>
#include <optional>

namespace lw::generate {

namespace {

namespace fs = std::filesystem;
using util::Json;

const Json* present(const Json& config, const char* key)
{
    const auto it = config.find(key);
    return it == config.end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> number(const Json& config, const char* key, const std::string& path)
{
    const Json* value = present(config, key);
    if (!value)
        return std::nullopt;
    if (!value->is_number())
        throw Error::inFile(path, std::string("field \"") + key + "\": expected a number, got " + value->dump());
    return value->get<double>();
}

std::optional<int64_t> integer(const Json& config, const char* key, const std::string& path)
{
    const Json* value = present(config, key);
    if (!value)
        return std::nullopt;
    if (!value->is_number_integer())
        throw Error::inFile(path, std::string("field \"") + key + "\": expected an integer, got " + value->dump());
    return value->get<int64_t>();
}

Json readObject(const std::string& path)
{
    Json config = util::readJsonFile(path);
    if (!config.is_object())
        throw Error::inFile(path, "expected a JSON object");
    return config;
}

// eos_token_id as an int or a list of ints; nullopt when the file has none.
std::optional<std::vector<int32_t>> eosIds(const Json& config, const std::string& path)
{
    const Json* value = present(config, "eos_token_id");
    if (!value)
        return std::nullopt;
    const Json list = value->is_array() ? *value : Json::array({*value});
    std::vector<int32_t> ids;
    for (const Json& id : list) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 ||
            id.get<int64_t>() > std::numeric_limits<int32_t>::max())
            throw Error::inFile(path, "field \"eos_token_id\": expected a token id or a list of them, got " +
                                          value->dump());
        ids.push_back(id.get<int32_t>());
    }
    return ids;
}

} // namespace

SamplerSettings generationDefaultsFromHfFolder(const std::string& folder, SamplerSettings base)
{
    const std::string path = (fs::path(folder) / "generation_config.json").string();
    if (!fs::exists(path))
        return base;
    const Json config = readObject(path);
    if (auto v = number(config, "temperature", path))
        base.temperature = *v;
    if (auto v = number(config, "top_p", path))
        base.top_p = *v;
    if (auto v = integer(config, "top_k", path))
        base.top_k = *v;
    if (auto v = number(config, "repetition_penalty", path))
        base.repetition_penalty = *v;
    if (auto v = integer(config, "max_new_tokens", path))
        base.max_tokens = *v;
    if (const Json* sample = present(config, "do_sample")) {
        if (!sample->is_boolean())
            throw Error::inFile(path, "field \"do_sample\": expected true or false, got " + sample->dump());
        if (!sample->get<bool>())
            base.temperature = 0.0;
    }
    try {
        base.validate();
    } catch (const Error& e) {
        throw Error::inFile(path, e.what());
    }
    return base;
}

std::vector<int32_t> eosTokenIdsFromHfFolder(const std::string& folder)
{
    for (const char* name : {"generation_config.json", "config.json"}) {
        const std::string path = (fs::path(folder) / name).string();
        if (!fs::exists(path))
            continue;
        if (auto ids = eosIds(readObject(path), path))
            return *ids;
    }
    return {};
}

} // namespace lw::generate
