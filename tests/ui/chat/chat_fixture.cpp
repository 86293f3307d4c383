#include "chat_fixture.h"

#include "core/generate/chat_template.h"
#include "core/serve/served_model.h"
#include "core/store/project.h"
#include "core/train/demo_project.h"
#include "core/train/run_service.h"
#include "core/train/train_control.h"

#include <QDir>
#include <QtTest>

namespace chat_test {

ChatFixture makeChatFixture(const QTemporaryDir& dir)
{
    ChatFixture fixture;
    fixture.dataFolder = dir.filePath(QStringLiteral("data"));
    const std::string demoDir = QDir(fixture.dataFolder).filePath(QStringLiteral("default")).toStdString();
    lw::train::DemoProject demo = lw::train::ensureDemoProject(demoDir);
    fixture.projectDir = QString::fromStdString(demo.projectDir);

    lw::train::NewRunRequest request;
    request.config = demo.config;
    request.config.model.context_length = 1024;
    request.config.context = 64;
    request.config.batch_size = 8;
    request.config.max_steps = 30;
    request.config.warmup_steps = 5;
    request.config.eval_every = 10;
    request.config.eval_batches = 2;
    request.config.sample_every = 0;
    request.config.checkpoint_every = 10;
    request.config.threads = 1; // the test's GUI thread needs the other core
    request.name = "chat-test";
    request.datasetId = demo.datasetId;
    lw::train::TrainControl control;
    const lw::store::Project project = lw::store::Project::open(demo.projectDir);
    lw::train::RunOutcome outcome = lw::train::startRun(project, request, control, {});
    if (outcome.result.bestCheckpoint.empty())
        qFatal("the fixture's run has no best checkpoint: %s", outcome.result.message.c_str());
    fixture.checkpoint = QString::fromStdString(outcome.result.bestCheckpoint);
    fixture.runId = outcome.runId;
    return fixture;
}

std::string greedyChatAnswer(const QString& checkpoint, const std::string& templateName,
                             const std::vector<std::pair<std::string, std::string>>& messages, int maxTokens)
{
    lw::serve::ServedModel served = lw::serve::loadServedModel(checkpoint.toStdString());
    std::vector<lw::generate::ChatMessage> chat;
    for (const auto& [role, content] : messages)
        chat.push_back({role, content});
    lw::generate::SamplerSettings settings;
    settings.temperature = 0;
    settings.max_tokens = maxTokens;
    settings.stop_at_eos = false; // as chat_test::greedySettings
    auto request = served.generator->chatRequest(lw::generate::builtinChatTemplate(templateName), chat, settings);
    return served.generator->generate(request).text;
}

std::string greedyContinuation(const QString& checkpoint, const std::string& prompt, int maxTokens)
{
    lw::serve::ServedModel served = lw::serve::loadServedModel(checkpoint.toStdString());
    lw::generate::GenerationRequest request;
    request.prompt = served.generator->encode(prompt);
    request.settings.temperature = 0;
    request.settings.max_tokens = maxTokens;
    request.settings.stop_at_eos = false; // as chat_test::greedySettings
    return served.generator->generate(request).text;
}

} // namespace chat_test
