// `llmwb prune` through the real binary on a small random checkpoint with GPT-2's
// tokenizer: Wanda at 50% writes a model of the project whose every layer row has
// exactly half its weights zero and the others as they were, recorded with kind
// "prune", its source, method, settings and the calibration file's sha256; removing
// MLP channels records a smaller model (d_ff shrinks) that loads back, and removing a
// head one with 3 heads of 16 (written as GGUF); calibration data is required where the
// method needs it, and a taken name is refused.
#include "cli_runner.h"
#include "core/catalog/model_loader.h"
#include "core/generate/known_models.h"
#include "core/model/linear_adapter.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "test_registry.h"

#include <QJsonObject>
#include <QTemporaryDir>

using lw::test::runCli;

namespace {

const char* kPruneCalibrationText =
    "The orchard behind the school had eleven apple trees and one pear tree that never fruited.\n"
    "Every autumn the pupils picked the apples, weighed them on the kitchen scale, and wrote the totals on the wall.\n"
    "One year a storm broke the oldest branch, and the caretaker turned it into a bench under the pear tree.\n"
    "Now the children eat their lunch there when it is dry, and argue about which tree gives the sweetest apples.\n";

// The pruned model as the project stores it, loaded back with core code.
lw::catalog::LoadedModel loadStoredModel(const QString& project, const std::string& name)
{
    auto p = lw::store::Project::open(project.toStdString());
    lw::store::Store store = p.openStore();
    const auto record = store.modelByName(name);
    if (!record)
        throw std::runtime_error("no model " + name);
    return lw::catalog::loadModel(lw::catalog::locateModel(store.absolutePath(record->path), nullptr), torch::kCPU);
}

} // namespace

class TestCliPrune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wandaModelIsRecorded();
    void channelsGiveASmallerModel();
    void headsGiveASmallerGgufModel();
    void badRequestsAreRefused();

private:
    lw::test::CliResult removeStructures(const QStringList& method, const QString& output);
    QTemporaryDir m_dir;
    QString m_checkpoint, m_textFile, m_project;
};

void TestCliPrune::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    const std::string tokenizerDir = lw::test::gpt2TokenizerDir();
    auto tokenizer = lw::tokenizer::loadTokenizer(tokenizerDir);
    auto config = lw::model::presetConfig("tiny");
    config.vocab_size = tokenizer->vocabSize();
    config.context_length = 48;
    lw::model::Transformer m(config);
    m->initializeWeights(9);
    m_checkpoint = m_dir.filePath("source/checkpoints/step-1.safetensors");
    QDir().mkpath(m_dir.filePath("source/checkpoints"));
    lw::train::saveCheckpoint(m_checkpoint.toStdString(), m, nullptr, nlohmann::json::object(), {}, tokenizerDir);
    m_textFile = m_dir.filePath("orchard.txt");
    QFile file(m_textFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kPruneCalibrationText);
    file.close();
    m_project = m_dir.filePath("project");
}

void TestCliPrune::wandaModelIsRecorded()
{
    auto r = runCli({"prune", "--model", m_checkpoint, "--method", "wanda", "--sparsity", "0.5", "--text-file",
                     m_textFile, "--calibration-samples", "4", "--calibration-length", "32", "--output", "orchard-wanda",
                     "--json", "--project", m_project});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lw::test::lastJsonObject(r);
    QCOMPARE(j["kind"].toString(), QString("prune"));
    QCOMPARE(j["sparsity"].toDouble(), 0.5);
    const QJsonObject meta = j["meta"].toObject();
    QCOMPARE(meta["method"].toString(), QString("wanda"));
    QCOMPARE(meta["settings"].toObject()["sparsity"].toDouble(), 0.5);
    const QJsonObject calibration = meta["calibration"].toObject();
    QCOMPARE(calibration["sha256"].toString(), lw::test::fileSha256(m_textFile));
    QCOMPARE(calibration["samples"].toInt(), 4);
    QCOMPARE(calibration["length"].toInt(), 32);
    QCOMPARE(j["lineage"].toObject()["source"].toObject()["model"].toString(), m_checkpoint);

    auto pruned = loadStoredModel(m_project, "orchard-wanda");
    auto original = lw::catalog::loadModel(lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr), torch::kCPU);
    auto originalParameters = original.model->named_parameters();
    for (const lw::model::LinearSite& site : lw::model::linearSites(*pruned.model)) {
        if (site.layer < 0)
            continue;
        const torch::Tensor before = originalParameters[site.name + ".weight"];
        const torch::Tensor zero = site.weight.eq(0);
        QVERIFY2(zero.sum(1).eq(site.weight.size(1) / 2).all().item<bool>(), site.name.c_str());
        QVERIFY(torch::equal(site.weight, before.masked_fill(zero, 0)));
    }
}

