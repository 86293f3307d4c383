#include "core/hf/safetensors_set.h"

#include "core/io/mapped_tensor_view.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <cstring>
#include <filesystem>
#include <set>

namespace lw::hf {

namespace fs = std::filesystem;

namespace {

// A shard name from the index must be a plain file name: the index is untrusted, and
// "../../etc/passwd" must not be opened.
void checkShardName(const std::string& name, const std::string& indexPath)
{
    if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
        name == "." || name == "..")
        throw Error::inFile(indexPath, "weight_map names '" + name + "', which is not a file name in this folder");
}

} // namespace

SafetensorsSet SafetensorsSet::open(const std::string& folder)
{
    SafetensorsSet set;
    const fs::path dir(folder);
    const fs::path single = dir / "model.safetensors";
    const fs::path index = dir / "model.safetensors.index.json";
    std::error_code ec;
    if (fs::is_regular_file(index, ec)) {
        const std::string indexPath = index.string();
        nlohmann::json json = util::readJsonFile(indexPath);
        auto map = json.find("weight_map");
        if (map == json.end() || !map->is_object())
            throw Error::inFile(indexPath, "\"weight_map\": missing or not an object");
        std::map<std::string, std::string> placement;
        std::set<std::string> shardNames;
        for (auto it = map->begin(); it != map->end(); ++it) {
            if (!it->is_string())
                throw Error::inFile(indexPath, "weight_map[\"" + it.key() + "\"]: expected a file name");
            checkShardName(it->get<std::string>(), indexPath);
            placement[it.key()] = it->get<std::string>();
            shardNames.insert(it->get<std::string>());
        }
        for (const std::string& shard : shardNames) {
            const fs::path path = dir / shard;
            if (!fs::is_regular_file(path, ec))
                throw Error::inFile(indexPath, "shard '" + shard + "' is missing from " + folder);
            set.addShard(path.string());
        }
        for (const auto& [name, shard] : placement) {
            auto found = set.m_entries.find(name);
            if (found == set.m_entries.end())
                throw Error::inFile(indexPath, "tensor '" + name + "' is not in its shard '" + shard + "'");
            if (fs::path(set.m_shards[found->second.shard].path).filename().string() != shard)
                throw Error::inFile(indexPath, "tensor '" + name + "' is in another shard than '" + shard + "'");
        }
    } else if (fs::is_regular_file(single, ec)) {
        set.addShard(single.string());
    } else {
        throw Error::inFile(folder, "no weights (expected model.safetensors or model.safetensors.index.json)");
    }
    return set;
}

void SafetensorsSet::addShard(const std::string& path)
{
    Shard shard;
    shard.path = path;
    shard.header = io::readSafetensorsHeader(path);
    shard.map = std::make_shared<const util::MappedFile>(path);
    const size_t shardIndex = m_shards.size();
    for (size_t i = 0; i < shard.header.entries.size(); ++i) {
        const std::string& name = shard.header.entries[i].name;
        if (!m_entries.emplace(name, Located{shardIndex, i}).second)
            throw Error::inFile(path, "tensor '" + name + "' is also in " + m_shards[m_entries.at(name).shard].path);
    }
    m_files.push_back(fs::absolute(path).string());
    m_shards.push_back(std::move(shard));
}

const io::SafetensorsEntry& SafetensorsSet::entry(const std::string& name) const
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        throw Error("tensor '" + name + "' is not in the model's weights");
    return m_shards[it->second.shard].header.entries[it->second.index];
}

std::vector<std::string> SafetensorsSet::names() const
{
    std::vector<std::string> out;
    out.reserve(m_entries.size());
    for (const auto& [name, located] : m_entries)
        out.push_back(name);
    return out;
}

std::pair<const SafetensorsSet::Shard&, const io::SafetensorsEntry&> SafetensorsSet::locate(const std::string& name) const
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        throw Error("tensor '" + name + "' is not in the model's weights");
    const Shard& shard = m_shards[it->second.shard];
    return {shard, shard.header.entries[it->second.index]};
}

torch::Tensor SafetensorsSet::read(const std::string& name, torch::ScalarType dtype) const
{
    const auto [shard, e] = locate(name);
    torch::Tensor raw = io::readMappedTensor(*shard.map, shard.header, e);
    return raw.scalar_type() == dtype ? raw : raw.to(dtype);
}

torch::Tensor SafetensorsSet::view(const std::string& name, torch::ScalarType dtype) const
{
    const auto [shard, e] = locate(name);
    return e.dtype == dtype ? io::viewMappedTensor(shard.map, shard.header, e) : read(name, dtype);
}

torch::ScalarType SafetensorsSet::storedDtype() const
{
    std::map<torch::ScalarType, uint64_t> bytes;
    for (const Shard& s : m_shards)
        for (const auto& e : s.header.entries)
            bytes[e.dtype] += e.end - e.begin;
    torch::ScalarType best = torch::kFloat;
    uint64_t most = 0;
    for (const auto& [type, count] : bytes)
        if (count > most) {
            most = count;
            best = type;
        }
    return best;
}

uint64_t SafetensorsSet::totalBytes() const
{
    uint64_t total = 0;
    for (const Shard& s : m_shards)
        total += s.map->size();
    return total;
}

} // namespace lw::hf
