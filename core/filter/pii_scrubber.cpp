#include "core/filter/pii_scrubber.h"

#include "core/filter/pii_matchers.h"
#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/util/error.h"

#include <fmt/format.h>

namespace lw::filter {

PiiScrubber PiiScrubber::fromJson(const nlohmann::json& step, const std::string& where)
{
    checkStepFields(step, where, allowedFields("pii"));
    PiiScrubber scrubber;
    scrubber.m_field = readString(step, "field", where, "");
    if (!step.contains("kinds"))
        return scrubber;
    const std::vector<std::string> kinds = readStringList(step, "kinds", where);
    if (kinds.empty())
        throw Error::inField(where, "field 'kinds': list at least one of 'email', 'phone', 'ip_address'");
    scrubber.m_email = scrubber.m_phone = scrubber.m_ipAddress = false;
    for (const std::string& kind : kinds) {
        if (kind == "email")
            scrubber.m_email = true;
        else if (kind == "phone")
            scrubber.m_phone = true;
        else if (kind == "ip_address")
            scrubber.m_ipAddress = true;
        else
            throw Error::inField(where, fmt::format("field 'kinds': unknown kind '{}' (choose 'email', 'phone', 'ip_address')", kind));
    }
    return scrubber;
}

std::string PiiScrubber::scrub(std::string_view text, PiiCounts& counts) const
{
    std::string out;
    scrubInto(text, out, counts);
    return out;
}

void PiiScrubber::scrubInto(std::string_view text, std::string& out, PiiCounts& counts) const
{
    out.clear();
    out.reserve(text.size());
    size_t copiedUpTo = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[pos]);
        // Every match starts with an ASCII letter, digit, '+', '(', ':' or a local-part symbol.
        if (c >= 0x80 || c <= ' ') {
            ++pos;
            continue;
        }
        size_t length = 0;
        const char* placeholder = nullptr;
        if (m_email && (length = matchEmail(text, pos))) {
            placeholder = "<EMAIL>", ++counts.email;
        } else if (m_ipAddress && ((length = matchIpv4(text, pos)) || (length = matchIpv6(text, pos)))) {
            placeholder = "<IP_ADDRESS>", ++counts.ipAddress;
        } else if (m_phone && (length = matchPhone(text, pos))) {
            placeholder = "<PHONE>", ++counts.phone;
        }
        if (!placeholder) {
            ++pos;
            continue;
        }
        out.append(text.substr(copiedUpTo, pos - copiedUpTo));
        out.append(placeholder);
        pos += length;
        copiedUpTo = pos;
    }
    out.append(text.substr(copiedUpTo));
}

} // namespace lw::filter
