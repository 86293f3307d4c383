// The quantization report against second computations written here: a small GPT-2
// model trained for a few steps on "The Verdict" (so its distributions are far from
// uniform), written as a checkpoint and as Q8_0 and Q4_0 GGUF files with core/gguf_model,
// loaded back through the catalog as `llmwb quant-report` loads them. Per token, both
// models read the context the sliding windows give that token in a forward of their
// own (full logits, log_softmax in double), and KL, NLLs and top-1 agreement are
// compared one by one; the weight errors are recomputed from the two models' parameters.
#include "core/catalog/model_loader.h"
#include "core/eval/evaluation_headline.h"
#include "core/eval/perplexity.h"
#include "core/generate/known_models.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf_model/gguf_model.h"
#include "core/quant_report/model_footprint.h"
#include "core/quant_report/quant_report.h"
#include "core/quant_report/token_comparison.h"
#include "core/store/project.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "core/util/text_file.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace lw;

namespace {

constexpr int64_t kReportContext = 64;

std::string verdictPath()
{
    return test::sharedDataPath("llms-from-scratch/the-verdict.txt");
}

// A 2-layer GPT-2 with GPT-2's vocabulary, trained by AdamW on random windows of the text.
model::Transformer trainedReportModel(const std::vector<int32_t>& tokens)
{
    model::ModelConfig c = test::knownModelConfig(50257, 64, kReportContext);
    c.tie_embeddings = true;
    model::Transformer m(c);
    m->initializeWeights(3);
    torch::optim::AdamW optimizer(m->parameters(), torch::optim::AdamWOptions(3e-3).weight_decay(0));
    std::mt19937 random(5);
    std::uniform_int_distribution<size_t> offset(0, tokens.size() - size_t(kReportContext) - 2);
    for (int step = 0; step < 40; ++step) {
        std::vector<int64_t> input, target;
        for (int b = 0; b < 4; ++b) {
            const size_t o = offset(random);
            input.insert(input.end(), tokens.begin() + long(o), tokens.begin() + long(o) + kReportContext);
            target.insert(target.end(), tokens.begin() + long(o) + 1, tokens.begin() + long(o) + 1 + kReportContext);
        }
        const auto loss = m->loss(torch::tensor(input).view({4, -1}), torch::tensor(target).view({4, -1}));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    m->eval();
    return m;
}

// log softmax (double) of the logits after tokens[begin, end), by the model's own forward.
torch::Tensor lastLogProbs(model::Transformer& m, const std::vector<int32_t>& tokens, int64_t begin, int64_t end)
{
    std::vector<int64_t> input(tokens.begin() + begin, tokens.begin() + end);
    const auto logits = m->forward(torch::tensor(input).unsqueeze(0));
    return logits[0][end - begin - 1].to(torch::kDouble).log_softmax(0);
}

double standardErrorOfMean(const std::vector<double>& v)
{
    double mean = 0, squares = 0;
    for (double x : v)
        mean += x / double(v.size());
    for (double x : v)
        squares += (x - mean) * (x - mean);
    return std::sqrt(squares / double(v.size()) / double(v.size() - 1));
}

} // namespace

class TestQuantReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tokenComparisonMatchesPerTokenForwards();
    void summaryFollowsTheDefinitions();
    void aModelAgainstItselfIsExact();
    void q8PerplexityIsWithinOnePercentAndStored();
    void matrixErrorsEqualTheParametersDifference();
    void mismatchedVocabularyIsRefused();
    void cancelStopsTheReport();

private:
    catalog::LoadedModel load(const QString& path) const
    {
        return catalog::loadModel(catalog::locateModel(path.toStdString(), nullptr), torch::kCPU);
    }

    QTemporaryDir m_dir;
    QString m_checkpoint, m_q8, m_q4, m_textFile;
    std::vector<int32_t> m_tokens;
};

void TestQuantReport::initTestCase()
{
    const std::string tokenizerDir = test::gpt2TokenizerDir();
    auto tokenizer = tokenizer::loadTokenizer(tokenizerDir);
    const std::string text = util::readTextFileUtf8(verdictPath());
    m_textFile = QString::fromStdString(verdictPath());
    m_tokens = tokenizer->encode(text);
    model::Transformer m = trainedReportModel(m_tokens);
    m_checkpoint = m_dir.filePath("run/checkpoints/step-40.safetensors");
    QVERIFY(QDir().mkpath(m_dir.filePath("run/checkpoints")));
    train::saveCheckpoint(m_checkpoint.toStdString(), m, nullptr, nlohmann::json::object(), {}, tokenizerDir);
    m_q8 = m_dir.filePath("model-q8_0.gguf");
    m_q4 = m_dir.filePath("model-q4_0.gguf");
    gguf_model::writeGgufModel(m, *tokenizer, "", m_q8.toStdString(), gguf::GgmlType::Q8_0);
    gguf_model::writeGgufModel(m, *tokenizer, "", m_q4.toStdString(), gguf::GgmlType::Q4_0);
}

