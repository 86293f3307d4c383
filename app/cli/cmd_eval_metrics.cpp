// llmwb eval bleu|chrf|rouge: reference-based text metrics over line-aligned files (one
// segment per line in the hypothesis file and in every reference file; a .jsonl file
// holds one JSON string per line, which may break into several lines: segment_file.h).
// They evaluate no model, so they only print: a sentence, or one JSON line with --json.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"

#include "core/eval/bleu.h"
#include "core/eval/chrf.h"
#include "core/eval/rouge.h"
#include "core/eval/segment_file.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <memory>

namespace lw::cli {

namespace {

struct MetricFiles {
    std::string hypothesisPath;
    std::vector<std::string> referencePaths;
};

struct Segments {
    std::vector<std::string> hypotheses;
    std::vector<std::vector<std::string>> references;
};

Segments readAligned(const MetricFiles& files)
{
    Segments s;
    s.hypotheses = eval::readSegmentFile(files.hypothesisPath);
    for (const auto& path : files.referencePaths) {
        s.references.push_back(eval::readSegmentFile(path));
        if (s.references.back().size() != s.hypotheses.size())
            throw Error(fmt::format("{} has {} lines but {} has {}: one segment per line in every file",
                                    files.hypothesisPath, s.hypotheses.size(), path, s.references.back().size()));
    }
    return s;
}

void addFileOptions(CLI::App* command, MetricFiles& files, bool& json)
{
    command->add_option("--hyp", files.hypothesisPath, "Hypotheses: a UTF-8 text file, one segment per line; a .jsonl file holds one JSON "
                        "string per line, in which \\n breaks the segment into lines (ROUGE-Lsum's sentences)")
        ->required();
    command->add_option("--ref", files.referencePaths,
                        "References, one segment per line (or a .jsonl file of JSON strings, as for --hyp); "
                        "repeat for several references per segment")
        ->required();
    command->add_flag("--json", json, "Print one JSON line");
}

void addBleuCommand(CLI::App& eval, CliContext& context)
{
    struct Settings {
        MetricFiles files;
        bool json = false;
        eval::BleuOptions options;
        std::string smooth = "exp", tokenize = "13a";
        std::optional<double> smoothValue;
    };
    auto s = std::make_shared<Settings>();
    auto* cmd = eval.add_subcommand("bleu", "Corpus BLEU as sacreBLEU computes it (13a tokens, exp smoothing)");
    addFileOptions(cmd, s->files, s->json);
    cmd->add_flag("--lowercase", s->options.lowercase, "Compare lowercased text");
    cmd->add_option("--smooth", s->smooth, "Smoothing: exp (default), floor, add-k or none")
        ->check(CLI::IsMember({"exp", "floor", "add-k", "none"}));
    cmd->add_option("--smooth-value", s->smoothValue, "Value for floor (default 0.1) and add-k (default 1)");
    cmd->add_option("--tokenize", s->tokenize, "Tokenizer: 13a (default) or none")
        ->check(CLI::IsMember({"13a", "none"}));
    cmd->callback([s, &context] {
        using eval::BleuSmoothing;
        s->options.smoothing = s->smooth == "floor"   ? BleuSmoothing::Floor
                               : s->smooth == "add-k" ? BleuSmoothing::AddK
                               : s->smooth == "none"  ? BleuSmoothing::None
                                                      : BleuSmoothing::Exp;
        s->options.smoothValue = s->smoothValue;
        s->options.tokenizer = s->tokenize == "none" ? eval::BleuTokenizer::None : eval::BleuTokenizer::Tok13a;
        const Segments segments = readAligned(s->files);
        const eval::BleuResult r = eval::corpusBleu(segments.hypotheses, segments.references, s->options);
        const nlohmann::json summary = {{"metric", "bleu"},   {"score", r.score},       {"signature", r.signature},
                                        {"precisions", r.precisions}, {"bp", r.bp},    {"ratio", r.ratio},
                                        {"hyp_len", r.hypLen}, {"ref_len", r.refLen},  {"counts", r.counts},
                                        {"totals", r.totals}, {"n", segments.hypotheses.size()}};
        std::string precisions;
        for (double p : r.precisions)
            precisions += (precisions.empty() ? "" : "/") + fmt::format("{:.1f}", p);
        printResult(context, s->json, summary,
                    fmt::format("BLEU|{} = {:.2f} {} (BP = {:.3f} ratio = {:.3f} hyp_len = {} ref_len = {})",
                                r.signature, r.score, precisions, r.bp, r.ratio, r.hypLen, r.refLen));
    });
}

void addChrfCommand(CLI::App& eval, CliContext& context)
{
    struct Settings {
        MetricFiles files;
        bool json = false;
        eval::ChrfOptions options;
    };
    auto s = std::make_shared<Settings>();
    auto* cmd = eval.add_subcommand("chrf", "Corpus chrF (or chrF++ with --word-order 2) as sacreBLEU computes it");
    addFileOptions(cmd, s->files, s->json);
    cmd->add_flag("--lowercase", s->options.lowercase, "Compare lowercased text");
    cmd->add_option("--word-order", s->options.wordOrder, "Word n-gram order (2 gives chrF++)")
        ->check(CLI::Range(0, 10));
    cmd->add_option("--char-order", s->options.charOrder, "Character n-gram order (default 6)")
        ->check(CLI::Range(0, 20));
    cmd->add_option("--beta", s->options.beta, "Weight of recall against precision (default 2)")
        ->check(CLI::Range(1, 100));
    cmd->callback([s, &context] {
        const Segments segments = readAligned(s->files);
        const eval::ChrfResult r = eval::corpusChrf(segments.hypotheses, segments.references, s->options);
        const nlohmann::json summary = {{"metric", "chrf"}, {"name", r.name}, {"score", r.score},
                                        {"signature", r.signature}, {"n", segments.hypotheses.size()}};
        printResult(context, s->json, summary, fmt::format("{}|{} = {:.2f}", r.name, r.signature, r.score));
    });
}

nlohmann::json scoreJson(const eval::RougeScore& s)
{
    return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.fmeasure}};
}

