#pragma once
// Checks a sentencepiece .model file before sentencepiece sees it. Model files are
// untrusted input (downloaded, copied, truncated), and sentencepiece trusts parts of
// them: the normaliser's precompiled character map is a double-array trie that it walks
// without bounds checks, so a corrupt one reads outside memory on the first encode.
// This walks the protobuf wire format of the file (ModelProto) and proves that every
// such trie stays inside its arrays; the rest of the model is parsed and checked by
// sentencepiece itself.
#include <string>
#include <string_view>

namespace lw::tokenizer {

// lw::Error naming `path` and the problem when the bytes are not a well-formed model.
void checkSentencePieceModel(std::string_view bytes, const std::string& path);

} // namespace lw::tokenizer
