#include "core/shape/multiple_choice_prompt.h"

#include "core/util/error.h"

namespace lw::shape {

std::string choiceLetter(int64_t index)
{
    if (index < 0 || index >= 26)
        throw Error::inField("choices", "choice " + std::to_string(index + 1) + " has no letter (at most 26 choices)");
    return std::string(1, static_cast<char>('A' + index));
}

std::string choicePrompt(const records::Record& record)
{
    if (record.choices.size() < 2)
        throw Error::inField("choices", "needs at least two choices");
    std::string prompt = record.question + "\n";
    for (size_t i = 0; i < record.choices.size(); ++i)
        prompt += choiceLetter(int64_t(i)) + ". " + record.choices[i] + "\n";
    return prompt + kChoiceInstruction;
}

std::vector<records::Message> choiceConversation(const records::Record& record)
{
    if (record.answer < 0 || record.answer >= int64_t(record.choices.size()))
        throw Error::inField("answer", std::to_string(record.answer) + " is not the index of one of the " +
                                           std::to_string(record.choices.size()) + " choices");
    return {{"user", choicePrompt(record)}, {"assistant", choiceLetter(record.answer)}};
}

} // namespace lw::shape
