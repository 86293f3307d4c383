#include "core/eval/choice_scoring.h"

#include "core/util/error.h"

#include <cmath>
#include <limits>

namespace lw::eval {

namespace {

// numpy's argmax: the first of equal maxima.
int64_t firstArgmax(const std::vector<double>& values)
{
    int64_t best = 0;
    for (size_t i = 1; i < values.size(); ++i)
        if (values[i] > values[size_t(best)])
            best = int64_t(i);
    return best;
}

} // namespace

double meanStderr(const std::vector<double>& values)
{
    const size_t n = values.size();
    if (n < 2)
        return std::numeric_limits<double>::quiet_NaN();
    double mean = 0;
    for (double v : values)
        mean += v;
    mean /= double(n);
    double squares = 0;
    for (double v : values)
        squares += (v - mean) * (v - mean);
    return std::sqrt(squares / double(n - 1)) / std::sqrt(double(n));
}

ChoiceExampleResult decideChoice(const ChoiceRequest& request, std::vector<ChoiceOutcome> outcomes)
{
    if (outcomes.empty())
        throw Error::inField("choices", "an item needs at least one choice");
    std::vector<double> raw, normalised;
    for (const auto& o : outcomes) {
        raw.push_back(o.logprob);
        // A choice of no characters divides by zero, as in the harness (-inf or NaN).
        normalised.push_back(o.logprob / double(o.characters));
    }
    ChoiceExampleResult r;
    r.index = request.index;
    r.subject = request.subject;
    r.gold = request.gold;
    r.predicted = firstArgmax(raw);
    r.predictedNorm = firstArgmax(normalised);
    r.choices = std::move(outcomes);
    return r;
}

ChoiceSummary summarizeChoices(const std::vector<ChoiceExampleResult>& examples)
{
    ChoiceSummary s;
    std::vector<double> acc, accNorm;
    for (const auto& e : examples) {
        acc.push_back(e.predicted == e.gold ? 1.0 : 0.0);
        accNorm.push_back(e.predictedNorm == e.gold ? 1.0 : 0.0);
        if (!e.subject.empty()) {
            SubjectFigures& f = s.subjects[e.subject];
            f.acc += acc.back();
            f.accNorm += accNorm.back();
            f.n += 1;
        }
    }
    s.n = int64_t(examples.size());
    for (size_t i = 0; i < examples.size(); ++i) {
        s.acc += acc[i];
        s.accNorm += accNorm[i];
    }
    if (s.n > 0) {
        s.acc /= double(s.n);
        s.accNorm /= double(s.n);
    }
    for (auto& entry : s.subjects) {
        entry.second.acc /= double(entry.second.n);
        entry.second.accNorm /= double(entry.second.n);
    }
    s.accStderr = meanStderr(acc);
    s.accNormStderr = meanStderr(accNorm);
    return s;
}

ChoiceEvaluation evaluateChoices(ContinuationScorer& scorer, const std::vector<ChoiceRequest>& requests,
                                 const ChoiceProgress& progress)
{
    ChoiceEvaluation out;
    out.examples.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) {
        const ChoiceRequest& request = requests[i];
        if (request.tokens.continuations.size() != request.tokens.characters.size())
            throw Error::inField("characters", "one character count per continuation is needed");
        const auto scores = scorer.score(request.tokens.context, request.tokens.continuations);
        std::vector<ChoiceOutcome> outcomes;
        for (size_t c = 0; c < scores.size(); ++c)
            outcomes.push_back({scores[c].logprob, scores[c].tokens, request.tokens.characters[c]});
        out.examples.push_back(decideChoice(request, std::move(outcomes)));
        if (progress && !progress(i + 1, requests.size()))
            throw Error("evaluation cancelled");
    }
    out.summary = summarizeChoices(out.examples);
    return out;
}

std::vector<ChoiceRequest> choiceRequests(const ChoiceTask& task, const FewShotSettings& shots, int64_t limit,
                                          const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& prefix)
{
    if (limit == 0 || limit < -1)
        throw Error::inField("limit", "must be 1 or more (or -1 for every item)");
    const size_t count = limit < 0 ? task.items.size() : std::min(task.items.size(), size_t(limit));
    const ChoicePromptBuilder builder(task, shots);
    std::vector<ChoiceRequest> requests;
    requests.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        ChoiceRequest r;
        r.index = i;
        r.subject = task.items[i].subject;
        r.gold = task.items[i].answer;
        r.tokens = tokenizeChoicePrompt(tokenizer, prefix, builder.prompt(i));
        requests.push_back(std::move(r));
    }
    return requests;
}

} // namespace lw::eval
