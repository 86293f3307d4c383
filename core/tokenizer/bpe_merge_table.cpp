#include "core/tokenizer/bpe_merge_table.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace lw::tokenizer {
namespace {

// Words up to this many bytes use the plain GPT-2 loop: for the short words that make
// up nearly all text it beats the queue's bookkeeping.
constexpr size_t kQueueThreshold = 32;

uint64_t hashKey(uint64_t k)
{
    k *= 0x9E3779B97F4A7C15ull;
    return k ^ (k >> 29);
}

} // namespace

void BpeMergeTable::grow()
{
    std::vector<Slot> old = std::move(m_slots);
    size_t capacity = old.empty() ? 1024 : old.size() * 2;
    m_slots.assign(capacity, Slot{});
    m_mask = capacity - 1;
    for (const Slot& s : old) {
        if (s.key == kEmpty)
            continue;
        uint64_t i = hashKey(s.key) & m_mask;
        while (m_slots[i].key != kEmpty)
            i = (i + 1) & m_mask;
        m_slots[i] = s;
    }
}

bool BpeMergeTable::add(int32_t left, int32_t right, int32_t merged)
{
    if (static_cast<uint64_t>(m_count + 1) * 2 > m_slots.size())
        grow();
    uint64_t k = key(left, right);
    uint64_t i = hashKey(k) & m_mask;
    while (m_slots[i].key != kEmpty) {
        if (m_slots[i].key == k)
            return false;
        i = (i + 1) & m_mask;
    }
    m_slots[i].key = k;
    m_slots[i].merge = Merge{m_count++, merged};
    return true;
}

const BpeMergeTable::Merge* BpeMergeTable::find(int32_t left, int32_t right) const
{
    if (m_slots.empty())
        return nullptr;
    uint64_t k = key(left, right);
    uint64_t i = hashKey(k) & m_mask;
    while (true) {
        const Slot& s = m_slots[i];
        if (s.key == k)
            return &s.merge;
        if (s.key == kEmpty)
            return nullptr;
        i = (i + 1) & m_mask;
    }
}

void BpeMergeTable::finalize(int32_t vocabSize)
{
    constexpr int32_t kNone = -1;
    std::vector<int32_t> lastProduced(static_cast<size_t>(vocabSize), kNone);
    std::vector<int32_t> firstUsed(static_cast<size_t>(vocabSize), std::numeric_limits<int32_t>::max());
    for (const Slot& s : m_slots) {
        if (s.key == kEmpty)
            continue;
        auto left = static_cast<int32_t>(s.key >> 32);
        auto right = static_cast<int32_t>(s.key & 0xffffffffu);
        int32_t rank = s.merge.rank;
        if (s.merge.merged >= 0 && s.merge.merged < vocabSize)
            lastProduced[s.merge.merged] = std::max(lastProduced[s.merge.merged], rank);
        for (int32_t part : {left, right})
            if (part >= 0 && part < vocabSize)
                firstUsed[part] = std::min(firstUsed[part], rank);
    }
    m_queueSafe = true;
    for (int32_t t = 0; t < vocabSize; ++t)
        if (lastProduced[t] != kNone && firstUsed[t] <= lastProduced[t])
            m_queueSafe = false;
}

void BpeMergeTable::encodeWord(std::string_view bytes, const std::array<int32_t, 256>& byteIds,
                               std::vector<int32_t>& out) const
{
    thread_local std::vector<int32_t> symbols;
    symbols.clear();
    for (unsigned char b : bytes)
        symbols.push_back(byteIds[b]);
    if (symbols.size() > kQueueThreshold && m_queueSafe)
        mergeByQueue(symbols);
    else
        mergeByScanning(symbols);
    out.insert(out.end(), symbols.begin(), symbols.end());
}

void BpeMergeTable::mergeInQueueOrder(std::vector<int32_t>& symbols) const
{
    if (m_queueSafe && symbols.size() <= kQueueThreshold)
        mergeByScanning(symbols);
    else
        mergeByQueue(symbols);
}

std::vector<std::array<int32_t, 3>> BpeMergeTable::mergesByRank() const
{
    std::vector<std::array<int32_t, 3>> merges(static_cast<size_t>(m_count));
    for (const Slot& s : m_slots)
        if (s.key != kEmpty)
            merges[s.merge.rank] = {static_cast<int32_t>(s.key >> 32), static_cast<int32_t>(s.key & 0xffffffffu),
                                    s.merge.merged};
    return merges;
}

// GPT-2's loop, literally: find the lowest-ranked adjacent pair, merge every occurrence
// of it left to right, repeat until no pair has a rank.
void BpeMergeTable::mergeByScanning(std::vector<int32_t>& symbols) const
{
    size_t length = symbols.size();
    while (length > 1) {
        const Merge* best = nullptr;
        size_t bestPos = 0;
        for (size_t i = 0; i + 1 < length; ++i) {
            const Merge* m = find(symbols[i], symbols[i + 1]);
            if (m && (!best || m->rank < best->rank)) {
                best = m;
                bestPos = i;
            }
        }
        if (!best)
            break;
        int32_t left = symbols[bestPos];
        int32_t right = symbols[bestPos + 1];
        size_t write = bestPos;
        for (size_t read = bestPos; read < length;) {
            if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right) {
                symbols[write++] = best->merged;
                read += 2;
            } else {
                symbols[write++] = symbols[read++];
            }
        }
        length = write;
    }
    symbols.resize(length);
}

// The same result in O(n log n) for long words (a run of thousands of spaces, a base64
// blob): candidate pairs sit in a queue ordered by (rank, position), the symbols in a
// linked list; a candidate whose symbols have changed since it was queued is skipped.
void BpeMergeTable::mergeByQueue(std::vector<int32_t>& symbols) const
{
    struct Candidate {
        int32_t rank;
        int32_t pos;
        int32_t left;
        int32_t right;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    const auto n = static_cast<int32_t>(symbols.size());
    std::vector<int32_t> next(n);
    std::vector<int32_t> prev(n);
    for (int32_t i = 0; i < n; ++i) {
        next[i] = i + 1 < n ? i + 1 : -1;
        prev[i] = i - 1;
    }
    std::vector<Candidate> storage;
    storage.reserve(n);
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue(std::greater<Candidate>(),
                                                                                          std::move(storage));
    auto push = [&](int32_t pos) {
        int32_t nxt = next[pos];
        if (nxt < 0)
            return;
        if (const Merge* m = find(symbols[pos], symbols[nxt]))
            queue.push(Candidate{m->rank, pos, symbols[pos], symbols[nxt]});
    };
    for (int32_t i = 0; i + 1 < n; ++i)
        push(i);
    std::vector<char> alive(n, 1);
    while (!queue.empty()) {
        Candidate c = queue.top();
        queue.pop();
        int32_t right = next[c.pos];
        if (!alive[c.pos] || symbols[c.pos] != c.left || right < 0 || symbols[right] != c.right)
            continue; // stale: one of its symbols has been merged since
        symbols[c.pos] = find(c.left, c.right)->merged;
        alive[right] = 0;
        next[c.pos] = next[right];
        if (next[right] >= 0)
            prev[next[right]] = c.pos;
        if (prev[c.pos] >= 0)
            push(prev[c.pos]);
        push(c.pos);
    }
    int32_t write = 0;
    for (int32_t i = 0; i < n; ++i)
        if (alive[i])
            symbols[write++] = symbols[i];
    symbols.resize(write);
}

} // namespace lw::tokenizer
