#pragma once
// The text a dataset version gives perplexity: every record's text fields (a text row's
// text; a conversation's message contents; a question, then its choices), each record's
// fields joined by "\n", records joined by "\n\n", the paragraph break that separates
// documents in a plain corpus file. Rows are read in the stored order.
#include <string>

namespace lw::eval {

// lw::Error naming the file when the folder is not a dataset version or has no text.
std::string datasetPerplexityText(const std::string& datasetDir);

} // namespace lw::eval
