#pragma once
// Repairing a text file: the encoding detected and converted to UTF-8, then every line
// repaired (line_repair.h), streamed in blocks so that a file of any size takes
// bounded memory. The output is written to a temporary file and renamed at the end;
// the input is never modified.
#include "core/textfix/fix_text_report.h"

#include <cstdint>
#include <functional>
#include <string>

namespace lw::textfix {

// Called after each block; returning false cancels (lw::Error "cancelled", and no output is left).
using FixTextProgress = std::function<bool(int64_t bytesDone, int64_t bytesTotal)>;

// Lines longer than this are copied as they are and flagged ("line-too-long").
constexpr size_t kMaxRepairLineBytes = size_t(16) << 20;

FixTextReport fixTextFile(const std::string& input, const std::string& output, const FixTextProgress& progress = {});

} // namespace lw::textfix
