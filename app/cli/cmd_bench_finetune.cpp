// llmwb bench finetune: step time, real tokens/s and memory of each fine-tuning method
// on a model shape with random weights (core/finetune/finetune_benchmark.h).
#include "app/cli/bench_shape.h"
#include "app/cli/cli_context.h"
#include "core/finetune/finetune_benchmark.h"
#include "core/finetune/finetune_data.h"
#include "core/shape/training_renderer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <cstdlib>
#include <filesystem>

namespace lw::cli {

namespace {

// A fresh folder under the system's temporary folder, removed with this object.
class ScratchFolder {
public:
    ScratchFolder()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "llmwb-bench-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw Error("cannot make a temporary folder under " + std::filesystem::temp_directory_path().string());
        m_path = pattern;
    }
    ~ScratchFolder()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

struct BenchFinetuneCommand {
    std::string shape = "gpt2-124m";
    std::string method = "lora";
    finetune::FinetuneBenchmarkOptions options;
    std::string dataset;
    std::string workDir;
    bool json = false;
};

nlohmann::json methodJson(const finetune::MethodBenchmark& m)
{
    nlohmann::json j = {{"method", m.method},
                        {"step_ms", m.stepMs},
                        {"ms_per_step", m.msPerStep},
                        {"tokens_per_step", m.tokensPerStep},
                        {"slots_per_step", m.slotsPerStep},
                        {"tokens_per_s", m.tokensPerSecond},
                        {"losses", m.losses},
                        {"total_parameters", m.totalParameters},
                        {"trainable_parameters", m.trainableParameters},
                        {"adapter_parameter_count", m.adapterParameterCount},
                        {"weight_bytes", m.weightBytes},
                        {"trainable_bytes", m.trainableBytes},
                        {"gradient_bytes", m.gradientBytes},
                        {"optimizer_state_bytes", m.optimizerStateBytes},
                        {"rss_before_bytes", m.rssBeforeBytes},
                        {"rss_after_bytes", m.rssAfterBytes},
                        {"peak_rss_bytes", m.peakRssBytes}};
    if (m.referenceMs > 0)
        j["reference_ms"] = m.referenceMs;
    if (m.method == "qlora") {
        j["nf4_base_bytes"] = m.nf4BaseBytes;
        j["bf16_base_bytes"] = m.bf16BaseBytes;
        j["fp32_base_bytes"] = m.fp32BaseBytes;
        j["bf16_over_nf4"] = m.nf4BaseBytes > 0 ? double(m.bf16BaseBytes) / double(m.nf4BaseBytes) : 0.0;
    }
    return j;
}

// The project's dataset shaped with the tokenizer and template into `folder`: the rows of
// a real fine-tune.
std::string shapeProjectDataset(CliContext& ctx, const BenchFinetuneCommand& o, const std::string& folder)
{
    const store::Project project = ctx.project();
    store::Store store = project.openStore();
    const auto tokenizer = tokenizer::loadTokenizer(resolveTokenizerPath(project, o.options.rows.tokenizerPath));
    shape::ShapeOptions shapeOptions;
    shapeOptions.context = o.options.context + 1;
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate(o.options.rows.templateName), *tokenizer,
                                           shapeOptions);
    finetune::FinetuneSettings settings;
    settings.dataset = o.dataset;
    settings.objective = o.options.objective;
    return finetune::prepareFinetuneData(store, settings, renderer, folder, o.options.seed).file;
}

void runBenchFinetune(CliContext& ctx, BenchFinetuneCommand o)
{
    finetune::FinetuneBenchmarkOptions& options = o.options;
    options.model = namedBenchShape(o.shape);
    options.methods = o.method == "all" ? finetune::finetuneMethodNames() : std::vector<std::string>{o.method};
    std::optional<ScratchFolder> scratch;
    if (o.workDir.empty())
        scratch.emplace();
    options.workDir = o.workDir.empty() ? scratch->path() : o.workDir;
    if (!o.dataset.empty())
        options.rows.packedFile = shapeProjectDataset(ctx, o, options.workDir + "/data");
    const auto r = finetune::benchmarkFinetuning(options);
    const auto& c = options.model;
    std::printf("finetune %s (%s %lldx%lld), %s, batch %lld, context %lld%s, %d threads, BLAS kernels %s; "
                "%lld rows, %lld tokens\n",
                o.shape.c_str(), model::familyName(c.family).c_str(), static_cast<long long>(c.n_layer),
                static_cast<long long>(c.d_model), options.objective.c_str(), static_cast<long long>(options.batch),
                static_cast<long long>(options.context), options.packing ? " packed" : "", r.threads,
                r.blasCore.empty() ? "?" : r.blasCore.c_str(), static_cast<long long>(r.rows.rows),
                static_cast<long long>(r.rows.tokens));
    nlohmann::json methods = nlohmann::json::array();
    for (const auto& m : r.methods) {
        std::printf("  %-5s %8.1f ms/step, %7.0f tokens/s (%.0f of %.0f slots real), trainable %s, "
                    "optimizer state %s B, peak RSS %s B%s\n",
                    m.method.c_str(), m.msPerStep, m.tokensPerSecond, m.tokensPerStep, m.slotsPerStep,
                    formatCount(double(m.trainableParameters)).c_str(),
                    formatCount(double(m.optimizerStateBytes)).c_str(), formatCount(double(m.peakRssBytes)).c_str(),
                    m.nf4BaseBytes > 0 ? (", 4-bit base " + formatCount(double(m.nf4BaseBytes)) + " B against " +
                                          formatCount(double(m.bf16BaseBytes)) + " B in bf16")
                                             .c_str()
                                       : "");
        methods.push_back(methodJson(m));
    }
    nlohmann::json j = {{"bench", "finetune"},
                        {"shape", o.shape},
                        {"family", model::familyName(c.family)},
                        {"n_layer", c.n_layer},
                        {"d_model", c.d_model},
                        {"vocab", c.vocab_size},
                        {"objective", options.objective},
                        {"batch", options.batch},
                        {"context", options.context},
                        {"packing", options.packing},
                        {"steps", options.steps},
                        {"warmup", options.warmupSteps},
                        {"threads", r.threads},
                        {"blas_core", r.blasCore},
                        {"lora_rank", options.loraRank},
                        {"lora_alpha", options.loraAlpha},
                        {"lora_dropout", options.loraDropout},
                        {"rows", r.rows.rows},
                        {"sequences", r.rows.sequences},
                        {"row_tokens", r.rows.tokens},
                        {"truncated_rows", r.rows.truncated},
                        // VmHWM is per process: only the first method's peak is its own.
                        {"rss_per_method", r.methods.size() == 1 ? "peak" : "growth"},
                        {"methods", methods}};
    if (o.json)
        std::printf("%s\n", j.dump().c_str());
}

} // namespace

