#pragma once
// The per-subject figures of a stored multiple-choice summary (its "subjects" object:
// each subject's acc, acc_norm and n), each accuracy with its standard error. A summary
// keeps the subjects' counts only, so the error is the one summarizeChoices gives a
// whole task: meanStderr of the subject's n 0/1 outcomes (acc * n of them right), i.e.
// sqrt(p (1 - p) / (n - 1)); a stored "<metric>_stderr" is taken as it is. The Evaluate
// panel's "By subject" table and `llmwb eval mc` both read them from here.
#include "core/store/records.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::eval {

struct SubjectScore {
    std::string subject;
    int64_t n = 0;
    double acc = 0, accStderr = 0;         // NaN when not stored / below two items
    double accNorm = 0, accNormStderr = 0; // likewise
};

// By subject name; empty when the summary has no subjects.
std::vector<SubjectScore> subjectScoresOf(const store::Json& summary);

// The standard error of a 0/1 metric whose mean over n items is `share`, as
// summarizeChoices computes it (NaN below two items or without a share).
double shareStderr(double share, int64_t n);

} // namespace lw::eval
