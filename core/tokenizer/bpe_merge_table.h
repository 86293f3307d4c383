#pragma once
// The ranked merges of a byte-level BPE vocabulary, and the merge loop that turns the
// bytes of one pre-tokenized word into token ids. Lookups go through an open-addressing
// table keyed by the (left id, right id) pair: it is probed for every adjacent pair of
// every word not yet in the cache, so it has to be cheap.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class BpeMergeTable {
public:
    struct Merge {
        int32_t rank;   // 0 = applied first
        int32_t merged; // id of the token the pair becomes
    };

    // Pairs get ranks in the order they are added. Returns false if the pair is already there.
    bool add(int32_t left, int32_t right, int32_t merged);
    const Merge* find(int32_t left, int32_t right) const;
    int32_t size() const { return m_count; }

    // Call once all merges are added. GPT-2's rule (apply the lowest-ranked pair present,
    // at all of its places left to right, repeat) can run as a priority queue over the
    // word's pairs when every merge that uses a token ranks after a merge that makes it:
    // then a merge never creates a pair that should have come first. Trained vocabularies
    // and GPT-2's own have that property; without it long words take the plain loop.
    void finalize(int32_t vocabSize);

    // Appends the ids of one word (its bytes, already mapped to byte-token ids).
    void encodeWord(std::string_view bytes, const std::array<int32_t, 256>& byteIds, std::vector<int32_t>& out) const;

    // Merges `symbols` in place in the order of the `tokenizers` library (Hugging Face),
    // which always runs the queue: lowest rank first, leftmost first among equal ranks.
    // That equals GPT-2's loop whenever finalize() found the table queue-safe.
    void mergeInQueueOrder(std::vector<int32_t>& symbols) const;

    // Every merge as {left, right, merged}, by rank.
    std::vector<std::array<int32_t, 3>> mergesByRank() const;

private:
    static uint64_t key(int32_t left, int32_t right)
    {
        return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
    }
    struct Slot {
        uint64_t key = kEmpty;
        Merge merge{};
    };
    static constexpr uint64_t kEmpty = ~uint64_t{0};

    void grow();
    void mergeByScanning(std::vector<int32_t>& symbols) const;
    void mergeByQueue(std::vector<int32_t>& symbols) const;

    std::vector<Slot> m_slots;
    uint64_t m_mask = 0;
    int32_t m_count = 0;
    bool m_queueSafe = false;
};

} // namespace lw::tokenizer
