// llmwb bench generate: prefill and decode speed of a model shape with random weights,
// and the decode's share of the machine's memory bandwidth.
#include "app/cli/bench_shape.h"
#include "app/cli/cli_context.h"
#include "core/catalog/model_loader.h"
#include "core/generate/cpu_kernels.h"
#include "core/generate/generation_benchmark.h"

namespace lw::cli {

namespace {

struct BenchGenerateCommand {
    BenchShape shape{"gpt2", 12, 768, 12, 0, 1024, 50257};
    int64_t promptTokens = 32, newTokens = 128, runs = 3;
    int threads = 0;
    std::string device = "cpu", dtype = "fp32", quant;
    bool modelForward = false;
    bool json = false;
    std::string model; // --model: take the shape of this model
};

void runBenchGenerate(CliContext& ctx, BenchGenerateCommand o)
{
    generate::GenerationBenchmarkOptions options;
    options.model = o.shape.config();
    if (!o.model.empty()) {
        // Speed depends on the shape and the matrices' formats, not on the weights' values:
        // the model's configuration is read from its headers and the float weights stay random.
        std::optional<store::Project> project;
        if (!catalog::formatOfPath(o.model))
            project = ctx.project();
        const catalog::ModelLocation location = catalog::locateModel(o.model, project ? &*project : nullptr);
        options.model = catalog::modelConfigOf(location);
        // A quantized GGUF file is benched on its own blocks (the formats and mixes
        // another tool reading the file decodes from), unless --quant asks for another.
        if (location.format == catalog::ModelFormat::Gguf && o.quant.empty())
            options.storedMatricesFile = location.path;
        o.shape.family = model::familyName(options.model.family);
        o.shape.nLayer = options.model.n_layer;
        o.shape.dModel = options.model.d_model;
        o.shape.nHead = options.model.n_head;
        o.shape.headDim = options.model.hasOwnHeadDim() ? options.model.head_dim : 0;
        o.shape.context = options.model.context_length;
        o.shape.vocab = options.model.vocab_size;
    }
    options.promptTokens = o.promptTokens;
    options.newTokens = o.newTokens;
    options.runs = o.runs;
    options.threads = o.threads;
    options.device = o.device;
    options.dtype = o.dtype;
    options.quant = o.quant;
    options.fusedCpu = !o.modelForward;
    auto r = generate::benchmarkGeneration(options);
    std::printf("generate %s %lldx%lld, %lld heads, vocab %lld: %s parameters, %s, %d threads\n", o.shape.family.c_str(),
                static_cast<long long>(o.shape.nLayer), static_cast<long long>(o.shape.dModel), static_cast<long long>(o.shape.nHead),
                static_cast<long long>(o.shape.vocab), formatCount(double(r.parameters)).c_str(), r.runner.c_str(),
                r.threads);
    std::printf("prefill %lld tokens: %.1f ms (%.0f tokens/s), time to first token %.1f ms\n",
                static_cast<long long>(o.promptTokens), r.prefillMs, r.prefillTokensPerS, r.timeToFirstTokenMs);
    std::printf("decode %lld tokens: %.2f ms/token (%.1f tokens/s), median of %lld runs\n",
                static_cast<long long>(o.newTokens), r.decodeMsPerToken, r.decodeTokensPerS,
                static_cast<long long>(o.runs));
    if (r.weightBytesPerToken > 0)
        std::printf("memory: %.1f MB of weights + %.1f MB of kv cache read per token = %.1f GB/s; measured read "
                    "bandwidth %.1f GB/s (1 GiB, %d threads): %.0f%% of it\n",
                    r.weightBytesPerToken / 1e6, r.kvBytesPerToken / 1e6, r.achievedBytesPerS / 1e9,
                    r.memoryReadBytesPerS / 1e9, r.threads, 100.0 * r.bandwidthFraction);
    nlohmann::json j = {{"bench", "generate"},
                        {"family", o.shape.family},
                        {"n_layer", o.shape.nLayer},
                        {"d_model", o.shape.dModel},
                        {"n_head", o.shape.nHead},
                        {"head_dim", options.model.headDim()},
                        {"context", o.shape.context},
                        {"vocab", o.shape.vocab},
                        {"parameters", r.parameters},
                        {"dtype", o.dtype},
                        {"quant", o.quant.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.quant)},
                        {"quantized_matrix_bytes", r.quantizedMatrixBytes},
                        {"stored_formats", r.storedFormats},
                        {"device", o.device},
                        {"threads", r.threads},
                        {"runner", r.runner},
                        {"kernels", generate::kernels::kernelName()},
                        {"prompt_tokens", o.promptTokens},
                        {"new_tokens", o.newTokens},
                        {"runs", o.runs},
                        {"prefill_ms", r.prefillMs},
                        {"prefill_tokens_per_s", r.prefillTokensPerS},
                        {"time_to_first_token_ms", r.timeToFirstTokenMs},
                        {"decode_ms_per_token", r.decodeMsPerToken},
                        {"decode_tokens_per_s", r.decodeTokensPerS},
                        {"decode_ms_per_token_runs", r.decodeMsPerTokenRuns},
                        {"weight_bytes_per_token", r.weightBytesPerToken},
                        {"kv_bytes_per_token", r.kvBytesPerToken},
                        {"achieved_bytes_per_s", r.achievedBytesPerS},
                        {"memory_read_bytes_per_s", r.memoryReadBytesPerS},
                        {"bandwidth_fraction", r.bandwidthFraction}};
    if (o.json)
        std::printf("%s\n", j.dump().c_str());
}

} // namespace

void registerBenchGenerate(CLI::App& bench, CliContext& context)
{
    auto o = std::make_shared<BenchGenerateCommand>();
    auto* cmd = bench.add_subcommand("generate", "Prefill and decode speed of a model shape with random weights");
    o->shape.addFlags(cmd);
    cmd->add_option("--prompt-tokens", o->promptTokens, "Random prompt tokens to prefill")->capture_default_str();
    cmd->add_option("--new-tokens", o->newTokens, "Tokens to decode (greedy)")->capture_default_str();
    cmd->add_option("--runs", o->runs, "Timed runs after one warm-up run (the median is reported)")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--dtype", o->dtype, "fp32 or bf16 weights")->check(CLI::IsMember({"fp32", "bf16"}))->capture_default_str();
    cmd->add_option("--quant", o->quant,
                    "Quantize the matrices first with a method of llmwb quantize (q8_0, q4_k_m, int8, nf4, ...)");
    cmd->add_flag("--model-forward", o->modelForward,
                  "Use the model's own forward pass with its KV cache instead of the fused CPU decoder");
    cmd->add_flag("--json", o->json, "Print a JSON line last");
    cmd->add_option("--model", o->model,
                    "Take the shape of this model (a run id, checkpoint, model name, Hugging Face folder or .gguf "
                    "file) instead of the shape flags; the weights stay random, except a quantized GGUF file's matrices, "
                    "which decode reads as stored");
    addCommonOptions(cmd, context, false);
    cmd->callback([o, &context] { runBenchGenerate(context, *o); });
}

} // namespace lw::cli
