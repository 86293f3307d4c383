// llmwb eval judge: the model answers the prompts of a data file, then a judge model
// behind an OpenAI-compatible endpoint grades each answer (or, with mt-bench-pair,
// compares it with another model's answer in both orders); stored as task "judge".
// Replies the rubric cannot read are reported as unparsed and never scored; a request
// that fails (after its retries) is an error for that example only.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "app/cli/eval_answers.h"
#include "core/eval/evaluation_subject.h"
#include "core/eval/judge.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>

namespace lw::cli {

namespace {

struct EvalJudgeCommand {
    std::string model;
    std::string compareModel;
    AnswerFlags answers;
    eval::JudgeEndpoint judge;
    std::string rubric = "mt-bench";
    int concurrency = 1;
    bool json = false;
};

using Progress = std::function<bool(double, const std::string&)>;

// A stage's progress as its share [from, to) of the whole job.
Progress stageProgress(const Progress& whole, double from, double to, const std::string& stage)
{
    return [=](double fraction, const std::string& detail) {
        return whole(from + (to - from) * fraction, stage + ": " + detail);
    };
}

std::string humanSummary(const nlohmann::json& s, int64_t id)
{
    char text[300];
    if (s.contains("win_rate")) {
        std::snprintf(text, sizeof text, "win %.3f, tie %.3f, loss %.3f over %lld compared answers",
                      s["win_rate"].get<double>(), s["tie_rate"].get<double>(), s["loss_rate"].get<double>(),
                      static_cast<long long>(s["scored"].get<int64_t>()));
    } else if (s["mean_score"].is_null()) {
        std::snprintf(text, sizeof text, "no answer was scored");
    } else {
        std::snprintf(text, sizeof text, "mean score %.3f over %lld answers", s["mean_score"].get<double>(),
                      static_cast<long long>(s["scored"].get<int64_t>()));
    }
    return std::string(text) + " (" + std::to_string(s["unparsed"].get<int64_t>()) + " unparsed, " +
           std::to_string(s["errors"].get<int64_t>()) + " errors, " + std::to_string(s["n"].get<int64_t>()) +
           " examples), evaluation " + std::to_string(id);
}

void runEvalJudge(CliContext& ctx, EvalJudgeCommand o)
{
    const auto started = std::chrono::steady_clock::now();
    const eval::JudgeRubric rubric = eval::loadJudgeRubric(o.rubric);
    if (rubric.pairwise() && o.compareModel.empty())
        throw Error::inField("compare-model", "is needed by the " + rubric.name + " rubric");
    if (!rubric.pairwise() && !o.compareModel.empty())
        throw Error::inField("compare-model", "needs --rubric mt-bench-pair");
    o.judge.apiKey = eval::judgeApiKeyFromEnvironment();
    const eval::JudgeClient client(o.judge);
    const store::Project project = ctx.project();
    const catalog::ModelLocation location = locateEvalModel(project, o.answers.model);
    if (!o.compareModel.empty())
        locateEvalModel(project, o.compareModel); // a wrong name fails before any answer is generated
    const std::vector<eval::EvalExample> examples = eval::readEvalExamples(o.answers.data, o.answers.limit);

    CancelOnSignal cancel;
    ProgressLine line("judging");
    const Progress whole = progressReporter(ctx, line, cancel, "eval");
    const bool pairwise = rubric.pairwise();
    cancel.run(ctx, [&] {
        eval::AnswerGenerationOptions options;
        options.maxNewTokens = o.answers.maxNewTokens;
        options.stopRequested = [&cancel] { return cancel.requested(); };
        options.progress = stageProgress(whole, 0, pairwise ? 0.25 : 0.5, "model");
        const auto answers = answerExamples(ctx, o.answers.model, o.answers, examples, options);
        std::vector<eval::AnswerRow> otherAnswers;
        if (pairwise) {
            options.progress = stageProgress(whole, 0.25, 0.5, "compare model");
            otherAnswers = answerExamples(ctx, o.compareModel, o.answers, examples, options);
        }
        eval::JudgeRunOptions run;
        run.concurrency = o.concurrency;
        run.progress = stageProgress(whole, 0.5, 1.0, "judge");
        const auto judged = eval::judgeAnswers(
            rubric, [&client](const std::vector<generate::ChatMessage>& m) { return client.ask(m); }, answers,
            pairwise ? &otherAnswers : nullptr, run);
        line.finish();

        store::Store store = project.openStore();
        store::EvaluationRecord record =
            eval::newEvaluation(store, "judge", o.answers.model, location, evalToolVersion());
        record.dataset = o.answers.data;
        record.datasetInfo = evalDatasetInfo(o.answers.data, examples.size());
        record.settings = o.answers.settings();
        record.settings.update({{"rubric", rubric.name},
                                {"judge", o.judge.url},
                                {"judge_model", o.judge.model},
                                {"compare_model", o.compareModel},
                                {"concurrency", o.concurrency},
                                {"timeout_s", o.judge.timeoutSeconds},
                                {"retries", o.judge.retries},
                                {"judge_ca", o.judge.caFile}});
        record.summary = eval::judgeSummary(rubric, judged);
        record.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::vector<nlohmann::json> rows;
        for (const auto& e : judged)
            rows.push_back(e.toJson());
        const int64_t id = storeEvaluation(project, record, rows);

        nlohmann::json out = record.summary;
        out["evaluation_id"] = id;
        printResult(ctx, o.json, out, humanSummary(record.summary, id));
    });
}

} // namespace

void registerEvalJudgeCommand(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalJudgeCommand>();
    auto* cmd = eval.add_subcommand("judge", "Answer the prompts of a data file and have a judge model behind an "
                                             "OpenAI-compatible endpoint grade (or compare) the answers");
    o->answers.add(cmd);
    cmd->add_option("--judge", o->judge.url,
                    "The judge's endpoint: http://HOST:PORT/v1 or https://HOST:PORT/v1 (or the full .../chat/completions "
                    "URL); the API key "
                    "comes from LLMWB_JUDGE_API_KEY or OPENAI_API_KEY")
        ->required();
    cmd->add_option("--judge-ca", o->judge.caFile,
                    "https judge: a PEM file of the certificate authorities to trust (e.g. a self-signed judge's "
                    "certificate) instead of the system's store; without it the system's store is used, or the "
                    "file SSL_CERT_FILE names. The certificate is always verified");
    cmd->add_option("--judge-model", o->judge.model, "The judge's model name (the request's \"model\")");
    cmd->add_option("--rubric", o->rubric,
                    "mt-bench (1-10 rating), mt-bench-pair (compare with --compare-model), score-100 (0-100), or "
                    "a prompt file with {question}, {answer} and {reference}")
        ->capture_default_str();
    cmd->add_option("--compare-model", o->compareModel, "With mt-bench-pair: the model to compare against");
    cmd->add_option("--concurrency", o->concurrency, "Judge requests in flight at once")->capture_default_str();
    cmd->add_option("--timeout", o->judge.timeoutSeconds, "Seconds to wait for the judge (connect, each read)")
        ->capture_default_str();
    cmd->add_option("--retries", o->judge.retries,
                    "Retries after a connection error (a TLS handshake cut short included), a time-out, 429 or 5xx "
                    "(with exponential backoff); an untrusted certificate is never retried")
        ->capture_default_str();
    cmd->add_option("--backoff", o->judge.backoffSeconds, "Seconds before the first retry (doubled each time)")
        ->capture_default_str();
    cmd->add_option("--judge-max-tokens", o->judge.maxTokens, "The judge's reply at most, in tokens")
        ->capture_default_str();
    cmd->add_flag("--json", o->json,
                  "Print one JSON line: mean_score (or win/tie/loss rates), n, scored, unparsed, errors, "
                  "evaluation_id");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalJudge(context, *o); });
}

} // namespace lw::cli
