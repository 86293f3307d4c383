#include "core/parquet/rle_bit_packed.h"

#include "core/parquet/format_error.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace lw::parquet {

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, size_t size, int bitWidth)
    : m_pos(data), m_end(data + size), m_bitWidth(bitWidth)
{
    if (bitWidth < 0 || bitWidth > 32)
        throw FormatError("bit width " + std::to_string(bitWidth) + " is out of range (0 to 32)");
}

void RleBitPackedDecoder::startRun()
{
    if (m_packed && m_groupsLeft > 0) {
        // next() ran out of the current group, not of the run.
        unpackGroup();
        if (m_runLeft > 0)
            return;
    }
    // Runs of zero values carry nothing; a loop, not recursion, steps over any number.
    while (m_runLeft == 0) {
        uint64_t header = 0;
        for (int shift = 0;; shift += 7) {
            if (m_pos == m_end)
                throw FormatError("levels or indices end before the values they should hold");
            if (shift > 63)
                throw FormatError("a run header is longer than 10 bytes");
            const uint8_t b = *m_pos++;
            header |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
        if (header & 1) {
            m_packed = true;
            m_groupsLeft = header >> 1;
            if (m_groupsLeft > 0)
                unpackGroup();
        } else {
            m_packed = false;
            m_runLeft = header >> 1;
            const int valueBytes = (m_bitWidth + 7) / 8;
            if (m_end - m_pos < valueBytes)
                throw FormatError("a run's value is cut off by the end of its data");
            uint32_t v = 0;
            for (int i = 0; i < valueBytes; ++i)
                v |= uint32_t(m_pos[i]) << (8 * i);
            m_pos += valueBytes;
            if (m_bitWidth < 32 && (v >> m_bitWidth) != 0)
                throw FormatError("a run's value " + std::to_string(v) + " does not fit in " +
                                  std::to_string(m_bitWidth) + " bits");
            m_runValue = v;
        }
    }
}

void RleBitPackedDecoder::unpackGroup()
{
    // A group of eight values takes exactly bitWidth bytes.
    const size_t groupBytes = size_t(m_bitWidth);
    const size_t available = std::min(groupBytes, size_t(m_end - m_pos));
    if (groupBytes > 0 && available == 0)
        throw FormatError("bit-packed values end before the values they should hold");
    uint8_t bytes[32 + 8] = {};
    std::memcpy(bytes, m_pos, available);
    m_pos += available;
    --m_groupsLeft;
    m_groupValid = groupBytes == 0 ? 8 : uint32_t(std::min<size_t>(8, available * 8 / groupBytes));
    const uint64_t mask = m_bitWidth == 32 ? 0xffffffffull : (uint64_t(1) << m_bitWidth) - 1;
    for (int i = 0; i < 8; ++i) {
        const size_t bit = size_t(i) * size_t(m_bitWidth);
        uint64_t word;
        std::memcpy(&word, bytes + bit / 8, sizeof word); // little-endian host (x86-64, aarch64)
        m_group[i] = uint32_t((word >> (bit % 8)) & mask);
    }
    m_groupPos = 0;
    m_runLeft = m_groupValid;
    if (m_groupValid < 8)
        m_groupsLeft = 0; // the data ended inside this group
}

void RleBitPackedDecoder::nextBatch(uint32_t* out, size_t count)
{
    while (count > 0) {
        if (m_runLeft == 0)
            startRun();
        const size_t take = size_t(std::min<uint64_t>(m_runLeft, count));
        if (m_packed) {
            std::memcpy(out, m_group + m_groupPos, take * sizeof(uint32_t));
            m_groupPos += uint32_t(take);
        } else {
            std::fill(out, out + take, m_runValue);
        }
        m_runLeft -= take;
        out += take;
        count -= take;
    }
}

} // namespace lw::parquet
