#include "core/generate/text_stream.h"

#include "core/util/text_file.h"

#include <algorithm>

namespace lw::generate {

size_t completeUtf8Prefix(std::string_view text)
{
    // Look for the last lead byte among the final four bytes; if the sequence it starts
    // is longer than what follows it, that sequence is incomplete.
    const size_t n = text.size();
    for (size_t back = 1; back <= 4 && back <= n; ++back) {
        const unsigned char c = static_cast<unsigned char>(text[n - back]);
        if ((c & 0xC0) == 0x80)
            continue; // continuation byte
        const size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? n - back : n;
    }
    return n; // only continuation bytes: invalid, nothing to wait for
}

std::string IncrementalDetokenizer::push(int32_t token)
{
    m_tokens.push_back(token);
    auto begin = m_tokens.begin();
    const std::string before = m_tokenizer.decode(std::vector<int32_t>(begin + std::ptrdiff_t(m_prefixOffset),
                                                                      begin + std::ptrdiff_t(m_readOffset)));
    const std::string after =
        m_tokenizer.decode(std::vector<int32_t>(begin + std::ptrdiff_t(m_prefixOffset), m_tokens.end()));
    if (after.size() <= before.size() || completeUtf8Prefix(after) != after.size())
        return {};
    m_prefixOffset = m_readOffset;
    m_readOffset = m_tokens.size();
    // Byte-level tokens can spell bytes that are no UTF-8 at all (a model that is
    // still learning): shown as U+FFFD, so that every text out of here is valid UTF-8.
    return util::withValidUtf8(std::string_view(after).substr(before.size()));
}

std::string IncrementalDetokenizer::finish()
{
    auto begin = m_tokens.begin();
    const std::string before = m_tokenizer.decode(std::vector<int32_t>(begin + std::ptrdiff_t(m_prefixOffset),
                                                                      begin + std::ptrdiff_t(m_readOffset)));
    const std::string after =
        m_tokenizer.decode(std::vector<int32_t>(begin + std::ptrdiff_t(m_prefixOffset), m_tokens.end()));
    m_prefixOffset = m_readOffset = m_tokens.size();
    return after.size() > before.size() ? util::withValidUtf8(std::string_view(after).substr(before.size()))
                                        : std::string();
}

StopSequenceFilter::StopSequenceFilter(std::vector<std::string> stops) : m_stops(std::move(stops))
{
    m_stops.erase(std::remove(m_stops.begin(), m_stops.end(), std::string()), m_stops.end());
}

std::string StopSequenceFilter::push(std::string_view text)
{
    if (m_stopped)
        return {};
    m_pending.append(text);
    // The earliest complete stop sequence wins (the longer one when two start together).
    size_t cut = std::string::npos;
    for (const std::string& stop : m_stops) {
        const size_t at = m_pending.find(stop);
        if (at != std::string::npos && (at < cut || (at == cut && stop.size() > m_matched.size()))) {
            cut = at;
            m_matched = stop;
        }
    }
    if (cut != std::string::npos) {
        m_stopped = true;
        std::string shown = m_pending.substr(0, cut);
        m_pending.clear();
        return shown;
    }
    // Hold the longest tail that is a proper prefix of some stop sequence.
    size_t hold = 0;
    for (const std::string& stop : m_stops) {
        const size_t longest = std::min(stop.size() - 1, m_pending.size());
        for (size_t len = longest; len > hold; --len)
            if (m_pending.compare(m_pending.size() - len, len, stop, 0, len) == 0) {
                hold = len;
                break;
            }
    }
    std::string shown = m_pending.substr(0, m_pending.size() - hold);
    m_pending.erase(0, m_pending.size() - hold);
    return shown;
}

std::string StopSequenceFilter::finish()
{
    std::string rest;
    rest.swap(m_pending);
    return m_stopped ? std::string() : rest;
}

} // namespace lw::generate