// Structured pruning of the checkpoint on 3 windows of 24 calibration tokens.
lw::test::CliResult TestCliPrune::removeStructures(const QStringList& method, const QString& output)
{
    return runCli(QStringList{"prune", "--model", m_checkpoint} + method +
                  QStringList{"--text-file", m_textFile, "--calibration-samples", "3", "--calibration-length", "24",
                              "--output", output, "--json", "--project", m_project});
}

void TestCliPrune::channelsGiveASmallerModel()
{
    auto r = removeStructures({"--method", "channels", "--remove-channels", "64"}, "orchard-narrow");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lw::test::lastJsonObject(r);
    QCOMPARE(j["meta"].toObject()["config"].toObject()["d_ff"].toInt(), 192);
    auto pruned = loadStoredModel(m_project, "orchard-narrow");
    QCOMPARE(pruned.model->config().ffDim(), int64_t(192));
    // Each of the 2 layers loses 64 rows of 64 weights and a bias (c_fc) and 64 columns of c_proj.
    auto original = lw::catalog::modelConfigOf(lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr));
    QCOMPARE(j["parameters"].toInteger(), original.parameterCount() - 2 * 64 * (64 + 1 + 64));
}

// GPT-2's config.json cannot state a head width, so the model with a head removed is
// written as GGUF; it loads back with 3 heads of 16.
void TestCliPrune::headsGiveASmallerGgufModel()
{
    auto r = removeStructures({"--method", "heads", "--remove-heads", "1"}, "orchard-3heads");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lw::test::lastJsonObject(r);
    QCOMPARE(j["format"].toString(), QString("gguf"));
    QCOMPARE(j["meta"].toObject()["config"].toObject()["head_dim"].toInt(), 16);
    auto pruned = loadStoredModel(m_project, "orchard-3heads");
    QCOMPARE(pruned.model->config().n_head, int64_t(3));
    QCOMPARE(pruned.model->config().headDim(), int64_t(16));
    // Each of the 2 layers loses 48 rows of c_attn (q, k and v of one head: 64 weights
    // and a bias each) and 16 columns of 64 in c_proj.
    auto original = lw::catalog::modelConfigOf(lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr));
    QCOMPARE(j["parameters"].toInteger(), original.parameterCount() - 2 * (48 * (64 + 1) + 16 * 64));
    QCOMPARE(j["parameters_before"].toInteger(), original.parameterCount());
}

void TestCliPrune::badRequestsAreRefused()
{
    auto noData = runCli({"prune", "--model", m_checkpoint, "--method", "wanda", "--output", "x", "--project", m_project});
    QVERIFY(noData.exitCode != 0);
    QVERIFY2(noData.err.contains("--text-file"), qPrintable(noData.all()));
    auto magnitude = runCli({"prune", "--model", m_checkpoint, "--method", "magnitude", "--sparsity", "0.25", "--output",
                             "orchard-wanda", "--project", m_project});
    QVERIFY(magnitude.exitCode != 0);
    QVERIFY2(magnitude.err.contains("already exists"), qPrintable(magnitude.all()));
}

LW_TEST_GUILESS_MAIN(TestCliPrune)
#include "test_cli_prune.moc"
