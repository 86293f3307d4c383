#pragma once
// What `llmwb generate` and `llmwb chat` share: which checkpoint to load and how to run
// it, the decoding flags (one per SamplerSettings field, defaults from the struct), and
// Ctrl-C handling that stops the current answer instead of the process.
#include "app/cli/cli_context.h"
#include "app/cli/config_flags.h"
#include "core/generate/chat_template.h"
#include "core/generate/generator.h"
#include "core/tokenizer/tokenizer.h"

#include <atomic>
#include <memory>
#include <memory>
#include <optional>

namespace lw::cli {

struct ModelFlags {
    std::string model; // --model: every form catalog::locateModel takes
    std::string adapter; // --adapter: a PEFT folder or a fine-tune run, applied without merging
    std::string checkpoint;
    int64_t run = 0;
    bool best = false;
    int threads = 0;
    std::string device = "cpu";
    std::string dtype = "auto";
    bool modelForward = false;
    bool noKvCache = false;
    // Not a flag: "auto" keeps a bf16 model in bf16 (catalog::LoadOptions::bf16AsStored);
    // evaluation turns it off, so that its answers stay those of the float32 model.
    bool bf16AsStored = true;

    void add(CLI::App* command);
};

struct SamplerFlags {
    ConfigFlags fields;
    std::vector<std::string> stop;
    std::string settingsFile;

    void add(CLI::App* command);
    // --settings FILE, then the flags given, then every --stop; validated.
    generate::SamplerSettings settings() const;
};

struct LoadedGenerator {
    model::Transformer model{nullptr};
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::unique_ptr<generate::Generator> generator;
    std::string checkpointPath; // the checkpoint, folder or file the model came from
    std::vector<int32_t> promptPrefix; // what a plain prompt starts with (a Llama tokenizer's BOS)
    std::optional<generate::ChatTemplate> chatTemplate; // the model's own, when it has one
    std::shared_ptr<void> adapter; // keeps an attached adapter alive

    // The template named by --template, or (with none given) the model's own, or ChatML.
    generate::ChatTemplate templateFor(const std::string& nameOrPath) const;
    // A chat request whose prompt starts with the tokenizer's BOS unless the template writes it.
    generate::GenerationRequest chatRequest(const generate::ChatTemplate& chatTemplate,
                                            const std::vector<generate::ChatMessage>& messages,
                                            const generate::SamplerSettings& settings) const;
};

LoadedGenerator loadGenerator(CliContext& context, const ModelFlags& flags);

// SIGINT/SIGTERM (blocked in every thread by main) arrive here. While an answer runs,
// the first one sets cancel() and the answer stops at the next token; otherwise, or on
// a second one, the process ends with exit code 130.
class InterruptWatcher {
public:
    InterruptWatcher();
    const std::atomic<bool>* cancel() const;
    // Marks an answer as running (and clears the cancel flag when one starts).
    void setAnswering(bool answering);
};

// One line of statistics: "42 tokens, first after 35 ms, prefill 900 tokens/s, decode 55 tokens/s".
std::string statsLine(const generate::GenerationResult& result);

} // namespace lw::cli
