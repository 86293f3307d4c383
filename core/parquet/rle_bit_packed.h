#pragma once
// Parquet's RLE / bit-packed hybrid: runs of one repeated value, or groups of eight
// values packed bitWidth bits each, least significant bit first. Definition levels,
// dictionary indices and RLE booleans use it. Reads past the given bytes throw
// FormatError; a last bit-packed group cut short by the writer is read as far as it goes.
#include <cstddef>
#include <cstdint>

namespace lw::parquet {

class RleBitPackedDecoder {
public:
    RleBitPackedDecoder() = default;
    RleBitPackedDecoder(const uint8_t* data, size_t size, int bitWidth); // bitWidth 0..32

    uint32_t next()
    {
        if (m_runLeft == 0)
            startRun();
        --m_runLeft;
        return m_packed ? m_group[m_groupPos++ & 7] : m_runValue;
    }

    // Consumes `count` values into `out`; faster than next() for long runs.
    void nextBatch(uint32_t* out, size_t count);

private:
    void startRun();
    void unpackGroup();

    const uint8_t* m_pos = nullptr;
    const uint8_t* m_end = nullptr;
    int m_bitWidth = 0;
    bool m_packed = false;
    uint64_t m_runLeft = 0;      // values left in the current run
    uint32_t m_runValue = 0;     // RLE run
    uint32_t m_group[8] = {};    // bit-packed run: the current group of eight
    uint32_t m_groupPos = 0;
    uint64_t m_groupsLeft = 0;   // bit-packed groups not yet unpacked
    uint32_t m_groupValid = 8;   // values of the current group the bytes actually hold
};

} // namespace lw::parquet