void addRougeCommand(CLI::App& eval, CliContext& context)
{
    struct Settings {
        MetricFiles files;
        bool json = false;
        eval::RougeOptions options;
    };
    auto s = std::make_shared<Settings>();
    auto* cmd = eval.add_subcommand("rouge", "ROUGE-1/2/L/Lsum F1 as rouge-score computes them, averaged over segments");
    addFileOptions(cmd, s->files, s->json);
    cmd->add_flag("--stem", s->options.useStemmer, "Stem tokens longer than three letters (Porter)");
    cmd->callback([s, &context] {
        const Segments segments = readAligned(s->files);
        const eval::RougeCorpusResult r = eval::corpusRouge(segments.hypotheses, segments.references, s->options);
        const auto& m = r.mean;
        const nlohmann::json summary = {
            {"metric", "rouge"},
            {"rouge1", m.rouge1.fmeasure},
            {"rouge2", m.rouge2.fmeasure},
            {"rougeL", m.rougeL.fmeasure},
            {"rougeLsum", m.rougeLsum.fmeasure},
            {"details", {{"rouge1", scoreJson(m.rouge1)}, {"rouge2", scoreJson(m.rouge2)},
                         {"rougeL", scoreJson(m.rougeL)}, {"rougeLsum", scoreJson(m.rougeLsum)}}},
            {"stemmed", s->options.useStemmer},
            {"n", r.segments}};
        printResult(context, s->json, summary,
                    fmt::format("ROUGE F1 (mean of {} segments{}): rouge1 = {:.4f}  rouge2 = {:.4f}  rougeL = {:.4f}  "
                                "rougeLsum = {:.4f}",
                                r.segments, s->options.useStemmer ? ", stemmed" : "", m.rouge1.fmeasure,
                                m.rouge2.fmeasure, m.rougeL.fmeasure, m.rougeLsum.fmeasure));
    });
}

} // namespace

void registerEvalMetricCommands(CLI::App& eval, CliContext& context)
{
    addBleuCommand(eval, context);
    addChrfCommand(eval, context);
    addRougeCommand(eval, context);
}

} // namespace lw::cli
