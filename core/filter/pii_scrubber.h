#pragma once
// The `pii` step: replaces e-mail addresses, phone numbers and IP addresses (v4 and v6)
// with the placeholders "<EMAIL>", "<PHONE>" and "<IP_ADDRESS>", and counts what it
// replaced. pii_matchers.h says exactly what each kind matches and what it leaves.
//   {"step": "pii", "kinds": ["email", "phone", "ip_address"]}   (the default: all three)
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace lw::filter {

struct PiiCounts {
    int64_t email = 0;
    int64_t phone = 0;
    int64_t ipAddress = 0;

    int64_t total() const { return email + phone + ipAddress; }
};

class PiiScrubber {
public:
    static PiiScrubber fromJson(const nlohmann::json& step, const std::string& where);
    // Every kind on.
    PiiScrubber() = default;

    // Returns the text with each match replaced, adding the replacements to `counts`.
    std::string scrub(std::string_view text, PiiCounts& counts) const;
    // The same into `out` (cleared first), so a caller can reuse one buffer per thread.
    void scrubInto(std::string_view text, std::string& out, PiiCounts& counts) const;

    bool email() const { return m_email; }
    bool phone() const { return m_phone; }
    bool ipAddress() const { return m_ipAddress; }
    const std::string& field() const { return m_field; }

private:
    bool m_email = true;
    bool m_phone = true;
    bool m_ipAddress = true;
    std::string m_field;
};

} // namespace lw::filter
