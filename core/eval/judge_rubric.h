#pragma once
// What the judge is asked and how its reply is read. Three rubrics of our own:
//   mt-bench       the judge explains, then rates the answer "Rating: [[N]]", N from 1 to 10
//                  (single-answer grading in the manner of MT-Bench);
//   mt-bench-pair  two answers to one question; the judge explains, then names the better
//                  one "[[A]]" or "[[B]]", or "[[C]]" for a tie (MT-Bench's pairwise form);
//   score-100      a score from 0 to 100, "Respond with the integer number only" (the
//                  instruction-following check of "Build a Large Language Model (From
//                  Scratch)", chapter 7);
// or a custom prompt file holding {question}, {answer} and {reference}, whose reply is
// read as a score ("[[N]]", or a reply that is a number).
#include "core/generate/chat_template.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::eval {

enum class RubricKind { MtBench, MtBenchPair, Score100, Custom };

struct JudgeRubric {
    RubricKind kind = RubricKind::MtBench;
    std::string name;           // "mt-bench", "mt-bench-pair", "score-100" or the file's path
    std::string customTemplate; // Custom: the prompt with {question}, {answer}, {reference}

    bool pairwise() const { return kind == RubricKind::MtBenchPair; }
};

// A rubric by name, or a custom prompt file (lw::Error when it lacks {question} or {answer}).
JudgeRubric loadJudgeRubric(const std::string& nameOrPath);

// The messages that ask the judge to grade one answer (not pairwise rubrics).
std::vector<generate::ChatMessage> gradingMessages(const JudgeRubric& rubric, const std::string& question,
                                                   const std::string& answer, const std::string& reference);
// The messages that ask the judge to compare answer A with answer B.
std::vector<generate::ChatMessage> comparisonMessages(const std::string& question, const std::string& answerA,
                                                      const std::string& answerB, const std::string& reference);

// "Rating: [[7]]" (also "[[7]]", "Rating: [7]"), 1 to 10; nullopt when the reply has no
// rating, several different ones, or one out of range.
std::optional<double> parseRating(std::string_view reply);
// An integer 0 to 100 the reply starts with ("85", "85.", "85/100", "Score: 85") or a
// "[[85]]"; nullopt otherwise.
std::optional<double> parseScore100(std::string_view reply);
// A custom rubric's score: "[[N]]" (any number, all occurrences agreeing) or a reply
// that is just a number.
std::optional<double> parseCustomScore(std::string_view reply);
// The score a rubric reads from a reply (not pairwise rubrics).
std::optional<double> parseScore(const JudgeRubric& rubric, std::string_view reply);

enum class PairVerdict { A, B, Tie };
std::string_view pairVerdictName(PairVerdict verdict); // "A", "B", "tie"
// "[[A]]", "[[B]]" or "[[C]]"; nullopt when none or several different ones appear.
std::optional<PairVerdict> parsePairVerdict(std::string_view reply);

// The model's outcome against the other model from the two orders MT-Bench asks in:
// `modelFirst` with the model's answer as A, `modelSecond` with it as B. Verdicts that
// disagree (each order prefers position A, say) count as a tie.
enum class PairOutcome { Win, Loss, Tie };
std::string_view pairOutcomeName(PairOutcome outcome); // "win", "loss", "tie"
PairOutcome combinePairVerdicts(PairVerdict modelFirst, PairVerdict modelSecond);

} // namespace lw::eval
