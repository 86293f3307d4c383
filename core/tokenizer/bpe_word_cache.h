#pragma once
// Memo of word -> token ids for byte-level BPE. Natural text repeats a small set of
// words, so after warm-up nearly every pre-tokenized piece is a cache hit and the merge
// loop never runs. Thread-safe: the table is split into shards, each behind its own
// mutex, so concurrent encoders rarely wait on each other. A shard that grows past its
// share of the limit is cleared, which bounds memory on endless streams of new words.
#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lw::tokenizer {

class BpeWordCache {
public:
    explicit BpeWordCache(size_t maxEntries = size_t{1} << 20);

    // Appends the ids of `word` to `out` and returns true, or returns false if absent.
    bool lookup(std::string_view word, std::vector<int32_t>& out) const;
    void insert(std::string_view word, const int32_t* ids, size_t count) const;

private:
    struct Key {
        std::string_view word; // points into Shard::words
        size_t hash;
        bool operator==(const Key& o) const { return hash == o.hash && word == o.word; }
    };
    struct KeyHash {
        size_t operator()(const Key& k) const { return k.hash; }
    };
    struct Span {
        uint32_t offset;
        uint32_t count;
    };
    struct Shard {
        std::mutex mutex;
        std::deque<std::string> words; // a deque never moves its elements, so views stay valid
        std::unordered_map<Key, Span, KeyHash> index;
        std::vector<int32_t> ids;
    };
    static constexpr size_t kShards = 16;

    Shard& shardFor(size_t hash) const { return m_shards[(hash >> 7) % kShards]; }

    size_t m_maxEntriesPerShard;
    mutable std::array<Shard, kShards> m_shards;
};

} // namespace lw::tokenizer
