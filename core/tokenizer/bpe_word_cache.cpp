#include "core/tokenizer/bpe_word_cache.h"

#include <functional>

namespace lw::tokenizer {

BpeWordCache::BpeWordCache(size_t maxEntries) : m_maxEntriesPerShard(std::max<size_t>(1, maxEntries / kShards)) {}

bool BpeWordCache::lookup(std::string_view word, std::vector<int32_t>& out) const
{
    size_t hash = std::hash<std::string_view>{}(word);
    Shard& shard = shardFor(hash);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.index.find(Key{word, hash});
    if (it == shard.index.end())
        return false;
    const int32_t* ids = shard.ids.data() + it->second.offset;
    out.insert(out.end(), ids, ids + it->second.count);
    return true;
}

void BpeWordCache::insert(std::string_view word, const int32_t* ids, size_t count) const
{
    size_t hash = std::hash<std::string_view>{}(word);
    Shard& shard = shardFor(hash);
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.index.size() >= m_maxEntriesPerShard || shard.ids.size() + count > UINT32_MAX) {
        shard.index.clear();
        shard.words.clear();
        shard.ids.clear();
    }
    if (shard.index.count(Key{word, hash}))
        return; // another thread got here first
    const std::string& stored = shard.words.emplace_back(word);
    Span span{static_cast<uint32_t>(shard.ids.size()), static_cast<uint32_t>(count)};
    shard.ids.insert(shard.ids.end(), ids, ids + count);
    shard.index.emplace(Key{stored, hash}, span);
}

} // namespace lw::tokenizer
