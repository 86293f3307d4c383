#include "core/eval/judge_rubric.h"

#include "core/util/error.h"
#include "core/util/text_file.h"

#include <regex>

namespace lw::eval {

namespace {

const char* kJudgeSystem = "You are a careful and impartial judge of answers written by AI assistants.";

std::string referenceSection(const std::string& reference)
{
    return reference.empty() ? std::string() : "[Reference answer]\n" + reference + "\n\n";
}

// Every number a pattern's first group captures, if they all agree.
std::optional<double> agreedNumber(std::string_view reply, const std::regex& pattern)
{
    std::optional<double> value;
    const std::string text(reply);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
        const double v = std::stod((*it)[1].str());
        if (value && *value != v)
            return std::nullopt;
        value = v;
    }
    return value;
}

std::optional<double> inRange(std::optional<double> value, double low, double high)
{
    if (!value || *value < low || *value > high)
        return std::nullopt;
    return value;
}

const std::regex& doubleBracketNumber()
{
    static const std::regex r(R"(\[\[\s*(\d+(?:\.\d+)?)\s*\]\])");
    return r;
}

// One left-to-right pass: a placeholder inside an inserted text stays as it is.
std::string fillPlaceholders(const std::string& prompt, const std::string& question, const std::string& answer,
                             const std::string& reference)
{
    const std::pair<std::string_view, const std::string*> fields[] = {
        {"{question}", &question}, {"{answer}", &answer}, {"{reference}", &reference}};
    std::string out;
    for (size_t i = 0; i < prompt.size();) {
        bool replaced = false;
        for (const auto& [name, value] : fields) {
            if (prompt.compare(i, name.size(), name) == 0) {
                out += *value;
                i += name.size();
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out += prompt[i++];
    }
    return out;
}

} // namespace

JudgeRubric loadJudgeRubric(const std::string& nameOrPath)
{
    if (nameOrPath == "mt-bench")
        return {RubricKind::MtBench, nameOrPath, {}};
    if (nameOrPath == "mt-bench-pair")
        return {RubricKind::MtBenchPair, nameOrPath, {}};
    if (nameOrPath == "score-100")
        return {RubricKind::Score100, nameOrPath, {}};
    JudgeRubric rubric{RubricKind::Custom, nameOrPath, util::readTextFileUtf8(nameOrPath, true)};
    for (const char* field : {"{question}", "{answer}"})
        if (rubric.customTemplate.find(field) == std::string::npos)
            throw Error::inFile(nameOrPath, std::string("a rubric prompt must contain ") + field +
                                                " (rubrics: mt-bench, mt-bench-pair, score-100 or a prompt file)");
    return rubric;
}

std::vector<generate::ChatMessage> gradingMessages(const JudgeRubric& rubric, const std::string& question,
                                                   const std::string& answer, const std::string& reference)
{
    switch (rubric.kind) {
    case RubricKind::MtBench:
        return {{"system", kJudgeSystem},
                {"user", "Judge how well the assistant's answer below responds to the user's question. Weigh "
                         "whether it is correct, helpful, relevant, detailed enough and clearly written. When a "
                         "reference answer is given, compare the answer with it and point out every mistake. "
                         "First explain your judgement in a few objective sentences. Then, on the last line, "
                         "rate the answer from 1 to 10 in exactly this form: \"Rating: [[5]]\".\n\n"
                         "[Question]\n" + question + "\n\n" + referenceSection(reference) +
                             "[Assistant's answer]\n" + answer + "\n"}};
    case RubricKind::Score100:
        return {{"user", "Below are a task given to a model, the output we expected and the model's response. "
                         "Score the response from 0 (useless) to 100 (as good as the expected output). "
                         "Respond with the integer number only.\n\n"
                         "Task:\n" + question + "\n\nExpected output:\n" + reference +
                             "\n\nModel response:\n" + answer + "\n"}};
    case RubricKind::Custom:
        return {{"user", fillPlaceholders(rubric.customTemplate, question, answer, reference)}};
    case RubricKind::MtBenchPair:
        break;
    }
    throw Error::inField("rubric", "mt-bench-pair compares two answers: use comparisonMessages");
}

std::vector<generate::ChatMessage> comparisonMessages(const std::string& question, const std::string& answerA,
                                                      const std::string& answerB, const std::string& reference)
{
    return {{"system", kJudgeSystem},
            {"user", "Two AI assistants answered the user's question below. Decide which answer serves the "
                     "user better: weigh correctness, helpfulness, relevance, depth and clarity, and compare "
                     "both with the reference answer when one is given. Neither the order of the answers nor "
                     "their length may sway you. First explain your comparison in a few objective sentences. "
                     "Then, on the last line, give your verdict in exactly this form: \"[[A]]\" when "
                     "assistant A is better, \"[[B]]\" when assistant B is better, \"[[C]]\" for a tie.\n\n"
                     "[Question]\n" + question + "\n\n" + referenceSection(reference) +
                         "[Assistant A's answer]\n" + answerA + "\n\n[Assistant B's answer]\n" + answerB + "\n"}};
}

std::optional<double> parseRating(std::string_view reply)
{
    if (auto bracketed = agreedNumber(reply, doubleBracketNumber()))
        return inRange(bracketed, 1, 10);
    static const std::regex single(R"(rating\s*:\s*\[\s*(\d+(?:\.\d+)?)\s*\])", std::regex::icase);
    return inRange(agreedNumber(reply, single), 1, 10);
}

std::optional<double> parseScore100(std::string_view reply)
{
    if (auto bracketed = agreedNumber(reply, doubleBracketNumber()))
        return inRange(bracketed, 0, 100);
    // The integer the reply starts with, alone or as "N/100"; "3 out of 5" and "7/10" are not scores.
    static const std::regex leading(R"(^\s*(?:score\s*:\s*)?(\d{1,3})(\s*/\s*100)?(?=$|[\s.,;!)]))",
                                    std::regex::icase);
    static const std::regex outOf(R"(^\s*out\s+of\b)", std::regex::icase);
    const std::string text(reply);
    std::smatch m;
    if (!std::regex_search(text, m, leading))
        return std::nullopt;
    if (std::regex_search(text.substr(size_t(m.length(0))), outOf))
        return std::nullopt;
    return inRange(std::stod(m[1].str()), 0, 100);
}

std::optional<double> parseCustomScore(std::string_view reply)
{
    if (auto bracketed = agreedNumber(reply, doubleBracketNumber()))
        return bracketed;
    static const std::regex bare(R"(^\s*(-?\d+(?:\.\d+)?)\s*\.?\s*$)");
    const std::string text(reply);
    std::smatch m;
    if (std::regex_match(text, m, bare))
        return std::stod(m[1].str());
    return std::nullopt;
}

std::optional<double> parseScore(const JudgeRubric& rubric, std::string_view reply)
{
    switch (rubric.kind) {
    case RubricKind::MtBench:
        return parseRating(reply);
    case RubricKind::Score100:
        return parseScore100(reply);
    case RubricKind::Custom:
        return parseCustomScore(reply);
    case RubricKind::MtBenchPair:
        break;
    }
    throw Error::inField("rubric", "mt-bench-pair gives verdicts, not scores");
}

std::string_view pairVerdictName(PairVerdict verdict)
{
    return verdict == PairVerdict::A ? "A" : verdict == PairVerdict::B ? "B" : "tie";
}

std::optional<PairVerdict> parsePairVerdict(std::string_view reply)
{
    static const std::regex tag(R"(\[\[\s*([ABCabc])\s*\]\])");
    std::optional<PairVerdict> verdict;
    const std::string text(reply);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
        const char c = char(std::toupper((*it)[1].str()[0]));
        const PairVerdict v = c == 'A' ? PairVerdict::A : c == 'B' ? PairVerdict::B : PairVerdict::Tie;
        if (verdict && *verdict != v)
            return std::nullopt;
        verdict = v;
    }
    return verdict;
}

std::string_view pairOutcomeName(PairOutcome outcome)
{
    return outcome == PairOutcome::Win ? "win" : outcome == PairOutcome::Loss ? "loss" : "tie";
}

PairOutcome combinePairVerdicts(PairVerdict modelFirst, PairVerdict modelSecond)
{
    if (modelFirst == PairVerdict::A && modelSecond == PairVerdict::B)
        return PairOutcome::Win;
    if (modelFirst == PairVerdict::B && modelSecond == PairVerdict::A)
        return PairOutcome::Loss;
    // Both ties, or a verdict that follows the position rather than the answer.
    return PairOutcome::Tie;
}

} // namespace lw::eval
