#pragma once
// How a multiple-choice record becomes a conversation to train on: one user turn with
// the question and the lettered choices, one assistant turn with the answer's letter.
//
//   user:       <question>\n
//               A. <choice 1>\n
//               B. <choice 2>\n
//               ...
//               Answer with the letter of the correct choice.
//   assistant:  B
//
// Letters run A..Z, so a record may have at most 26 choices.
#include "core/records/record.h"

#include <string>

namespace lw::shape {

inline constexpr const char* kChoiceInstruction = "Answer with the letter of the correct choice.";

// The letter of choice `index` ("A" for 0); lw::Error past Z.
std::string choiceLetter(int64_t index);
// The user turn above; lw::Error naming the field for a record without valid choices.
std::string choicePrompt(const records::Record& record);
// The conversation above.
std::vector<records::Message> choiceConversation(const records::Record& record);

} // namespace lw::shape
