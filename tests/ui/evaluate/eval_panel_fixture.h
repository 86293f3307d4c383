#pragma once
// A project for the Evaluate panel tests, written through the store as `llmwb eval`
// would write it: a run with checkpoints at steps 10, 20 and 30, two multiple-choice
// evaluations of the same eight questions made to disagree on questions 1 and 6, a
// generation evaluation, and perplexity evaluations of the run's steps 10 and 30. Every
// summary number is computed here from the rows it summarises.
#include "core/store/project.h"

#include <QString>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

namespace eval_fixture {

using lw::store::Json;

struct EvalProject {
    int64_t runId = 0;
    int64_t mcFirst = 0;  // "1:best": right on 0, 1, 2, 3, 4, 7
    int64_t mcSecond = 0; // "tiny-import": right on 0, 2, 3, 4, 6, 7
    int64_t generate = 0; // exact match on 3 of 4
    int64_t perplexityAt10 = 0;
    int64_t perplexityAt30 = 0;
};

// Gold answers of the eight questions, and the choices each model picked.
inline const std::vector<int> kGold = {0, 1, 2, 3, 0, 1, 2, 3};
inline const std::vector<int> kFirstPred = {0, 1, 2, 3, 0, 2, 3, 3};  // wrong on 5, 6
inline const std::vector<int> kSecondPred = {0, 2, 2, 3, 0, 0, 2, 3}; // wrong on 1, 5
// Where exactly one of them is right: 1 (the first) and 6 (the second). Question 5 both
// get wrong with different picks: they differ there, but neither is right, so it is
// no disagreement.

inline Json mcRows(const std::vector<int>& pred, double& accuracy)
{
    Json rows = Json::array();
    int right = 0;
    for (size_t i = 0; i < pred.size(); ++i) {
        Json choices = Json::array();
        for (int c = 0; c < 4; ++c)
            choices.push_back({{"logprob", c == pred[i] ? -1.25 : -3.5}, {"tokens", 2}, {"chars", 7}});
        rows.push_back({{"index", int(i)}, {"subject", "geography"}, {"gold", kGold[i]}, {"pred", pred[i]},
                        {"pred_norm", pred[i]}, {"choices", choices}});
        right += pred[i] == kGold[i] ? 1 : 0;
    }
    accuracy = double(right) / double(pred.size());
    return rows;
}

inline std::vector<Json> asVector(const Json& rows)
{
    return std::vector<Json>(rows.begin(), rows.end());
}

inline EvalProject makeEvalProject(const QString& dir)
{
    using namespace lw::store;
    EvalProject ids;
    const Project project = Project::openOrCreate(dir.toStdString(), "evaluate panel test");
    Store store = project.openStore();
    NewRun run("tiny-run");
    ids.runId = project.createRun(store, run);
    const std::filesystem::path runDir = store.absolutePath(store.run(ids.runId).runDir);
    std::filesystem::create_directories(runDir / "checkpoints");
    for (int step : {10, 20, 30}) {
        const std::filesystem::path path = runDir / "checkpoints" / ("step-" + std::to_string(step) + ".ckpt");
        std::ofstream(path, std::ios::binary) << std::string(256, 'c');
        Artifact artifact;
        artifact.runId = ids.runId;
        artifact.kind = kArtifactCheckpoint;
        artifact.path = store.storablePath(path.string());
        artifact.step = step;
        artifact.sizeBytes = 256;
        store.addArtifact(artifact);
    }

    const auto mc = [&](const std::string& model, const std::vector<int>& pred, double createdAt) {
        double accuracy = 0;
        const Json rows = mcRows(pred, accuracy);
        // Both models get 6 of 8: acc 0.75, and the stderr the worker stores,
        // sqrt(0.75 * 0.25 / 7) = 0.1637.
        EvaluationRecord record;
        record.task = "mc";
        record.model = model;
        record.modelInfo = {{"label", model}};
        record.dataset = "quiz.jsonl";
        record.summary = {{"acc", accuracy},
                          {"acc_norm", accuracy},
                          {"acc_stderr", std::sqrt(accuracy * (1 - accuracy) / 7.0)},
                          {"n", 8},
                          // 2 of the first 4 and all of the last 4 right (6 of 8).
                          {"subjects", {{"algebra", {{"acc", 0.5}, {"acc_norm", 0.5}, {"n", 4}}},
                                        {"physics", {{"acc", 1.0}, {"acc_norm", 1.0}, {"n", 4}}}}}};
        record.durationSeconds = 65;
        record.createdAt = createdAt;
        return store.addEvaluation(record, asVector(rows));
    };
    ids.mcFirst = mc("1:best", kFirstPred, 1.80e9);
    ids.mcSecond = mc("tiny-import", kSecondPred, 1.80e9 + 60);

    Json generated = Json::array();
    const char* answers[] = {"Hanoi", "Paris", "Lima", "Oslo"};
    const char* references[] = {"Hanoi", "Paris", "Quito", "Oslo"};
    for (int i = 0; i < 4; ++i)
        generated.push_back({{"prompt", std::string("Capital number ") + std::to_string(i)},
                             {"answer", answers[i]},
                             {"reference", references[i]},
                             {"exact_match", std::string(answers[i]) == references[i]}});
    EvaluationRecord generate;
    generate.task = "generate";
    generate.model = "tiny-import";
    generate.dataset = "capitals.jsonl";
    // 3 of 4 exact; no stderr stored, so the panel shows sqrt(0.75 * 0.25 / 3) = 0.25.
    generate.summary = {{"exact_match", 0.75}, {"n", 4}, {"bleu", 61.2}};
    generate.createdAt = 1.80e9 + 120;
    ids.generate = store.addEvaluation(generate, asVector(generated));

    const auto perplexity = [&](int64_t step, double nll, int64_t tokens) {
        EvaluationRecord record;
        record.task = "perplexity";
        record.model = QStringLiteral("runs/checkpoints/step-%1.ckpt").arg(step).toStdString();
        record.runId = ids.runId;
        record.step = step;
        record.dataset = "tiny-text";
        record.summary = {{"perplexity", std::exp(nll / double(tokens))}, {"nll", nll}, {"tokens", tokens},
                          {"windows", 1}, {"bytes", tokens * 4}, {"bits_per_byte", nll / std::log(2.0) / (tokens * 4)}};
        record.createdAt = 1.80e9 + 180 + step;
        return store.addEvaluation(record, {Json{{"start", 0}, {"tokens", tokens}, {"nll", nll}}});
    };
    ids.perplexityAt10 = perplexity(10, 512.0, 128);
    ids.perplexityAt30 = perplexity(30, 256.0, 128);
    return ids;
}

} // namespace eval_fixture