void TestQuantReport::tokenComparisonMatchesPerTokenForwards()
{
    auto quantized = load(m_q4), reference = load(m_checkpoint);
    const std::vector<int32_t> tokens(m_tokens.begin(), m_tokens.begin() + 150);
    const int64_t n = 40, s = 16;
    const auto c = quant_report::compareNextTokens(quantized.model, reference.model, tokens, {n, s});
    QCOMPARE(c.kl.size(), tokens.size() - 1);
    torch::NoGradGuard noGrad;
    int64_t differentTop = 0;
    for (int64_t t = 1; t < int64_t(tokens.size()); ++t) {
        // Window j reads [jS, jS + N); token t is scored by the first window that ends at or after it.
        const int64_t begin = t <= n ? 0 : ((t - n + s - 1) / s) * s;
        const auto q = lastLogProbs(quantized.model, tokens, begin, t);
        const auto r = lastLogProbs(reference.model, tokens, begin, t);
        const double kl = (r.exp() * (r - q)).sum().item<double>();
        const double nll = -q[tokens[size_t(t)]].item<double>(), nllRef = -r[tokens[size_t(t)]].item<double>();
        const size_t i = size_t(t - 1);
        // The windows run batched, the forwards here one sequence at a time: float
        // rounding of the logits differs by about 1e-6 of their size.
        QVERIFY2(std::abs(c.kl[i] - kl) < 1e-5 + 1e-3 * kl, qPrintable(QString("token %1: %2 vs %3").arg(t).arg(c.kl[i]).arg(kl)));
        QVERIFY2(std::abs(c.nll[i] - nll) < 1e-4, qPrintable(QString("token %1: %2 vs %3").arg(t).arg(c.nll[i]).arg(nll)));
        QVERIFY(std::abs(c.nllReference[i] - nllRef) < 1e-4);
        const bool same = q.argmax().item<int64_t>() == r.argmax().item<int64_t>();
        differentTop += same != bool(c.sameTop[i]);
        QVERIFY(kl > 0);
    }
    QCOMPARE(differentTop, int64_t(0));
}

