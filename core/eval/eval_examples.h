#pragma once
// The examples of a generation task read from a user's data file (JSONL, JSON, CSV,
// Parquet through core/records): a prompt (the turns before the last assistant message)
// and the reference answer (that message). Accepted row shapes: Alpaca
// (instruction, input, output), chat messages or ShareGPT conversations ending in an
// assistant reference, prompt/response (or prompt/completion) and question/answer.
#include "core/generate/chat_template.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::eval {

struct EvalExample {
    int64_t index = 0; // from 0, in file order
    int64_t line = 0;  // where the row starts in the file (from 1)
    std::vector<generate::ChatMessage> turns; // what the model is asked
    std::string prompt;    // the turns' text (system messages left out), for reports and judges
    std::string reference; // the expected answer
};

// The first `limit` examples (0: all). lw::Error naming the file, line and field for a
// row of no known shape or with no assistant reference, and for a file with no rows.
std::vector<EvalExample> readEvalExamples(const std::string& path, int64_t limit = 0);

} // namespace lw::eval
