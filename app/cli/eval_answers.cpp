#include "app/cli/eval_answers.h"

#include "app/cli/generate_flags.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <filesystem>

namespace lw::cli {

void AnswerFlags::add(CLI::App* cmd)
{
    cmd->add_option("--model", model,
                    "The model: a run id (3, or 3:best), a checkpoint file, a model of the project by name, a "
                    "Hugging Face folder")
        ->required();
    cmd->add_option("--data", data,
                    "Prompts and reference answers: JSONL, JSON, CSV or Parquet rows of instruction/input/output, "
                    "messages ending in the assistant's answer, prompt/response or question/answer")
        ->required();
    cmd->add_option("--template", chatTemplate,
                    "Chat template for the prompts: chatml, llama3, alpaca or a template JSON file (default: the "
                    "model's own; its stop strings end the answer)");
    cmd->add_option("--max-new-tokens", maxNewTokens, "Tokens per answer at most")->capture_default_str();
    cmd->add_option("--limit", limit, "Only the first N examples (0: all)")->capture_default_str();
    cmd->add_option("--device", device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", threads, "CPU threads (0: all cores)")->capture_default_str();
}

nlohmann::json AnswerFlags::settings() const
{
    return {{"template", chatTemplate.empty() ? "model" : chatTemplate},
            {"max_new_tokens", maxNewTokens},
            {"limit", limit},
            {"decoding", "greedy"}};
}

catalog::ModelLocation locateEvalModel(const store::Project& project, const std::string& modelSpec)
{
    if (modelSpec.empty())
        throw Error::inField("model", "is required");
    return catalog::locateModel(modelSpec, catalog::formatOfPath(modelSpec) ? nullptr : &project);
}

std::vector<eval::AnswerRow> answerExamples(CliContext& ctx, const std::string& modelSpec, const AnswerFlags& flags,
                                            const std::vector<eval::EvalExample>& examples,
                                            const eval::AnswerGenerationOptions& options)
{
    ModelFlags model;
    model.model = modelSpec;
    model.device = flags.device;
    model.threads = flags.threads;
    model.bf16AsStored = false;
    LoadedGenerator g = loadGenerator(ctx, model);
    const generate::ChatTemplate chatTemplate = g.templateFor(flags.chatTemplate);
    auto buildRequest = [&](const std::vector<generate::ChatMessage>& turns, const generate::SamplerSettings& s) {
        return g.chatRequest(chatTemplate, turns, s);
    };
    return eval::generateAnswers(*g.generator, buildRequest, examples, options);
}

nlohmann::json evalDatasetInfo(const std::string& path, size_t rows)
{
    return {{"file", std::filesystem::absolute(path).string()}, {"sha256", util::sha256FileHex(path)}, {"rows", rows}};
}

} // namespace lw::cli
