// llmwb classify: the class of a text, and every class's probability, from the
// classifier of a classification fine-tune (`llmwb finetune --objective classify`)
#include "app/cli/cli_context.h"
#include "core/finetune/classification_service.h"

#include <cstdio>

namespace lw::cli {

namespace {

struct ClassifyCommand {
    std::string model;
    std::string text;
    std::string device = "cpu";
    bool json = false;
};

void runClassify(CliContext& ctx, const ClassifyCommand& o)
{
    const store::Project project = ctx.project();
    finetune::LoadedClassifier loaded = finetune::loadClassifier(&project, o.model, o.device);
    const finetune::ClassPrediction p = finetune::classifyText(loaded, o.text);
    if (o.json || ctx.events) {
        nlohmann::json probabilities = nlohmann::json::object();
        for (size_t i = 0; i < loaded.classes.size(); ++i)
            probabilities[loaded.classes[i]] = p.probabilities[i];
        const nlohmann::json out = {{"class", loaded.classes[size_t(p.best)]},
                                    {"index", p.best},
                                    {"probabilities", probabilities},
                                    {"classes", loaded.classes},
                                    {"tokens", p.tokens}};
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return;
    }
    ctx.say(loaded.classes[size_t(p.best)]);
    for (size_t i = 0; i < loaded.classes.size(); ++i) {
        char line[64];
        std::snprintf(line, sizeof line, "  %.4f  ", p.probabilities[i]);
        ctx.say(line + loaded.classes[i]);
    }
}

} // namespace

void registerClassifyCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<ClassifyCommand>();
    auto* cmd = app.add_subcommand("classify", "Classify a text with the classifier of a classification fine-tune "
                                               "(`llmwb finetune --objective classify`)");
    cmd->add_option("--model", o->model, "The classification run (its id) or its classifier folder")->required();
    cmd->add_option("--text", o->text, "The text to classify")->required();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object: class, index, probabilities by class, tokens");
    addCommonOptions(cmd, context, false);
    cmd->callback([&context, o] { runClassify(context, *o); });
}

} // namespace lw::cli
