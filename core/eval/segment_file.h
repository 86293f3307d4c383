#pragma once
// The segments of a text-metric file (`llmwb eval bleu|chrf|rouge --hyp F --ref G`):
// one segment per line. A plain text file cannot hold a segment with a line break in it,
// yet ROUGE-Lsum splits a summary into sentences on "\n"; so a file whose name ends in
// .jsonl holds one JSON string per line instead, and "\n" inside the string is a line
// break of the segment ("Cats sleep.\nDogs bark." is one two-sentence segment).
#include <string>
#include <vector>

namespace lw::eval {

// Every segment of `path`: a .jsonl file's JSON strings, else the file's lines (a final
// newline ends the last line; "\r\n" is one line break). lw::Error naming the file and
// line for invalid UTF-8 or a JSON line that is not a string.
std::vector<std::string> readSegmentFile(const std::string& path);

} // namespace lw::eval
