// llmwb quant-report: what a quantization cost, as llama-perplexity --kl-divergence
// reports it (core/quant_report/quant_report.h): perplexity of the model and its
// original, the KL divergence of their next-token distributions, top-1 agreement,
// sizes, bits per weight, per-matrix weight error and speed. Stored as an evaluation
// (task quant_report) of the model; SIGINT/SIGTERM cancel (exit 3) and store nothing.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/catalog/model_loader.h"
#include "core/eval/eval_tasks.h"
#include "core/quant_report/quant_report.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>

namespace lw::cli {

namespace {

struct QuantReportCommand {
    std::string model;
    std::string reference;
    quant_report::QuantReportSettings settings;
    bool noSpeed = false;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
};

std::string quantReportLine(const char* name, const nlohmann::json& s, const char* key, const char* format)
{
    char line[160];
    const auto it = s.find(key);
    if (it == s.end() || !it->is_number())
        std::snprintf(line, sizeof line, "  %-26s %s\n", name, "-");
    else
        std::snprintf(line, sizeof line, format, name, it->get<double>());
    return line;
}

std::string quantReportTable(const nlohmann::json& s)
{
    std::string out = "quality of " + s["model"].get<std::string>() + " against " + s["reference"].get<std::string>() +
                      " (" + std::to_string(s["tokens"].get<int64_t>()) + " tokens)\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-26s %12.4f +/- %.4f   reference %.4f +/- %.4f\n", "perplexity",
                  s["ppl"].get<double>(), s["ppl_stderr"].get<double>(), s["ppl_reference"].get<double>(),
                  s["ppl_reference_stderr"].get<double>());
    out += line;
    std::snprintf(line, sizeof line, "  %-26s %12.6f +/- %.6f\n", "ln(PPL / PPL reference)",
                  s["ln_ppl_ratio"].get<double>(), s["ln_ppl_ratio_stderr"].get<double>());
    out += line;
    std::snprintf(line, sizeof line, "  %-26s %12.6f +/- %.6f\n", "mean KL divergence", s["kl_mean"].get<double>(),
                  s["kl_stderr"].get<double>());
    out += line;
    out += quantReportLine("median KL", s, "kl_median", "  %-26s %12.6f\n");
    out += quantReportLine("99% KL", s, "kl_p99", "  %-26s %12.6f\n");
    out += quantReportLine("maximum KL", s, "kl_max", "  %-26s %12.6f\n");
    std::snprintf(line, sizeof line, "  %-26s %11.3f%% +/- %.3f%%\n", "same top token", 100 * s["top1_agreement"].get<double>(),
                  100 * s["top1_agreement_stderr"].get<double>());
    out += line;
    std::snprintf(line, sizeof line, "  %-26s %12.2f   reference %.2f\n", "bits per weight",
                  s["bits_per_weight"].get<double>(), s["bits_per_weight_reference"].get<double>());
    out += line;
    std::snprintf(line, sizeof line, "  %-26s %12s   reference %s\n", "size on disk",
                  formatCount(s["bytes_on_disk"].get<double>()).c_str(),
                  formatCount(s["bytes_on_disk_reference"].get<double>()).c_str());
    out += line;
    std::snprintf(line, sizeof line, "  %-26s %12s   reference %s\n", "weights in memory",
                  formatCount(s["bytes_in_memory"].get<double>()).c_str(),
                  formatCount(s["bytes_in_memory_reference"].get<double>()).c_str());
    out += line;
    double worst = 0;
    std::string worstName;
    for (const auto& m : s["matrices"])
        if (m["relative_error"].is_number() && m["relative_error"].get<double>() >= worst) {
            worst = m["relative_error"].get<double>();
            worstName = m["name"].get<std::string>();
        }
    std::snprintf(line, sizeof line, "  %-26s %12.6f   %s\n", "largest matrix error", worst, worstName.c_str());
    out += line;
    if (s["decode_tokens_per_s"].is_number()) {
        std::snprintf(line, sizeof line, "  %-26s %12.1f   reference %.1f tokens/s\n", "decode",
                      s["decode_tokens_per_s"].get<double>(), s["decode_tokens_per_s_reference"].get<double>());
        out += line;
        std::snprintf(line, sizeof line, "  %-26s %12.1f   reference %.1f tokens/s\n", "prefill",
                      s["prefill_tokens_per_s"].get<double>(), s["prefill_tokens_per_s_reference"].get<double>());
        out += line;
    }
    out += "  evaluation " + std::to_string(s["evaluation_id"].get<int64_t>());
    return out;
}

void runQuantReportCommand(CliContext& ctx, QuantReportCommand& o)
{
    if (o.settings.data.dataset.empty() == o.settings.data.textFile.empty())
        throw Error("give one of --dataset D or --text-file F");
    const auto started = std::chrono::steady_clock::now();
    util::configureThreads(o.threads);
    o.settings.speed = !o.noSpeed;
    const store::Project project = ctx.project();
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    const catalog::ModelLocation referenceLocation = catalog::locateModel(o.reference, &project);
    catalog::LoadedModel model = catalog::loadModel(location, torch::Device(o.device));
    catalog::LoadedModel reference = catalog::loadModel(referenceLocation, torch::Device(o.device));

    CancelOnSignal cancel;
    ProgressLine line("comparing");
    auto report = progressReporter(ctx, line, cancel, "eval");
    eval::TaskOutcome outcome;
    cancel.run(ctx, [&] {
        outcome = quant_report::runQuantReport(project, o.model, model, o.reference, reference, o.settings, report);
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    outcome.settings["device"] = o.device;
    store::Json summary = outcome.summary;
    summary["evaluation_id"] = storeTaskOutcomeNow(project, "quant_report", o.model, location, outcome, started);
    printResult(ctx, o.json, summary, quantReportTable(summary));
}

} // namespace

void registerQuantReportCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<QuantReportCommand>();
    auto* cmd = app.add_subcommand("quant-report", "What a quantization cost: perplexity, KL divergence and top-1 "
                                                   "agreement against the original, size, weight error, speed");
    cmd->add_option("--model", o->model, "The quantized model (every form `llmwb models` names, a .gguf file)")
        ->required();
    cmd->add_option("--reference", o->reference, "The model it was made from (same vocabulary and tokenizer)")
        ->required();
    cmd->add_option("--dataset", o->settings.data.dataset, "A dataset version (name or folder): its rows' text, joined");
    cmd->add_option("--text-file", o->settings.data.textFile, "A UTF-8 text file");
    cmd->add_option("--context", o->settings.data.options.context, "Tokens per window (0: the models' context)")
        ->capture_default_str();
    cmd->add_option("--stride", o->settings.data.options.stride, "Tokens between window starts (0: half the window)")
        ->capture_default_str();
    cmd->add_option("--max-tokens", o->settings.maxTokens, "Read only the text's first T tokens (0: all)")
        ->capture_default_str();
    cmd->add_flag("--no-speed", o->noSpeed, "Skip timing decode and prefill of both models");
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object with every figure and the evaluation_id");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runQuantReportCommand(context, *o); });
}

} // namespace lw::cli
