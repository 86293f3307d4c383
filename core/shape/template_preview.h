#pragma once
// The Data panel's template preview: the first rows rendered for training, each token
// with its id, its text and whether it receives loss, as JSON.
//   {"rows": [{"row": 0, "source": {"file", "line"}, "kind": "chat",
//              "sequences": [{"text": "...", "tokens": [[id, "piece", 1], ...],
//                             "loss_tokens": n, "length": n, "full_length": n, "truncated": false}]}]}
// Tokens are [id, piece, loss] triples to keep long previews small; a piece that is
// part of a UTF-8 sequence shows U+FFFD for its bytes.
#include "core/shape/training_renderer.h"

#include <nlohmann/json.hpp>
#include <string>

namespace lw::shape {

nlohmann::json shapedSequenceJson(const ShapedSequence& sequence, const tokenizer::Tokenizer& tokenizer);

// The first `rows` records of a records.jsonl.
nlohmann::json previewRows(const std::string& recordsPath, const TrainingRenderer& renderer, int64_t rows);

// Text made safe for JSON output: invalid UTF-8 bytes become U+FFFD.
std::string validUtf8(const std::string& bytes);

} // namespace lw::shape
