// Models built to be loaded (initialize = false) draw no random numbers and fill nothing,
// yet have every parameter at its full shape with module options that agree; models built
// to be trained still get LibTorch's initialisation, drawn from the global generator as
// before (so seeded runs start from the same state).
#include "core/model/parameter_init.h"
#include "core/model/transformer.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using lw::model::ModelConfig;
using lw::model::Transformer;

namespace {

ModelConfig smallConfig(const QString& family)
{
    ModelConfig c = lw::model::presetConfig(family == "gpt2" ? "tiny" : "llama-tiny");
    c.vocab_size = 37;
    c.context_length = 40;
    c.d_model = 32;
    c.n_head = 4;
    c.tie_embeddings = family == "llama-untied" ? false : c.tie_embeddings;
    return c;
}

// The first values the global generator gives after manual_seed(seed) and `build`.
torch::Tensor drawsAfter(uint64_t seed, const std::function<void()>& build)
{
    torch::manual_seed(seed);
    build();
    return torch::rand({8});
}

} // namespace

class TestParameterInit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadedModelsDrawNothing_data();
    void loadedModelsDrawNothing();
    void trainedModelsKeepLibTorchInitialisation();
    void aWeightNoTensorFilledIsNamed();
};

void TestParameterInit::loadedModelsDrawNothing_data()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
    QTest::newRow("llama, untied head") << "llama-untied";
}

void TestParameterInit::loadedModelsDrawNothing()
{
    QFETCH(QString, family);
    const ModelConfig config = smallConfig(family);
    const torch::Tensor untouched = drawsAfter(3, [] {});
    Transformer model{nullptr};
    QVERIFY(torch::equal(drawsAfter(3, [&] { model = Transformer(config, false); }), untouched));
    QVERIFY(lw::model::currentParameterInit() == lw::model::ParameterInit::Random); // the scope ended
    const auto shapes = lw::model::parameterShapes(config);
    const auto parameters = model->named_parameters();
    QCOMPARE(parameters.size(), shapes.size());
    for (const auto& [name, shape] : shapes) {
        QVERIFY2(parameters.find(name), name.c_str());
        QCOMPARE(parameters[name].sizes().vec(), shape);
        QVERIFY(parameters[name].requires_grad());
    }
    int linears = 0;
    for (const auto& module : model->modules()) {
        if (const auto* linear = module->as<torch::nn::Linear>()) {
            QCOMPARE(linear->options.out_features(), linear->weight.size(0));
            QCOMPARE(linear->options.in_features(), linear->weight.size(1));
            if (linear->bias.defined())
                QCOMPARE(linear->bias.size(0), linear->weight.size(0));
            ++linears;
        }
        if (const auto* embedding = module->as<torch::nn::Embedding>())
            QCOMPARE(embedding->options.num_embeddings(), embedding->weight.size(0));
    }
    QVERIFY(linears >= 4 * config.n_layer);
}

void TestParameterInit::trainedModelsKeepLibTorchInitialisation()
{
    const ModelConfig config = smallConfig("llama-untied");
    // LibTorch's modules draw from the global generator when they are built...
    QVERIFY(!torch::equal(drawsAfter(3, [&] { Transformer(config, true); }), drawsAfter(3, [] {})));
    // ...and a Linear or Embedding built the Random way is LibTorch's own, value for value.
    torch::manual_seed(5);
    const torch::nn::Linear direct(torch::nn::LinearOptions(16, 24).bias(true));
    const torch::nn::Embedding directEmbedding(10, 16);
    torch::manual_seed(5);
    const torch::nn::Linear made = lw::model::makeLinear(16, 24, true);
    const torch::nn::Embedding madeEmbedding = lw::model::makeEmbedding(10, 16);
    QVERIFY(torch::equal(made->weight, direct->weight));
    QVERIFY(torch::equal(made->bias, direct->bias));
    QVERIFY(torch::equal(madeEmbedding->weight, directEmbedding->weight));
}

void TestParameterInit::aWeightNoTensorFilledIsNamed()
{
    // A model built to be loaded, one tensor short: the loader's check names it.
    const ModelConfig config = smallConfig("llama-untied");
    Transformer model(config, false);
    lw::model::ParameterFill fill;
    for (const auto& item : model->named_parameters())
        if (item.key() != "output.weight")
            fill.wrote(item.key(), item.value().numel());
    try {
        fill.requireAll(*model, "/models/m.gguf");
        QFAIL("a parameter left unfilled was accepted");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("output.weight") && QString(e.what()).contains("/models/m.gguf"), e.what());
    }
    // Left out on purpose (a quantized file's matrices): accepted.
    fill.requireAll(*model, "/models/m.gguf", {"output.weight"});
    // Half a tensor written (one of two row parts) is not filled either.
    fill.wrote("output.weight", model->named_parameters()["output.weight"].numel() / 2);
    QVERIFY_THROWS_EXCEPTION(lw::Error, fill.requireAll(*model, "/models/m.gguf"));
}

LW_TEST_GUILESS_MAIN(TestParameterInit)
#include "test_parameter_init.moc"
