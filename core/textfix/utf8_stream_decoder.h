#pragma once
// Converting a legacy-encoded file to UTF-8 block by block (ICU ucnv): a character cut
// between two blocks is completed with the next one, so memory stays bounded.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct UConverter;

namespace lw::textfix {

class Utf8StreamDecoder {
public:
    // lw::Error when ICU has no converter of that name.
    explicit Utf8StreamDecoder(const std::string& encoding);
    ~Utf8StreamDecoder();
    Utf8StreamDecoder(const Utf8StreamDecoder&) = delete;
    Utf8StreamDecoder& operator=(const Utf8StreamDecoder&) = delete;

    // The UTF-8 for `bytes`; `last` flushes what an incomplete character left over.
    // Bytes with no character in the encoding become U+FFFD.
    std::string decode(std::string_view bytes, bool last);

private:
    UConverter* m_converter = nullptr;
    std::u16string m_pendingSurrogate; // a lead surrogate waiting for its pair
};

} // namespace lw::textfix
