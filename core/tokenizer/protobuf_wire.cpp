#include "core/tokenizer/protobuf_wire.h"

namespace lw::tokenizer::wire {
namespace {

bool readVarint(std::string_view data, size_t& pos, uint64_t& value)
{
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size())
            return false;
        auto byte = static_cast<uint8_t>(data[pos++]);
        value |= static_cast<uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

void appendVarint(std::string& out, uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

} // namespace

std::string walkMessage(std::string_view data, const std::function<std::string(const Field&)>& onField)
{
    size_t pos = 0;
    while (pos < data.size()) {
        const size_t at = pos;
        uint64_t tag = 0;
        if (!readVarint(data, pos, tag))
            return "truncated field tag at byte " + std::to_string(at);
        Field field{static_cast<uint32_t>(tag >> 3), static_cast<uint32_t>(tag & 7), {}, {}, 0};
        if (field.number == 0)
            return "invalid field number 0 at byte " + std::to_string(at);
        switch (field.wireType) {
        case kVarint:
            if (!readVarint(data, pos, field.value))
                return "truncated number at byte " + std::to_string(at);
            break;
        case kFixed64:
        case kFixed32: {
            size_t width = field.wireType == kFixed64 ? 8 : 4;
            if (data.size() - pos < width)
                return "truncated number at byte " + std::to_string(at);
            pos += width;
            break;
        }
        case kLengthDelimited: {
            uint64_t length = 0;
            if (!readVarint(data, pos, length) || length > data.size() - pos)
                return "field " + std::to_string(field.number) + " at byte " + std::to_string(at) +
                       " runs past the end (truncated file?)";
            field.payload = data.substr(pos, length);
            pos += length;
            break;
        }
        default: // 3 and 4 are protobuf's deprecated groups, which sentencepiece never writes
            return "unsupported wire type " + std::to_string(field.wireType) + " at byte " + std::to_string(at);
        }
        field.raw = data.substr(at, pos - at);
        if (std::string problem = onField(field); !problem.empty())
            return problem;
    }
    return {};
}

void appendLengthDelimited(std::string& out, uint32_t number, std::string_view payload)
{
    appendVarint(out, (static_cast<uint64_t>(number) << 3) | kLengthDelimited);
    appendVarint(out, payload.size());
    out.append(payload);
}

void appendVarintField(std::string& out, uint32_t number, uint64_t value)
{
    appendVarint(out, (static_cast<uint64_t>(number) << 3) | kVarint);
    appendVarint(out, value);
}

} // namespace lw::tokenizer::wire
