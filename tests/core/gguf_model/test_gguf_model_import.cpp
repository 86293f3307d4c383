// GGUF files written by llama.cpp's gguf-py (converted from tiny random Hugging Face
// folders as convert_hf_to_gguf.py does) load into our Transformer and give the logits
// of an independent float64 forward pass over the weights gguf-py decodes from each
// file; broken files are refused naming the tensor or key.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/util/error.h"
#include "gguf_model_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

class TestGgufModelImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void logitsMatchTheReference_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : {"llama.f32.gguf", "llama.f16.gguf", "llama.bf16.gguf", "llama.q8_0.gguf",
                              "llama.legacy.gguf", "llama3rope.f32.gguf", "qwen2.f32.gguf", "qwen2.q8_0.gguf",
                              "gpt2.f32.gguf", "gpt2.f16.gguf", "kquant.k.gguf"})
            QTest::newRow(f) << QString(f);
    }
    void logitsMatchTheReference()
    {
        QFETCH(QString, file);
        const nlohmann::json expected = test::ggufModelExpected()["models"][file.toStdString()];
        QVERIFY(expected.is_object());
        gguf_model::GgufModel loaded = gguf_model::loadGgufModel(test::ggufModelFixture(file.toStdString()), torch::kCPU);
        torch::NoGradGuard noGrad;
        for (size_t s = 0; s < expected["ids"].size(); ++s) {
            const auto ids = expected["ids"][s].get<std::vector<int64_t>>();
            torch::Tensor logits = loaded.model->forward(torch::tensor(ids).unsqueeze(0)).squeeze(0);
            const auto reference = expected["logits"][s].get<std::vector<std::vector<double>>>();
            QCOMPARE(logits.size(0), int64_t(reference.size()));
            QCOMPARE(logits.size(1), int64_t(reference[0].size()));
            double worst = 0, scale = 0;
            for (size_t t = 0; t < reference.size(); ++t)
                for (size_t v = 0; v < reference[t].size(); ++v) {
                    worst = std::max(worst, std::abs(logits[int64_t(t)][int64_t(v)].item<double>() - reference[t][v]));
                    scale = std::max(scale, std::abs(reference[t][v]));
                }
            // Same weights on both sides: only float32 rounding against float64 differs.
            QVERIFY2(worst <= 2e-5 * std::max(1.0, scale),
                     qPrintable(file + QString(": worst %1 at scale %2").arg(worst).arg(scale)));
        }
    }

    void inspectDescribesTheFile()
    {
        const auto info = gguf_model::inspectGguf(test::ggufModelFixture("llama.legacy.gguf"));
        QCOMPARE(info.architecture, std::string("llama"));
        QCOMPARE(info.config.n_head, int64_t(4));
        QCOMPARE(info.config.kvHeads(), int64_t(2));
        QCOMPARE(info.config.d_model, int64_t(64));
        QCOMPARE(info.config.ffDim(), int64_t(96));
        QCOMPARE(info.config.vocab_size, int64_t(64));
        QVERIFY(!info.config.tie_embeddings);
        // 2 layers x 2 norms + the final norm are F32; the 7 matrices per layer plus the
        // embedding and output cycle through the four legacy types: 16 / 4 = 4 each.
        QCOMPARE(info.tensorTypes.at("f32"), int64_t(5));
        for (const char* t : {"q4_0", "q4_1", "q5_0", "q5_1"})
            QCOMPARE(info.tensorTypes.at(t), int64_t(4));

        const auto rope = gguf_model::inspectGguf(test::ggufModelFixture("llama3rope.f32.gguf"));
        QCOMPARE(rope.config.rope_scaling.type, std::string("llama3"));
        QCOMPARE(rope.config.rope_scaling.factor, 8.0);
        const auto qwen = gguf_model::inspectGguf(test::ggufModelFixture("qwen2.q8_0.gguf"));
        QVERIFY(qwen.config.qkv_bias);
        QVERIFY(qwen.config.tie_embeddings);
        QCOMPARE(qwen.config.rope_theta, 1000000.0);
    }

    void missingTensorIsNamed()
    {
        gguf::GgufFile file(test::ggufModelFixture("llama.q8_0.gguf"));
        gguf::GgufWriter writer;
        for (const auto& kv : file.metadata())
            writer.add(kv.key, kv.value);
        for (const auto& t : file.tensors())
            if (t.name != "blk.1.ffn_up.weight")
                writer.addTensor(t.name, t.dims, t.type, t.data, t.byteSize);
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.gguf").toStdString();
        writer.write(path);
        try {
            gguf_model::inspectGguf(path);
            QFAIL("a missing tensor was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("blk.1.ffn_up.weight") != std::string::npos, e.what());
        }
    }

    void wrongShapeAndArchitectureAreNamed()
    {
        gguf::GgufFile file(test::ggufModelFixture("llama.f32.gguf"));
        QTemporaryDir dir;
        // The metadata claims a wider feed-forward than the tensors hold.
        gguf::GgufWriter wide;
        for (const auto& kv : file.metadata())
            wide.add(kv.key, kv.key == "llama.feed_forward_length" ? gguf::GgufValue::u32(128) : kv.value);
        for (const auto& t : file.tensors())
            wide.addTensor(t.name, t.dims, t.type, t.data, t.byteSize);
        const std::string widePath = dir.filePath("wide.gguf").toStdString();
        wide.write(widePath);
        try {
            gguf_model::inspectGguf(widePath);
            QFAIL("a wrong shape was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("blk.0.ffn_gate.weight") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("[64, 128]") != std::string::npos, e.what());
        }
        gguf::GgufWriter other;
        for (const auto& kv : file.metadata())
            other.add(kv.key, kv.key == "general.architecture" ? gguf::GgufValue::string("mamba") : kv.value);
        const std::string otherPath = dir.filePath("other.gguf").toStdString();
        other.write(otherPath);
        try {
            gguf_model::inspectGguf(otherPath);
            QFAIL("an unknown architecture was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'mamba' is not supported") != std::string::npos, e.what());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestGgufModelImport)
#include "test_gguf_model_import.moc"
