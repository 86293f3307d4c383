// llmwb eval generate: the model answers the prompts of a data file greedily; each
// answer is compared with its reference by exact match (SQuAD's normalisation when
// every --ignore-* flag is given), and the evaluation is stored as task "generate".
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "app/cli/eval_answers.h"
#include "core/eval/evaluation_subject.h"
#include "core/eval/generation_metrics.h"

#include <chrono>
#include <cstdio>
#include <cstring>

namespace lw::cli {

namespace {

struct EvalGenerateCommand {
    AnswerFlags answers;
    eval::AnswerNormalisation normalisation;
    bool json = false;
};

nlohmann::json normalisationJson(const eval::AnswerNormalisation& n)
{
    return {{"ignore_case", n.ignoreCase},
            {"ignore_punctuation", n.ignorePunctuation},
            {"ignore_articles", n.ignoreArticles},
            {"ignore_whitespace", n.ignoreWhitespace}};
}

void runEvalGenerate(CliContext& ctx, const EvalGenerateCommand& o)
{
    const auto started = std::chrono::steady_clock::now();
    const store::Project project = ctx.project();
    const catalog::ModelLocation location = locateEvalModel(project, o.answers.model);
    const std::vector<eval::EvalExample> examples = eval::readEvalExamples(o.answers.data, o.answers.limit);

    CancelOnSignal cancel;
    ProgressLine line("generating");
    eval::AnswerGenerationOptions options;
    options.maxNewTokens = o.answers.maxNewTokens;
    options.progress = progressReporter(ctx, line, cancel, "eval");
    options.stopRequested = [&cancel] { return cancel.requested(); };
    cancel.run(ctx, [&] {
        const auto rows = answerExamples(ctx, o.answers.model, o.answers, examples, options);
        line.finish();
        const eval::GenerationScores scores = eval::scoreGeneratedAnswers(rows, o.normalisation);

        store::Store store = project.openStore();
        store::EvaluationRecord record =
            eval::newEvaluation(store, "generate", o.answers.model, location, evalToolVersion());
        record.dataset = o.answers.data;
        record.datasetInfo = evalDatasetInfo(o.answers.data, examples.size());
        record.settings = o.answers.settings();
        record.settings["normalisation"] = normalisationJson(o.normalisation);
        record.summary = scores.summary;
        record.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const int64_t id = storeEvaluation(project, record, scores.examples);

        nlohmann::json out = scores.summary;
        out["evaluation_id"] = id;
        char human[300];
        std::snprintf(human, sizeof human, "exact match %.4f (%lld of %lld answers), evaluation %lld",
                      scores.summary["exact_match"].get<double>(),
                      static_cast<long long>(scores.summary["matches"].get<int64_t>()),
                      static_cast<long long>(rows.size()), static_cast<long long>(id));
        if (scores.summary.contains("bleu"))
            std::snprintf(human + std::strlen(human), sizeof human - std::strlen(human),
                          "\nBLEU %.2f  chrF %.2f  ROUGE-1 %.4f  ROUGE-2 %.4f  ROUGE-L %.4f",
                          scores.summary["bleu"].get<double>(), scores.summary["chrf"].get<double>(),
                          scores.summary["rouge1"].get<double>(), scores.summary["rouge2"].get<double>(),
                          scores.summary["rougeL"].get<double>());
        printResult(ctx, o.json, out, human);
    });
}

} // namespace

void registerEvalGenerateCommand(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalGenerateCommand>();
    auto* cmd = eval.add_subcommand("generate", "Answer the prompts of a data file and score the answers against "
                                                "the references by exact match");
    o->answers.add(cmd);
    cmd->add_flag("--ignore-case", o->normalisation.ignoreCase, "Compare lowercased");
    cmd->add_flag("--ignore-punctuation", o->normalisation.ignorePunctuation, "Leave out ASCII punctuation");
    cmd->add_flag("--ignore-articles", o->normalisation.ignoreArticles, "Leave out the words a, an and the");
    cmd->add_flag("--ignore-whitespace", o->normalisation.ignoreWhitespace,
                  "Collapse runs of whitespace, none at the ends (all four: SQuAD's normalisation)");
    cmd->add_flag("--json", o->json, "Print one JSON line: exact_match, matches, n, evaluation_id");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalGenerate(context, *o); });
}

} // namespace lw::cli
