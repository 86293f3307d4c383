#pragma once
// Just enough of the protobuf wire format to check and edit sentencepiece .model files
// without linking protobuf or sentencepiece: walk the fields of one message, and write
// a length-delimited field back.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace lw::tokenizer::wire {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct Field {
    uint32_t number;
    uint32_t wireType;
    std::string_view payload; // the bytes of a length-delimited field
    std::string_view raw;     // the whole field as encoded, tag included
    uint64_t value = 0;       // the number of a varint field
};

// Calls onField for each field of one message, in order. Returns "" or a description
// of the first malformed field (truncated, impossible length, unsupported wire type).
// A message returned by onField stops the walk and is returned.
std::string walkMessage(std::string_view message, const std::function<std::string(const Field&)>& onField);

// Appends a length-delimited field (a string, bytes, or an embedded message).
void appendLengthDelimited(std::string& out, uint32_t number, std::string_view payload);
// Appends a varint field (an integer, bool or enum).
void appendVarintField(std::string& out, uint32_t number, uint64_t value);

} // namespace lw::tokenizer::wire