void TestQuantReport::summaryFollowsTheDefinitions()
{
    // Hand-made values: NLLs, KLs and agreements of 5 tokens.
    quant_report::TokenComparison c;
    c.nll = {1.0, 2.0, 3.0, 2.5, 0.5};
    c.nllReference = {1.0, 1.5, 3.5, 2.0, 0.5};
    c.kl = {0.1, 0.0, 0.4, 0.2, 0.3};
    c.sameTop = {1, 1, 0, 1, 1};
    const auto s = quant_report::summarizeComparison(c);
    QCOMPARE(s.tokens, int64_t(5));
    // Mean NLL 9/5 = 1.8 -> PPL e^1.8; reference 8.5/5 = 1.7.
    QVERIFY(std::abs(s.ppl - std::exp(1.8)) < 1e-12);
    QVERIFY(std::abs(s.pplReference - std::exp(1.7)) < 1e-12);
    QVERIFY(std::abs(s.pplStderr - std::exp(1.8) * standardErrorOfMean(c.nll)) < 1e-12);
    QVERIFY(std::abs(s.lnPplRatio - 0.1) < 1e-12);
    // The ratio's error is the standard error of the mean of the per-token differences
    // (0, 0.5, -0.5, 0.5, 0): var(a - b) = var a + var b - 2 cov(a, b).
    QVERIFY(std::abs(s.lnPplRatioStderr - standardErrorOfMean({0, 0.5, -0.5, 0.5, 0})) < 1e-12);
    // KL sorted: 0, 0.1, 0.2, 0.3, 0.4: mean 0.2, median 0.2, p90 at 3.6 -> 0.36.
    QVERIFY(std::abs(s.klMean - 0.2) < 1e-12);
    QVERIFY(std::abs(s.klStderr - standardErrorOfMean(c.kl)) < 1e-12);
    QVERIFY(std::abs(s.klMedian - 0.2) < 1e-12);
    QVERIFY(std::abs(s.klP90 - 0.36) < 1e-12);
    QVERIFY(std::abs(s.klP95 - 0.38) < 1e-12);
    QVERIFY(std::abs(s.klP99 - 0.396) < 1e-12);
    QCOMPARE(s.klMax, 0.4);
    // 4 of 5 agree: 0.8 +/- sqrt(0.8 * 0.2 / 4) = 0.2.
    QVERIFY(std::abs(s.top1Agreement - 0.8) < 1e-12);
    QVERIFY(std::abs(s.top1AgreementStderr - 0.2) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(Error, quant_report::summarizeComparison({}));
}

void TestQuantReport::aModelAgainstItselfIsExact()
{
    auto reference = load(m_checkpoint);
    const std::vector<int32_t> tokens(m_tokens.begin(), m_tokens.begin() + 200);
    const auto c = quant_report::compareNextTokens(reference.model, reference.model, tokens, {64, 32});
    for (size_t i = 0; i < c.kl.size(); ++i) {
        QCOMPARE(c.kl[i], 0.0);
        QCOMPARE(c.nll[i], c.nllReference[i]);
        QCOMPARE(int(c.sameTop[i]), 1);
    }
    const auto s = quant_report::summarizeComparison(c);
    QCOMPARE(s.lnPplRatio, 0.0);
    QCOMPARE(s.klMax, 0.0);
    QCOMPARE(s.top1Agreement, 1.0);
    QCOMPARE(s.top1AgreementStderr, 0.0);
}

void TestQuantReport::q8PerplexityIsWithinOnePercentAndStored()
{
    auto quantized = load(m_q8), reference = load(m_checkpoint);
    const store::Project project = store::Project::openOrCreate(m_dir.filePath("project").toStdString(), "report");
    quant_report::QuantReportSettings settings;
    settings.data.textFile = m_textFile.toStdString();
    settings.maxTokens = 1024;
    settings.speed = false;
    const eval::TaskOutcome out =
        quant_report::runQuantReport(project, "q8", quantized, "base", reference, settings);
    const auto& s = out.summary;
    const double ppl = s["ppl"].get<double>(), pplReference = s["ppl_reference"].get<double>();
    QVERIFY2(std::abs(ppl / pplReference - 1) < 0.01, qPrintable(QString("%1 vs %2").arg(ppl).arg(pplReference)));
    // The training moved the model far from uniform (GPT-2's vocabulary: 50257).
    QVERIFY2(pplReference < 2000, qPrintable(QString::number(pplReference)));
    // The reference's perplexity is core/eval's over the same windows (default stride
    // N/2), up to the float rounding of its log-probabilities.
    const std::vector<int32_t> first(m_tokens.begin(), m_tokens.begin() + 1024);
    const auto direct = eval::computePerplexity(reference.model, first, 0, {});
    QVERIFY(std::abs(pplReference / direct.perplexity - 1) < 1e-5);
    QCOMPARE(s["tokens"].get<int64_t>(), int64_t(1023));
    QVERIFY(s["kl_mean"].get<double>() > 0);
    QVERIFY(s["top1_agreement"].get<double>() > 0.9);
    QVERIFY(s["decode_tokens_per_s"].is_null());

    // Sizes: the files as they are; the checkpoint's weights are float32.
    QCOMPARE(s["bytes_on_disk"].get<int64_t>(), int64_t(QFile(m_q8).size()));
    QCOMPARE(s["bytes_on_disk_reference"].get<int64_t>(), int64_t(QFile(m_checkpoint).size()));
    const auto config = reference.model->config();
    QCOMPARE(s["bytes_in_memory_reference"].get<int64_t>(), config.parameterCount() * 4);
    QCOMPARE(s["bits_per_weight_reference"].get<double>(), 32.0);
    // Q8_0: 32 weights in 34 bytes (an f16 scale and 32 int8) = 8.5 bits; F32 32 bits.
    const gguf::GgufFile file(m_q8.toStdString());
    double bits = 0, weights = 0;
    for (const auto& t : file.tensors())
        if (t.dims.size() == 2) {
            QVERIFY(t.type == gguf::GgmlType::Q8_0 || t.type == gguf::GgmlType::F32);
            bits += double(t.elementCount) * (t.type == gguf::GgmlType::Q8_0 ? 8.5 : 32.0);
            weights += double(t.elementCount);
        }
    QVERIFY(std::abs(s["bits_per_weight"].get<double>() - bits / weights) < 1e-12);
    QVERIFY(s["bits_per_weight"].get<double>() < 9);

    QCOMPARE(out.settings["reference"].get<std::string>(), std::string("base"));
    QCOMPARE(out.settings["context"].get<int64_t>(), kReportContext);
    QCOMPARE(out.examples.size(), s["matrices"].size());
    const eval::Headline h = eval::headlineOf("quant_report", s);
    QCOMPARE(h.metric, std::string("kl_mean"));
    QCOMPARE(h.value, s["kl_mean"].get<double>());
    QCOMPARE(h.stderror, s["kl_stderr"].get<double>());
    QVERIFY(!h.higherIsBetter);
}

void TestQuantReport::matrixErrorsEqualTheParametersDifference()
{
    auto quantized = load(m_q4), reference = load(m_checkpoint);
    const auto errors = quant_report::matrixErrors(quantized.model, reference.model);
    std::map<std::string, torch::Tensor> q;
    for (const auto& p : quantized.model->named_parameters())
        q[p.key()] = p.value();
    size_t matrices = 0;
    std::map<int64_t, std::vector<double>> byLayer;
    for (const auto& p : reference.model->named_parameters()) {
        if (p.value().dim() != 2)
            continue;
        const auto w = p.value().to(torch::kDouble), wq = q.at(p.key()).to(torch::kDouble);
        const double expected = torch::linalg_norm(wq - w).item<double>() / torch::linalg_norm(w).item<double>();
        QVERIFY(matrices < errors.size());
        const auto& e = errors[matrices++];
        QCOMPARE(e.name, p.key());
        QVERIFY2(std::abs(e.relativeError - expected) < 1e-12 * expected, e.name.c_str());
        // Q4_0 keeps 16 levels per block: a few percent, never nothing.
        QVERIFY2(e.relativeError > 0.01 && e.relativeError < 0.3, qPrintable(QString::number(e.relativeError)));
        byLayer[e.layer].push_back(expected);
    }
    QCOMPARE(matrices, errors.size());
    // Embeddings (wte, wpe) outside the blocks, then 4 matrices per block (qkv, proj, fc, proj).
    const auto layers = quant_report::layerErrors(errors);
    QCOMPARE(layers.size(), size_t(3));
    QCOMPARE(layers[1].layer, int64_t(0));
    QCOMPARE(layers[1].matrices, int64_t(4));
    for (const auto& l : layers) {
        const auto& v = byLayer.at(l.layer);
        double mean = 0;
        for (double x : v)
            mean += x / double(v.size());
        QVERIFY(std::abs(l.relativeError - mean) < 1e-12);
    }
}

void TestQuantReport::mismatchedVocabularyIsRefused()
{
    // The same tokenizer on a model with padded embedding rows (50304, as nanoGPT pads GPT-2's).
    model::ModelConfig c = test::knownModelConfig(50304, 64, kReportContext);
    model::Transformer padded(c);
    padded->initializeWeights(9);
    const QString path = m_dir.filePath("padded/checkpoints/step-1.safetensors");
    QVERIFY(QDir().mkpath(m_dir.filePath("padded/checkpoints")));
    train::saveCheckpoint(path.toStdString(), padded, nullptr, nlohmann::json::object(), {}, test::gpt2TokenizerDir());
    auto other = load(path), reference = load(m_checkpoint);
    try {
        quant_report::encodeForBoth(other, reference, "a text");
        QFAIL("a vocabulary mismatch went through");
    } catch (const Error& e) {
        const QString message = e.what();
        QVERIFY2(message.contains("50304") && message.contains("50257"), qPrintable(message));
        QVERIFY2(message.contains(QString::fromStdString(other.location.label)) &&
                     message.contains(QString::fromStdString(reference.location.label)),
                 qPrintable(message));
    }
    const auto same = quant_report::encodeForBoth(load(m_q8), reference, "The Verdict");
    QCOMPARE(same, catalog::encodePrompt(reference, "The Verdict"));
}

void TestQuantReport::cancelStopsTheReport()
{
    auto quantized = load(m_q8), reference = load(m_checkpoint);
    const store::Project project = store::Project::openOrCreate(m_dir.filePath("project").toStdString(), "report");
    quant_report::QuantReportSettings settings;
    settings.data.textFile = m_textFile.toStdString();
    settings.maxTokens = 512;
    settings.speed = false;
    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(Error, quant_report::runQuantReport(project, "q8", quantized, "base", reference, settings,
                                                                 [&](double, const std::string&) { return ++calls < 2; }));
    QCOMPARE(calls, 2);
}

LW_TEST_GUILESS_MAIN(TestQuantReport)
#include "test_quant_report.moc"
