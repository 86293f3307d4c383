// llmwb generate: continue a prompt with a trained checkpoint, streaming the text.
#include "app/cli/cli_context.h"
#include "core/generate/sampling.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "core/train/run_service.h"
#include "core/train/trainer.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

namespace lw::cli {

namespace {

struct GenerateCommand {
    std::string checkpoint;
    int64_t run = 0;
    bool best = false;
    std::string prompt;
    std::string promptFile;
    int64_t maxTokens = 100;
    double temperature = 0.8;
    int64_t topK = 40;
    uint64_t seed = 0;
    int threads = 0;
    std::string device = "cpu";
};

std::string checkpointOfRun(CliContext& ctx, int64_t runId, bool best)
{
    store::Store store = ctx.project().openStore();
    const std::string runDir = store.absolutePath(store.run(runId).runDir);
    if (best) {
        const std::string path = train::Trainer::bestCheckpointPath(runDir);
        if (!std::filesystem::exists(path))
            throw Error("run " + std::to_string(runId) + " has no best checkpoint (it never ran a validation)");
        return path;
    }
    auto all = train::Trainer::listCheckpoints(runDir);
    if (all.empty())
        throw Error("run " + std::to_string(runId) + " has no checkpoint yet");
    return all.back();
}

// Longest prefix of `text` that does not end inside a UTF-8 sequence.
size_t completeUtf8Prefix(const std::string& text)
{
    size_t end = text.size();
    size_t back = 0;
    while (back < 4 && back < end && (static_cast<unsigned char>(text[end - 1 - back]) & 0xC0) == 0x80)
        ++back;
    if (back < end) {
        unsigned char lead = static_cast<unsigned char>(text[end - 1 - back]);
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (need > back + 1)
            return end - 1 - back;
    }
    return end;
}

void runGenerate(CliContext& ctx, const GenerateCommand& o)
{
    if (o.checkpoint.empty() == (o.run == 0))
        throw Error("give either --checkpoint PATH or --run ID");
    const std::string path = o.checkpoint.empty() ? checkpointOfRun(ctx, o.run, o.best) : o.checkpoint;
    util::configureThreads(o.threads);
    torch::Device device(o.device);
    train::Checkpoint meta;
    auto model = train::loadModelForInference(path, device, &meta);
    auto tok = tokenizer::loadTokenizer(train::tokenizerForCheckpoint(path, meta.tokenizerPath));
    std::string prompt = o.promptFile.empty() ? o.prompt : util::readTextFileUtf8(o.promptFile, true);
    std::vector<int32_t> ids = tok->encode(prompt, true);
    if (ids.empty())
        ids.push_back(tok->eosId().value_or(0));
    generate::SamplingOptions options;
    options.maxNewTokens = o.maxTokens;
    options.temperature = o.temperature;
    options.topK = o.topK;
    options.seed = o.seed;
    options.stopToken = tok->eosId();
    std::vector<int32_t> produced;
    std::string printed;
    std::fwrite(prompt.data(), 1, prompt.size(), stdout);
    generate::generateTokens(model, ids, options, [&](int32_t id) {
        produced.push_back(id);
        std::string text = tok->decode(produced);
        size_t ready = completeUtf8Prefix(text);
        if (ready > printed.size() && text.compare(0, printed.size(), printed) == 0) {
            std::fwrite(text.data() + printed.size(), 1, ready - printed.size(), stdout);
            std::fflush(stdout);
            printed = text.substr(0, ready);
        }
        return true;
    });
    std::string text = tok->decode(produced);
    if (text.size() > printed.size() && text.compare(0, printed.size(), printed) == 0)
        std::fwrite(text.data() + printed.size(), 1, text.size() - printed.size(), stdout);
    std::printf("\n");
}

} // namespace

void registerGenerateCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<GenerateCommand>();
    auto* cmd = app.add_subcommand("generate", "Continue a prompt with a trained model, printing tokens as they come");
    cmd->add_option("--checkpoint", o->checkpoint, "A checkpoint file written by `llmwb train`");
    cmd->add_option("--run", o->run, "Use the newest checkpoint of this run of the project");
    cmd->add_flag("--best", o->best, "With --run: use the run's best checkpoint (lowest validation loss)");
    cmd->add_option("--prompt", o->prompt, "Text to continue (default: start a new document)");
    cmd->add_option("--prompt-file", o->promptFile, "Read the prompt from a file");
    cmd->add_option("--max-tokens", o->maxTokens, "Tokens to generate at most")->capture_default_str();
    cmd->add_option("--temperature", o->temperature, "Sampling temperature (0: greedy)")->capture_default_str();
    cmd->add_option("--top-k", o->topK, "Sample among the k most likely tokens (0: all)")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed of the sampling")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    addCommonOptions(cmd, context, false);
    cmd->callback([&context, o] { runGenerate(context, *o); });
}

} // namespace lw::cli
