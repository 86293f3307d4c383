#pragma once
// The `instruction_sanity` step for prompt/answer rows: drops a row whose answer is
// empty (only white space) or merely repeats the prompt (the same text once white
// space runs are collapsed, ends trimmed and case folded).
//   {"step": "instruction_sanity", "prompt_field": "instruction", "answer_field": "output"}
#include "core/filter/decision.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace lw::filter {

class InstructionSanity {
public:
    static InstructionSanity fromJson(const nlohmann::json& step, const std::string& where);

    Decision check(std::string_view prompt, std::string_view answer) const;

    // The record fields the runner passes as prompt and answer.
    const std::string& promptField() const { return m_promptField; }
    const std::string& answerField() const { return m_answerField; }

private:
    std::string m_promptField = "prompt";
    std::string m_answerField = "answer";
};

// Equal after trimming, collapsing white space runs to one space and folding case
// (Unicode simple case folding, so "ĐÚNG" equals "đúng"); allocates nothing.
bool sameNormalisedText(std::string_view a, std::string_view b);

} // namespace lw::filter
