#include "core/generate/chat_template_jinja.h"

#include "core/jinja/template.h"
#include "core/util/error.h"

#include <algorithm>
#include <regex>
#include <set>

namespace lw::generate {

namespace {

// Content for the probe renders: plain words, so templates that trim or escape leave it
// as it is, and unlikely to appear in any template's own text.
const char* const kProbeQuestion = "Probe question";
const char* const kProbeAnswer = "Probe answer 7f3a";

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

std::string trimmed(const std::string& text)
{
    const char* const space = " \t\r\n";
    const size_t first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// The template parsed once for the several renders one question takes.
class JinjaChat {
public:
    explicit JinjaChat(const ChatTemplate& chatTemplate)
        : m_chatTemplate(chatTemplate),
          m_template(jinja::Template::parse(chatTemplate.jinja, "chat template '" + chatTemplate.name + "'"))
    {
    }

    std::string render(const std::vector<ChatMessage>& messages, size_t count, bool addGenerationPrompt,
                       std::vector<jinja::GenerationSpan>* spans = nullptr) const
    {
        jinja::Json list = jinja::Json::array();
        for (size_t i = 0; i < count; ++i)
            list.push_back({{"role", messages[i].role}, {"content", messages[i].content}});
        const jinja::Json context = {{"messages", list},
                                     {"add_generation_prompt", addGenerationPrompt},
                                     {"bos_token", m_chatTemplate.bos_token},
                                     {"eos_token", m_chatTemplate.eos_token}};
        return m_template.renderOrdered(context, spans);
    }

    bool hasGenerationBlocks() const
    {
        static const std::regex tag(R"(\{%[-+]?\s*generation\s*[-+]?%\})");
        return std::regex_search(m_chatTemplate.jinja, tag);
    }

private:
    const ChatTemplate& m_chatTemplate;
    jinja::Template m_template;
};

struct Region {
    size_t begin = 0;
    size_t end = 0;
    std::string role;
};

// Where each message's text lies in `full` (see the header), or nothing when the
// prefixes do not line up; `prefixes` receives P(0)..P(n) either way.
std::vector<Region> messageRegions(const JinjaChat& chat, const std::vector<ChatMessage>& messages,
                                   const std::string& full, bool addGenerationPrompt,
                                   std::vector<std::string>& prefixes, size_t& brokenAt)
{
    prefixes.clear();
    try {
        prefixes.push_back(chat.render(messages, 0, false));
    } catch (const Error&) {
        prefixes.push_back(""); // the template reads messages[0]
    }
    brokenAt = messages.size();
    for (size_t i = 1; i <= messages.size(); ++i) {
        prefixes.push_back(chat.render(messages, i, false));
        if (brokenAt == messages.size() && !startsWith(prefixes[i], prefixes[i - 1]))
            brokenAt = i - 1;
    }
    if (brokenAt != messages.size() || !startsWith(full, prefixes.back()))
        return {};
    std::vector<Region> regions{{0, prefixes[0].size(), ""}};
    for (size_t i = 0; i < messages.size(); ++i)
        regions.push_back({prefixes[i].size(), prefixes[i + 1].size(), messages[i].role});
    regions.push_back({prefixes.back().size(), full.size(), addGenerationPrompt ? "assistant" : ""});
    return regions;
}

} // namespace

std::string renderJinjaChat(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                            bool addGenerationPrompt)
{
    return JinjaChat(chatTemplate).render(messages, messages.size(), addGenerationPrompt);
}

std::vector<ChatSegment> renderJinjaChatSegments(const ChatTemplate& chatTemplate,
                                                 const std::vector<ChatMessage>& messages, bool addGenerationPrompt)
{
    const JinjaChat chat(chatTemplate);
    const bool tagged = chat.hasGenerationBlocks();
    std::vector<jinja::GenerationSpan> spans;
    const std::string full = chat.render(messages, messages.size(), addGenerationPrompt, tagged ? &spans : nullptr);

    std::vector<std::string> prefixes;
    size_t brokenAt = 0;
    const std::vector<Region> regions =
        messageRegions(chat, messages, full, addGenerationPrompt, prefixes, brokenAt);
    if (regions.empty() && !tagged)
        throw Error::inField("messages[" + std::to_string(brokenAt) + "]",
                             "chat template '" + chatTemplate.name +
                                 "' renders the earlier messages differently once this one follows, so its "
                                 "assistant spans cannot be found from prefixes; the template needs "
                                 "{% generation %} blocks around the assistant's text");
    if (!tagged) {
        for (size_t i = 0; i < messages.size(); ++i) {
            if (messages[i].role != "assistant")
                continue;
            const std::string cued = chat.render(messages, i, true);
            const std::string& before = prefixes[i];
            const std::string& after = prefixes[i + 1];
            const size_t begin = startsWith(after, cued) && cued.size() >= before.size() ? cued.size() : before.size();
            spans.push_back({begin, after.size()});
        }
    }

    std::set<size_t> cuts = {0, full.size()};
    for (const Region& r : regions)
        cuts.insert({r.begin, r.end});
    for (const jinja::GenerationSpan& s : spans)
        cuts.insert({std::min(s.begin, full.size()), std::min(s.end, full.size())});
    std::vector<ChatSegment> segments;
    for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
        const size_t begin = *it;
        const size_t end = *std::next(it);
        ChatSegment segment{full.substr(begin, end - begin), "", false};
        for (const jinja::GenerationSpan& s : spans)
            segment.assistant = segment.assistant || (begin >= s.begin && end <= s.end);
        for (const Region& r : regions)
            if (begin >= r.begin && end <= r.end)
                segment.role = r.role;
        if (segment.role.empty() && segment.assistant)
            segment.role = "assistant";
        segments.push_back(std::move(segment));
    }
    return segments;
}

std::string jinjaGenerationPrompt(const ChatTemplate& chatTemplate)
{
    const JinjaChat chat(chatTemplate);
    const std::vector<ChatMessage> question = {{"user", kProbeQuestion}};
    const std::string closed = chat.render(question, 1, false);
    const std::string cued = chat.render(question, 1, true);
    return startsWith(cued, closed) ? cued.substr(closed.size()) : "";
}

bool jinjaWritesBos(const ChatTemplate& chatTemplate)
{
    if (chatTemplate.bos_token.empty())
        return false;
    const std::vector<ChatMessage> question = {{"user", kProbeQuestion}};
    return startsWith(JinjaChat(chatTemplate).render(question, 1, true), chatTemplate.bos_token);
}

void validateJinjaChat(const ChatTemplate& chatTemplate, const std::string& context)
{
    jinja::Template::parse(chatTemplate.jinja, context + ".jinja");
}

std::vector<std::string> deriveJinjaStopStrings(const ChatTemplate& chatTemplate,
                                                const std::vector<std::string>& specialTokens)
{
    std::vector<std::string> stop;
    if (!chatTemplate.eos_token.empty())
        stop.push_back(chatTemplate.eos_token);
    const std::vector<ChatMessage> exchange = {{"user", kProbeQuestion}, {"assistant", kProbeAnswer}};
    const std::string rendered = JinjaChat(chatTemplate).render(exchange, 2, false);
    const size_t at = rendered.rfind(kProbeAnswer);
    if (at == std::string::npos)
        return stop;
    const std::string marker = trimmed(rendered.substr(at + std::string(kProbeAnswer).size()));
    const bool special = std::find(specialTokens.begin(), specialTokens.end(), marker) != specialTokens.end();
    if (!marker.empty() && special && std::find(stop.begin(), stop.end(), marker) == stop.end())
        stop.push_back(marker);
    return stop;
}

} // namespace lw::generate
