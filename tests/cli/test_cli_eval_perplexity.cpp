// `llmwb eval perplexity` through the real binary on a small random checkpoint with
// GPT-2's tokenizer. The reference is computed here by a second route: the checkpoint
// loaded with core code, every token's negative log-likelihood from the model's fused
// loss over the context its window gives it (one masked forward per token), summed.
#include "cli_runner.h"
#include "core/catalog/model_loader.h"
#include "core/generate/known_models.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "test_registry.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>

using lw::test::runCli;

namespace {

const char* kPerplexityText =
    "A small boat left the harbour before sunrise, and the gulls followed it out past the lighthouse.\n"
    "By noon the wind had turned, so the crew folded the sail and rowed along the cliffs.\n"
    "They counted seven seals on the rocks, wrote the number in the log, and ate bread with cheese.\n"
    "When the tide came back in, the boat drifted home slowly, and nobody was in a hurry.\n";

// -sum log p(tokens[t] | tokens[begin, t)) over t >= 1, with begin the first input of
// the window that scores t (window j reads [jS, jS + N)).
double evalPerplexityReferenceNll(lw::model::Transformer& m, const std::vector<int32_t>& tokens, int64_t n, int64_t s)
{
    torch::NoGradGuard noGrad;
    double nll = 0;
    for (int64_t t = 1; t < int64_t(tokens.size()); ++t) {
        const int64_t begin = t <= n ? 0 : ((t - n + s - 1) / s) * s;
        std::vector<int64_t> input(tokens.begin() + begin, tokens.begin() + t);
        std::vector<int64_t> targets(input.size(), -1);
        targets.back() = tokens[size_t(t)];
        nll += m->loss(torch::tensor(input).unsqueeze(0), torch::tensor(targets).unsqueeze(0)).item<double>();
    }
    return nll;
}

} // namespace

class TestCliEvalPerplexity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonMatchesTheSecondRouteAndIsStored();
    void badSettingsAreRefused();

private:
    QTemporaryDir m_dir;
    QString m_checkpoint, m_textFile, m_project;
};

void TestCliEvalPerplexity::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    const std::string tokenizerDir = lw::test::gpt2TokenizerDir();
    auto tokenizer = lw::tokenizer::loadTokenizer(tokenizerDir);
    auto config = lw::model::presetConfig("tiny");
    config.vocab_size = tokenizer->vocabSize();
    config.d_model = 32;
    config.n_head = 2;
    config.n_layer = 2;
    config.context_length = 48;
    lw::model::Transformer m(config);
    m->initializeWeights(4);
    m_checkpoint = m_dir.filePath("ppl/checkpoints/step-1.safetensors");
    QDir().mkpath(m_dir.filePath("ppl/checkpoints"));
    lw::train::saveCheckpoint(m_checkpoint.toStdString(), m, nullptr, nlohmann::json::object(), {}, tokenizerDir);
    m_textFile = m_dir.filePath("boat.txt");
    QFile file(m_textFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kPerplexityText);
    file.close();
    m_project = m_dir.filePath("project");
}

void TestCliEvalPerplexity::jsonMatchesTheSecondRouteAndIsStored()
{
    auto r = runCli({"eval", "perplexity", "--model", m_checkpoint, "--text-file", m_textFile, "--context", "32",
                     "--stride", "12", "--json", "--project", m_project});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lw::test::lastJsonObject(r);

    const auto location = lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr);
    auto loaded = lw::catalog::loadModel(location, torch::kCPU);
    const auto tokens = lw::catalog::encodePrompt(loaded, kPerplexityText);
    const double nll = evalPerplexityReferenceNll(loaded.model, tokens, 32, 12);
    const int64_t scored = int64_t(tokens.size()) - 1;
    const int64_t bytes = int64_t(std::strlen(kPerplexityText));
    QCOMPARE(j["tokens"].toInteger(), scored);
    QCOMPARE(j["bytes"].toInteger(), bytes);
    QVERIFY2(std::abs(j["nll"].toDouble() - nll) < 1e-4 * nll, qPrintable(QString("%1 vs %2").arg(j["nll"].toDouble()).arg(nll)));
    // The CLI's perplexity and bits per byte are its own mean NLL's; against the second
    // route they agree as closely as the NLLs do (the two routes' float32 kernels sum in
    // different orders: AVX2 and AVX-512 machines differ in the last digits).
    const double ownNll = j["nll"].toDouble(), perplexity = j["perplexity"].toDouble();
    QVERIFY(std::abs(perplexity - std::exp(ownNll / double(scored))) < 1e-9 * perplexity);
    QVERIFY(std::abs(j["bits_per_byte"].toDouble() - ownNll / std::log(2.0) / double(bytes)) < 1e-9);
    QVERIFY(std::abs(std::log(perplexity) - nll / double(scored)) < 1e-4 * nll / double(scored));
    // Window j starts at 12j; the last one reads up to the stream's second-to-last token.
    const int64_t windows = scored <= 32 ? 1 : 1 + (scored - 32 + 11) / 12;
    QCOMPARE(j["windows"].toInteger(), windows);

    auto project = lw::store::Project::open(m_project.toStdString());
    lw::store::Store store = project.openStore();
    const auto stored = store.evaluation(j["evaluation_id"].toInteger());
    QVERIFY(stored.has_value());
    QCOMPARE(stored->task, std::string("perplexity"));
    QCOMPARE(stored->settings["context"].get<int64_t>(), int64_t(32));
    QCOMPARE(stored->settings["stride"].get<int64_t>(), int64_t(12));
    QCOMPARE(QString::fromStdString(stored->datasetInfo["sha256"].get<std::string>()),
             lw::test::fileSha256(m_textFile));
    QVERIFY(std::abs(stored->summary["perplexity"].get<double>() - j["perplexity"].toDouble()) < 1e-12);
    const auto examples = store.evaluationExamples(stored->id);
    QCOMPARE(int64_t(examples.size()), windows);
    double exampleNll = 0;
    int64_t exampleTokens = 0;
    for (const auto& e : examples) {
        exampleNll += e["nll"].get<double>();
        exampleTokens += e["tokens"].get<int64_t>();
    }
    QCOMPARE(exampleTokens, scored);
    QVERIFY(std::abs(exampleNll - nll) < 1e-4 * nll);
}

void TestCliEvalPerplexity::badSettingsAreRefused()
{
    auto tooLong = runCli({"eval", "perplexity", "--model", m_checkpoint, "--text-file", m_textFile, "--context", "49",
                           "--project", m_project});
    QVERIFY(tooLong.exitCode != 0);
    QVERIFY2(tooLong.err.contains("context"), qPrintable(tooLong.all()));
    auto both = runCli({"eval", "perplexity", "--model", m_checkpoint, "--project", m_project});
    QVERIFY(both.exitCode != 0);
    QVERIFY2(both.err.contains("--text-file"), qPrintable(both.all()));
}

LW_TEST_GUILESS_MAIN(TestCliEvalPerplexity)
#include "test_cli_eval_perplexity.moc"
