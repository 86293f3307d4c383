#pragma once
// What the `llmwb eval` CLI tests share: checkpoints of scripted models (GPT-2's
// tokenizer; position p always predicts script token p, so greedy answers are known
// text), a bare chat template (the prompt is the user's text alone), JSONL data files,
// and the evaluations the commands stored, read back from the project's store.
#include "cli_runner.h"
#include "core/generate/known_models.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lw::test {

// A checkpoint whose greedy answer to an n-token prompt is `sentence` (repeated) from token n-1 on.
inline QString writeScriptedEvalCheckpoint(const QString& dir, const std::string& sentence, int repeats)
{
    const std::string tokenizerDir = gpt2TokenizerDir();
    auto tokenizer = tokenizer::loadTokenizer(tokenizerDir);
    std::string text;
    for (int i = 0; i < repeats; ++i)
        text += sentence;
    auto model = scriptedModel(tokenizer->encode(text, false), tokenizer->vocabSize());
    QDir().mkpath(dir + "/checkpoints");
    const QString path = dir + "/checkpoints/step-1.safetensors";
    train::saveCheckpoint(path.toStdString(), model, nullptr, nlohmann::json::object(), {}, tokenizerDir);
    return path;
}

inline QString writeBareEvalTemplate(const QString& dir)
{
    const QString path = dir + "/bare-template.json";
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(R"({"name": "bare", "system": "{content}", "user": "{content}", "assistant": "{content}"})");
    return path;
}

inline QString writeEvalJsonl(const QString& path, const QList<QJsonObject>& rows)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        for (const QJsonObject& row : rows)
            f.write(QJsonDocument(row).toJson(QJsonDocument::Compact) + "\n");
    return path;
}

inline QJsonObject toQJson(const nlohmann::json& j)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(j.dump())).object();
}

struct StoredEvaluation {
    QString task;
    QJsonObject summary, settings;
    QList<QJsonObject> examples;
};

inline StoredEvaluation storedEvaluation(const QString& projectDir, int64_t id)
{
    store::Store store = store::Project::open(projectDir.toStdString()).openStore();
    StoredEvaluation out;
    const auto record = store.evaluation(id);
    if (!record)
        return out;
    out.task = QString::fromStdString(record->task);
    out.summary = toQJson(record->summary);
    out.settings = toQJson(record->settings);
    for (const auto& example : store.evaluationExamples(id))
        out.examples.append(toQJson(example));
    return out;
}

} // namespace lw::test
