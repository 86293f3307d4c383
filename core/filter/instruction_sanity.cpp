#include "core/filter/instruction_sanity.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/filter/text_scan.h"
#include "core/util/error.h"

namespace lw::filter {

namespace {

// Yields a text's code points case folded, with each white space run as one ' '.
class NormalisedReader {
public:
    explicit NormalisedReader(std::string_view text) : m_text(trimSpace(text)) {}

    // Returns false at the end.
    bool next(char32_t& cp)
    {
        if (m_pos >= m_text.size())
            return false;
        cp = nextCodePoint(m_text, m_pos);
        if (!isSpace(cp)) {
            cp = foldCase(cp);
            return true;
        }
        // The text is trimmed, so a space run is always followed by a non-space.
        size_t after = m_pos;
        while (after < m_text.size()) {
            size_t probe = after;
            if (!isSpace(nextCodePoint(m_text, probe)))
                break;
            after = probe;
        }
        m_pos = after;
        cp = ' ';
        return true;
    }

private:
    std::string_view m_text;
    size_t m_pos = 0;
};

} // namespace

bool sameNormalisedText(std::string_view a, std::string_view b)
{
    NormalisedReader left(a);
    NormalisedReader right(b);
    for (;;) {
        char32_t x = 0, y = 0;
        const bool moreLeft = left.next(x);
        const bool moreRight = right.next(y);
        if (moreLeft != moreRight)
            return false;
        if (!moreLeft)
            return true;
        if (x != y)
            return false;
    }
}

InstructionSanity InstructionSanity::fromJson(const nlohmann::json& step, const std::string& where)
{
    checkStepFields(step, where, allowedFields("instruction_sanity"));
    InstructionSanity sanity;
    sanity.m_promptField = readString(step, "prompt_field", where, sanity.m_promptField);
    sanity.m_answerField = readString(step, "answer_field", where, sanity.m_answerField);
    if (sanity.m_promptField.empty() || sanity.m_answerField.empty())
        throw Error::inField(where, "fields 'prompt_field' and 'answer_field' must name record fields");
    return sanity;
}

Decision InstructionSanity::check(std::string_view prompt, std::string_view answer) const
{
    if (trimSpace(answer).empty())
        return Decision::dropped("empty answer");
    if (sameNormalisedText(prompt, answer))
        return Decision::dropped("answer repeats the prompt");
    return Decision::kept();
}

} // namespace lw::filter
