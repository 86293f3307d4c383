#include "core/eval/judge.h"

#include "core/util/error.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace lw::eval {

namespace {

using Json = nlohmann::json;

void gradeOne(const JudgeRubric& rubric, const JudgeAsk& ask, JudgedExample& e)
{
    const JudgeReply reply = ask(gradingMessages(rubric, e.row.prompt, e.row.answer, e.row.reference));
    e.attempts = reply.attempts;
    if (!reply.ok) {
        e.error = reply.error;
        return;
    }
    e.reason = reply.content;
    e.score = parseScore(rubric, reply.content);
    e.parsed = e.score.has_value();
}

void compareOne(const JudgeAsk& ask, JudgedExample& e)
{
    // The model's answer as A, then as B.
    const std::pair<const std::string*, const std::string*> orders[] = {{&e.row.answer, &e.otherAnswer},
                                                                        {&e.otherAnswer, &e.row.answer}};
    std::optional<PairVerdict> verdicts[2];
    for (int i = 0; i < 2; ++i) {
        const JudgeReply reply = ask(comparisonMessages(e.row.prompt, *orders[i].first, *orders[i].second,
                                                        e.row.reference));
        e.attempts += reply.attempts;
        if (!reply.ok) {
            e.error = reply.error;
            return;
        }
        e.reason += (i == 0 ? "[model's answer as A]\n" : "\n\n[model's answer as B]\n") + reply.content;
        verdicts[i] = parsePairVerdict(reply.content);
        e.verdicts.push_back(verdicts[i] ? std::string(pairVerdictName(*verdicts[i])) : "unparsed");
    }
    if (verdicts[0] && verdicts[1]) {
        e.outcome = combinePairVerdicts(*verdicts[0], *verdicts[1]);
        e.parsed = true;
    }
}

double rate(int64_t count, int64_t total)
{
    return total > 0 ? double(count) / double(total) : 0.0;
}

} // namespace

Json JudgedExample::toJson() const
{
    Json j = row.toJson();
    if (pairwise) {
        j["other_answer"] = otherAnswer;
        j["verdicts"] = verdicts;
        j["verdict"] = outcome ? Json(std::string(pairOutcomeName(*outcome))) : Json(nullptr);
    } else {
        j["score"] = score ? Json(*score) : Json(nullptr);
    }
    j["reason"] = reason;
    j["attempts"] = attempts;
    j["parsed"] = parsed;
    if (!error.empty())
        j["error"] = error;
    return j;
}

std::vector<JudgedExample> judgeAnswers(const JudgeRubric& rubric, const JudgeAsk& ask,
                                        const std::vector<AnswerRow>& answers,
                                        const std::vector<AnswerRow>* otherAnswers, const JudgeRunOptions& options)
{
    if (rubric.pairwise() && (!otherAnswers || otherAnswers->size() != answers.size()))
        throw Error::inField("rubric", rubric.name + " compares two models: give the other model's answers");
    if (!rubric.pairwise() && otherAnswers)
        throw Error::inField("rubric", rubric.name + " grades one model: use mt-bench-pair to compare two");
    if (options.concurrency < 1)
        throw Error::inField("concurrency", "must be at least 1");

    std::vector<JudgedExample> judged(answers.size());
    for (size_t i = 0; i < answers.size(); ++i) {
        judged[i].row = answers[i];
        judged[i].pairwise = rubric.pairwise();
        if (otherAnswers)
            judged[i].otherAnswer = (*otherAnswers)[i].answer;
    }
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed;
    size_t done = 0;
    std::exception_ptr failure;
    auto work = [&] {
        for (size_t i = next++; i < judged.size() && !stop; i = next++) {
            try {
                if (rubric.pairwise())
                    compareOne(ask, judged[i]);
                else
                    gradeOne(rubric, ask, judged[i]);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure)
                    failure = std::current_exception();
                stop = true;
            }
            std::lock_guard<std::mutex> lock(mutex);
            ++done;
            changed.notify_all();
        }
    };
    const size_t threads = std::min(size_t(options.concurrency), std::max<size_t>(judged.size(), 1));
    std::vector<std::thread> workers;
    for (size_t t = 0; t < threads; ++t)
        workers.emplace_back(work);
    bool cancelled = false;
    {
        std::unique_lock<std::mutex> lock(mutex);
        size_t reported = 0;
        while (done < judged.size() && !stop) {
            changed.wait(lock, [&] { return done != reported || stop; });
            reported = done;
            const std::string detail = "judged " + std::to_string(reported) + " of " + std::to_string(judged.size());
            lock.unlock();
            const bool goOn = !options.progress || options.progress(rate(int64_t(reported), int64_t(judged.size())),
                                                                     detail);
            lock.lock();
            if (!goOn) {
                cancelled = true;
                stop = true;
            }
        }
    }
    for (auto& w : workers)
        w.join();
    if (failure)
        std::rethrow_exception(failure);
    if (cancelled)
        throw Error("cancelled");
    return judged;
}

Json judgeSummary(const JudgeRubric& rubric, const std::vector<JudgedExample>& judged)
{
    int64_t scored = 0, errors = 0, wins = 0, ties = 0, losses = 0;
    double total = 0;
    Json unparsedIndices = Json::array(), errorIndices = Json::array();
    for (const auto& e : judged) {
        if (!e.error.empty()) {
            ++errors;
            errorIndices.push_back(e.row.index);
        } else if (!e.parsed) {
            unparsedIndices.push_back(e.row.index);
        } else if (e.score) {
            ++scored;
            total += *e.score;
        } else if (e.outcome) {
            ++scored;
            wins += *e.outcome == PairOutcome::Win;
            ties += *e.outcome == PairOutcome::Tie;
            losses += *e.outcome == PairOutcome::Loss;
        }
    }
    Json s = {{"rubric", rubric.name},
              {"n", judged.size()},
              {"scored", scored},
              {"unparsed", unparsedIndices.size()},
              {"errors", errors},
              {"unparsed_indices", unparsedIndices},
              {"error_indices", errorIndices}};
    if (rubric.pairwise()) {
        s["wins"] = wins;
        s["ties"] = ties;
        s["losses"] = losses;
        s["win_rate"] = rate(wins, scored);
        s["tie_rate"] = rate(ties, scored);
        s["loss_rate"] = rate(losses, scored);
    } else {
        s["mean_score"] = scored > 0 ? Json(total / double(scored)) : Json(nullptr);
    }
    return s;
}

} // namespace lw::eval
