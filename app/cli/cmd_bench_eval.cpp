// llmwb bench eval: multiple-choice items/s and perplexity windows/s on a model shape
// with random weights (core/eval/eval_benchmark.h). --export writes the weights (Hugging
// Face layout) and the items, so bench/eval_peer_pytorch.py scores the same work.
#include "app/cli/bench_shape.h"
#include "app/cli/cli_context.h"
#include "core/eval/eval_benchmark.h"
#include "core/hf/hf_model.h"
#include "core/util/blas_setup.h"
#include "core/util/json_io.h"

#include <cstdio>
#include <filesystem>

namespace lw::cli {

namespace {

struct BenchEvalCommand {
    std::string shape = "gpt2-124m";
    eval::EvalBenchmarkOptions options;
    int threads = 0;
    std::string exportDir;
    bool json = false;
};

void runBenchEval(BenchEvalCommand o)
{
    const int threads = util::configureThreads(o.threads);
    const model::ModelConfig config = namedBenchShape(o.shape);
    model::Transformer model(config, false);
    model->initializeWeights(o.options.seed);
    model->eval();
    const auto items = eval::makeEvalBenchmarkItems(o.options, config.vocab_size);
    if (!o.exportDir.empty()) {
        std::filesystem::create_directories(o.exportDir);
        hf::writeHfWeights(model, o.exportDir, torch::kFloat, -1, -1);
        util::writeJsonFileAtomic(o.exportDir + "/items.json", eval::evalBenchmarkItemsJson(items, o.options), -1);
    }
    const auto r = eval::benchmarkEvaluation(model, items, o.options);
    const auto& opt = o.options;
    std::printf("eval %s, %d threads, BLAS kernels %s\n", o.shape.c_str(), threads,
                util::blasInfo().coreName.c_str());
    std::printf("multiple choice: %lld items (context %lld, %lld endings of %lld tokens) in %.2f s: %.2f items/s\n",
                static_cast<long long>(opt.items), static_cast<long long>(opt.contextTokens),
                static_cast<long long>(opt.endings), static_cast<long long>(opt.endingTokens), r.mcSeconds,
                r.mcItemsPerSecond);
    std::printf("perplexity: %lld windows of %lld, stride %lld, %lld tokens scored in %.2f s: %.3f windows/s, "
                "%.0f tokens/s (perplexity %.3f)\n",
                static_cast<long long>(r.windows), static_cast<long long>(opt.window),
                static_cast<long long>(opt.stride), static_cast<long long>(r.scoredTokens), r.perplexitySeconds,
                r.windowsPerSecond, r.scoredTokensPerSecond, r.perplexity);
    const nlohmann::json j = {{"bench", "eval"},
                              {"shape", o.shape},
                              {"threads", threads},
                              {"blas_core", util::blasInfo().coreName},
                              {"mc_items", opt.items},
                              {"mc_seconds", r.mcSeconds},
                              {"mc_items_per_s", r.mcItemsPerSecond},
                              {"mc_logprob_sum", r.mcLogprobSum},
                              {"ppl_windows", r.windows},
                              {"ppl_seconds", r.perplexitySeconds},
                              {"ppl_windows_per_s", r.windowsPerSecond},
                              {"ppl_tokens_per_s", r.scoredTokensPerSecond},
                              {"ppl_scored_tokens", r.scoredTokens},
                              {"perplexity", r.perplexity}};
    if (o.json)
        std::printf("%s\n", j.dump().c_str());
}

} // namespace

void registerBenchEval(CLI::App& bench, CliContext& context)
{
    (void)context;
    auto o = std::make_shared<BenchEvalCommand>();
    auto* cmd = bench.add_subcommand("eval", "Multiple-choice items/s and perplexity windows/s, random weights");
    auto& opt = o->options;
    cmd->add_option("--shape", o->shape, "gpt2-124m, llama-124m or another model preset")->capture_default_str();
    cmd->add_option("--items", opt.items, "Multiple-choice items timed")->capture_default_str();
    cmd->add_option("--context-tokens", opt.contextTokens, "Tokens of each item's context")->capture_default_str();
    cmd->add_option("--ending-tokens", opt.endingTokens, "Tokens of each ending")->capture_default_str();
    cmd->add_option("--endings", opt.endings, "Endings per item")->capture_default_str();
    cmd->add_option("--ppl-tokens", opt.perplexityTokens, "Tokens of the perplexity stream")->capture_default_str();
    cmd->add_option("--window", opt.window, "Perplexity window")->capture_default_str();
    cmd->add_option("--stride", opt.stride, "Perplexity stride")->capture_default_str();
    cmd->add_option("--seed", opt.seed, "Seed of the weights and the items")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--export", o->exportDir, "Write config.json, model.safetensors and items.json here first");
    cmd->add_flag("--json", o->json, "Print a JSON line last");
    cmd->callback([o] { runBenchEval(*o); });
}

} // namespace lw::cli
