#pragma once
// A compact open-addressing map for keys that are already hashes (so their low bits pick
// the slot without further mixing): parallel key and value arrays, linear probing,
// doubling at 70% load, no per-entry allocation. A reserved value marks empty slots.
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lw::dedup {

struct Hash128 {
    uint64_t low = 0;
    uint64_t high = 0;
    bool operator==(const Hash128& o) const { return low == o.low && high == o.high; }
};

inline uint64_t slotBits(uint64_t key) { return key; }
inline uint64_t slotBits(const Hash128& key) { return key.low; }

template <class Key, class Value, Value kEmpty> class FlatHashMap {
public:
    explicit FlatHashMap(size_t initialSlots = 1024) { resize(roundUpToPowerOfTwo(initialSlots)); }

    // The value stored for `key`, or kEmpty.
    Value find(const Key& key) const
    {
        for (size_t slot = slotBits(key) & m_mask;; slot = (slot + 1) & m_mask) {
            if (m_values[slot] == kEmpty)
                return kEmpty;
            if (m_keys[slot] == key)
                return m_values[slot];
        }
    }

    // Stores key -> value when `key` is absent; returns the value stored before (kEmpty
    // when the key was new, and then `value` is stored).
    Value insertIfAbsent(const Key& key, Value value) { return store(key, value, false); }

    // Stores key -> value whether or not `key` was there; returns the value it replaced.
    Value exchange(const Key& key, Value value) { return store(key, value, true); }

    size_t size() const { return m_size; }
    size_t memoryBytes() const
    {
        return m_keys.capacity() * sizeof(Key) + m_values.capacity() * sizeof(Value);
    }

private:
    std::vector<Key> m_keys;
    std::vector<Value> m_values;
    size_t m_mask = 0;
    size_t m_size = 0;

    static size_t roundUpToPowerOfTwo(size_t n)
    {
        size_t slots = 16;
        while (slots < n)
            slots *= 2;
        return slots;
    }

    Value store(const Key& key, Value value, bool replace)
    {
        if (value == kEmpty)
            throw Error("FlatHashMap: the empty marker cannot be stored");
        if ((m_size + 1) * 10 > m_values.size() * 7)
            grow();
        size_t slot = slotBits(key) & m_mask;
        for (; m_values[slot] != kEmpty; slot = (slot + 1) & m_mask) {
            if (m_keys[slot] == key) {
                const Value old = m_values[slot];
                if (replace)
                    m_values[slot] = value;
                return old;
            }
        }
        m_keys[slot] = key;
        m_values[slot] = value;
        ++m_size;
        return kEmpty;
    }

    void resize(size_t slots)
    {
        m_keys.assign(slots, Key{});
        m_values.assign(slots, kEmpty);
        m_mask = slots - 1;
    }

    void grow()
    {
        std::vector<Key> keys;
        std::vector<Value> values;
        keys.swap(m_keys);
        values.swap(m_values);
        resize(values.size() * 2);
        for (size_t i = 0; i < values.size(); ++i) {
            if (values[i] == kEmpty)
                continue;
            size_t slot = slotBits(keys[i]) & m_mask;
            while (m_values[slot] != kEmpty)
                slot = (slot + 1) & m_mask;
            m_keys[slot] = keys[i];
            m_values[slot] = values[i];
        }
    }
};

} // namespace lw::dedup