void registerBenchFinetune(CLI::App& bench, CliContext& context)
{
    auto o = std::make_shared<BenchFinetuneCommand>();
    auto& opt = o->options;
    auto* cmd = bench.add_subcommand("finetune", "Fine-tuning step time, tokens/s and memory per method, random weights");
    addCommonOptions(cmd, context, false);
    cmd->add_option("--shape", o->shape, "Model shape: a preset (gpt2-124m, small, tiny, ...) or llama-124m")
        ->capture_default_str();
    cmd->add_option("--method", o->method, "full, lora, qlora, dora or all")
        ->check(CLI::IsMember({"full", "lora", "qlora", "dora", "all"}))
        ->capture_default_str();
    cmd->add_option("--objective", opt.objective, "sft or dpo (reference log-probabilities cached first)")
        ->check(CLI::IsMember({"sft", "dpo"}))
        ->capture_default_str();
    cmd->add_option("--batch-size", opt.batch, "Examples (pairs for dpo; packed rows with --packing) per step")
        ->capture_default_str();
    cmd->add_option("--context", opt.context, "Inputs per row")->capture_default_str();
    cmd->add_option("--steps", opt.steps, "Timed steps")->capture_default_str();
    cmd->add_option("--warmup", opt.warmupSteps, "Untimed steps first")->capture_default_str();
    cmd->add_option("--threads", opt.threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--packing", opt.packing, "Pack examples back to back into rows of --context inputs");
    cmd->add_option("--lora-rank", opt.loraRank, "Adapter rank")->capture_default_str();
    cmd->add_option("--lora-alpha", opt.loraAlpha, "Adapter alpha")->capture_default_str();
    cmd->add_option("--seed", opt.seed, "Seed of the weights and the random rows")->capture_default_str();
    cmd->add_option("--random-rows", opt.rows.count, "Random rows to draw")->capture_default_str();
    cmd->add_option("--min-length", opt.rows.minLength, "Shortest random row in tokens (0: context + 1)")
        ->capture_default_str();
    cmd->add_option("--max-length", opt.rows.maxLength, "Longest random row in tokens (0: context + 1)")
        ->capture_default_str();
    auto* rows = cmd->add_option("--rows", opt.rows.recordsFile,
                                 "Records (JSON or JSON Lines: alpaca, messages, preference) instead of random rows");
    auto* dataset = cmd->add_option("--dataset", o->dataset, "A records dataset of --project instead of random rows");
    rows->excludes(dataset);
    cmd->add_option("--max-records", opt.rows.maxRecords, "Only the first records of --rows (0: all)")
        ->capture_default_str();
    cmd->add_option("--tokenizer", opt.rows.tokenizerPath, "Tokenizer for --rows or --dataset (path or project name)");
    cmd->add_option("--template", opt.rows.templateName, "Chat template for --rows or --dataset")->capture_default_str();
    cmd->add_option("--work-dir", o->workDir, "Keep the rows and the reference cache here (default: a temporary folder)");
    cmd->add_flag("--json", o->json, "Print a JSON line last");
    cmd->callback([&context, o] { runBenchFinetune(context, *o); });
}

} // namespace lw::cli
