#include "core/textfix/utf8_stream_decoder.h"

#include "core/util/error.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

namespace lw::textfix {

Utf8StreamDecoder::Utf8StreamDecoder(const std::string& encoding)
{
    UErrorCode status = U_ZERO_ERROR;
    m_converter = ucnv_open(encoding.c_str(), &status);
    if (U_FAILURE(status) || m_converter == nullptr)
        throw Error("ICU cannot convert from the encoding '" + encoding + "': " + u_errorName(status));
    status = U_ZERO_ERROR;
    static const UChar kReplacement[] = {0xFFFD};
    ucnv_setSubstString(m_converter, kReplacement, 1, &status); // ignored where the page has its own
}

Utf8StreamDecoder::~Utf8StreamDecoder()
{
    if (m_converter)
        ucnv_close(m_converter);
}

std::string Utf8StreamDecoder::decode(std::string_view bytes, bool last)
{
    // Every input byte makes at most two UTF-16 units (plus what the converter held back).
    std::u16string units(m_pendingSurrogate);
    const size_t start = units.size();
    units.resize(start + 2 * bytes.size() + 16);
    UChar* target = reinterpret_cast<UChar*>(units.data()) + start;
    UChar* const targetLimit = reinterpret_cast<UChar*>(units.data()) + units.size();
    const char* source = bytes.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(m_converter, &target, targetLimit, &source, bytes.data() + bytes.size(), nullptr, last, &status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU conversion failed: ") + u_errorName(status));
    units.resize(static_cast<size_t>(target - reinterpret_cast<UChar*>(units.data())));
    m_pendingSurrogate.clear();
    if (!last && !units.empty() && U16_IS_LEAD(units.back())) {
        m_pendingSurrogate.push_back(units.back());
        units.pop_back();
    }
    std::string out(units.size() * 3, '\0');
    int32_t length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length,
                       reinterpret_cast<const UChar*>(units.data()), static_cast<int32_t>(units.size()), 0xFFFD,
                       nullptr, &status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU conversion to UTF-8 failed: ") + u_errorName(status));
    out.resize(static_cast<size_t>(length));
    return out;
}

} // namespace lw::textfix
