// Writing our Transformer as GGUF: a model read from a gguf-py file and written back as
// F32 gives the same tensor bytes as gguf-py's own conversion (so the q/k permutation,
// names, dims and tied embeddings match convert_hf_to_gguf.py), the keys both files
// hold have the same types, and the written file loads back to the same weights.
#include "core/gguf/gguf_file.h"
#include "core/gguf_model/gguf_model.h"
#include "core/util/error.h"
#include "gguf_model_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstring>
#include <sys/resource.h>

using namespace lw;

namespace {

// A tiny sentencepiece-style vocabulary without byte tokens (fits the fixtures' 64 embedding rows).
tokenizer::HfTokenizer tinyTokenizer()
{
    tokenizer::HfTokenizerSpec spec;
    spec.model.tokens = {"<unk>", "<s>", "</s>", "\xE2\x96\x81", "a", "b", "\xE2\x96\x81" "a", "ab"};
    spec.model.merges = {{"\xE2\x96\x81", "a"}, {"a", "b"}};
    spec.model.unkToken = "<unk>";
    for (int32_t i = 0; i < 3; ++i) {
        tokenizer::HfAddedToken t;
        t.id = i;
        t.content = spec.model.tokens[size_t(i)];
        t.special = true;
        spec.addedTokens.push_back(t);
    }
    tokenizer::HfNormalizerStep replace;
    replace.kind = tokenizer::HfNormalizerStep::Kind::Replace;
    replace.pattern = {" ", false};
    replace.content = "\xE2\x96\x81";
    spec.normalizers = {replace};
    spec.bosPrefix = {1};
    return tokenizer::HfTokenizer(spec, "tiny");
}

// A llama wide enough that its matrices (about 1.5 MB in bf16) span many pages.
model::Transformer tinyLlama()
{
    model::ModelConfig c;
    c.family = model::Family::Llama;
    c.vocab_size = 1024;
    c.d_model = 256;
    c.n_layer = 1;
    c.n_head = 4;
    c.n_kv_head = 2;
    c.context_length = 32;
    c.bias = false;
    c.tie_embeddings = false;
    torch::manual_seed(7);
    return model::Transformer(c);
}

std::map<std::string, torch::Tensor> parametersOf(model::Transformer& m)
{
    std::map<std::string, torch::Tensor> out;
    for (auto& item : m->named_parameters())
        out[item.key()] = item.value();
    return out;
}

} // namespace

class TestGgufModelExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void f32ExportEqualsGgufPyConversion_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : {"llama.f32.gguf", "llama3rope.f32.gguf", "qwen2.f32.gguf", "gpt2.f32.gguf"})
            QTest::newRow(f) << QString(f);
    }
    void f32ExportEqualsGgufPyConversion()
    {
        QFETCH(QString, file);
        const std::string source = test::ggufModelFixture(file.toStdString());
        gguf_model::GgufModel loaded = gguf_model::loadGgufModel(source, torch::kCPU);
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.gguf").toStdString();
        int64_t lastDone = 0, lastTotal = -1;
        gguf_model::writeGgufModel(loaded.model, tinyTokenizer(), "{{ messages }}", path, gguf::GgmlType::F32,
                                   [&](int64_t done, int64_t total) {
                                       lastDone = done;
                                       lastTotal = total;
                                       return true;
                                   });
        gguf::GgufFile theirs(source), ours(path);
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(int64_t(ours.tensors().size()), lastTotal);
        QCOMPARE(ours.tensors().size(), theirs.tensors().size());
        for (const auto& t : theirs.tensors()) {
            const gguf::GgufTensorInfo* o = ours.findTensor(t.name);
            QVERIFY2(o, qPrintable(QString::fromStdString(t.name)));
            QCOMPARE(o->dims, t.dims);
            QCOMPARE(o->type, t.type);
            if (t.name == "rope_freqs.weight") {
                // Computed in float64 here and float32 by the converter.
                const auto a = ours.dequantizeTensor(*o), b = theirs.dequantizeTensor(t);
                for (size_t i = 0; i < a.size(); ++i)
                    QVERIFY(std::abs(a[i] - b[i]) <= 1e-5f * b[i]);
                continue;
            }
            QVERIFY2(std::memcmp(o->data, t.data, t.byteSize) == 0, qPrintable(QString::fromStdString(t.name)));
        }
        for (const auto& kv : theirs.metadata()) {
            const gguf::GgufValue* mine = ours.find(kv.key);
            if (kv.key == "general.file_type" || kv.key == "general.name")
                continue;
            QVERIFY2(mine, qPrintable(QString::fromStdString(kv.key)));
            QVERIFY2(mine->type() == kv.value.type(), qPrintable(QString::fromStdString(kv.key)));
            QVERIFY2(*mine == kv.value, qPrintable(QString::fromStdString(kv.key)));
        }
        QCOMPARE(ours.get<uint32_t>("general.file_type"), uint32_t(0));
        QCOMPARE(ours.get<std::string>("tokenizer.chat_template"), std::string("{{ messages }}"));
        QCOMPARE(ours.get<std::vector<std::string>>("tokenizer.ggml.tokens").size(), size_t(64));

        gguf_model::GgufModel again = gguf_model::loadGgufModel(path, torch::kCPU);
        QVERIFY(again.info.config == loaded.info.config);
        auto a = parametersOf(loaded.model), b = parametersOf(again.model);
        QCOMPARE(a.size(), b.size());
        for (auto& [name, value] : a)
            QVERIFY2(torch::equal(value, b.at(name)), qPrintable(QString::fromStdString(name)));
    }

    void quantizedExportLoadsBackWithinBlockError()
    {
        gguf_model::GgufModel loaded = gguf_model::loadGgufModel(test::ggufModelFixture("llama.f32.gguf"), torch::kCPU);
        QTemporaryDir dir;
        const std::string path = dir.filePath("q8.gguf").toStdString();
        gguf_model::writeGgufModel(loaded.model, tinyTokenizer(), "", path, gguf::GgmlType::Q8_0);
        const auto info = gguf_model::inspectGguf(path);
        QCOMPARE(info.tensorTypes.at("q8_0"), int64_t(2 * 7 + 2));
        gguf_model::GgufModel again = gguf_model::loadGgufModel(path, torch::kCPU);
        auto a = parametersOf(loaded.model), b = parametersOf(again.model);
        for (auto& [name, value] : a) {
            // Q8_0 rounds each value to a step d = block max / 127 (half a step at most),
            // and d itself is stored as f16 (relative error 2^-11, times |q| <= 127).
            const float bound = value.abs().max().item<float>() / 127.0f * (0.5f + 127.0f / 2048.0f) + 1e-6f;
            QVERIFY2((value - b.at(name)).abs().max().item<float>() <= bound, qPrintable(QString::fromStdString(name)));
        }
    }

    // Matrices are converted on several threads, each a run of whole blocks: every
    // tensor must hold the bytes of one conversion of its values, for a model wide enough
    // that the embedding and the MLP split into several runs.
    void convertingOnThreadsGivesTheBytesOfOneCall_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("f16") << int(gguf::GgmlType::F16);
        QTest::newRow("bf16") << int(gguf::GgmlType::BF16);
        QTest::newRow("q8_0") << int(gguf::GgmlType::Q8_0);
        QTest::newRow("q4_1") << int(gguf::GgmlType::Q4_1);
    }
    void convertingOnThreadsGivesTheBytesOfOneCall()
    {
        QFETCH(int, type);
        const auto ggmlType = gguf::GgmlType(type);
        model::Transformer m = tinyLlama();
        const model::ModelConfig& c = m->config();
        const int threads = torch::get_num_threads();
        torch::set_num_threads(4);
        QTemporaryDir dir;
        const std::string path = dir.filePath("threads.gguf").toStdString();
        gguf_model::writeGgufModel(m, tinyTokenizer(), "", path, ggmlType);
        torch::set_num_threads(threads);
        gguf::GgufFile file(path);
        const auto parameters = gguf_model::parametersByName(m);
        int matrices = 0;
        for (const gguf_model::GgufTensorPart& part : gguf_model::ggufTensorParts(c, "llama")) {
            const gguf::GgufTensorInfo& t = file.tensor(part.gguf);
            if (t.type != ggmlType)
                continue;
            ++matrices;
            const std::vector<float> values = gguf_model::ggufPartValues(parameters.at(part.ours), part);
            std::vector<uint8_t> expected(t.byteSize);
            if (ggmlType == gguf::GgmlType::F16) {
                // Independent of ggml's code: LibTorch's IEEE half rounding.
                torch::Tensor half = torch::from_blob(const_cast<float*>(values.data()), {int64_t(values.size())})
                                         .to(torch::kHalf);
                std::memcpy(expected.data(), half.data_ptr(), expected.size());
            } else {
                gguf::quantize(ggmlType, values.data(), expected.data(), values.size());
            }
            QVERIFY2(std::memcmp(t.data, expected.data(), expected.size()) == 0, qPrintable(QString::fromStdString(part.gguf)));
        }
        QCOMPARE(matrices, 2 + 7); // token_embd and output, q, k, v, o, gate, up, down
    }

    // Tensors already in the file's type are written from the parameter's own bytes, which
    // must equal what the conversion gives: the bytes themselves, but a signalling NaN
    // with its quiet bit set (as through float32). Permuted q/k rows are converted.
    void bf16PartsAreTheStoredBytesWithNansQuieted()
    {
        model::Transformer m = tinyLlama();
        m->to(torch::kBFloat16);
        const auto parameters = gguf_model::parametersByName(m);
        const std::vector<gguf_model::GgufTensorPart> parts = gguf_model::ggufTensorParts(m->config(), "llama");
        auto* embedding = static_cast<uint16_t*>(parameters.at(parts.front().ours).data_ptr());
        embedding[3] = 0x7f81;  // signalling NaN: written as 0x7fc1
        embedding[4] = 0xffc2;  // quiet NaN: stays
        QTemporaryDir dir;
        const std::string path = dir.filePath("bf16.gguf").toStdString();
        gguf_model::writeGgufModel(m, tinyTokenizer(), "", path, gguf::GgmlType::BF16);
        gguf::GgufFile file(path);
        int stored = 0;
        for (const gguf_model::GgufTensorPart& part : parts) {
            const gguf::GgufTensorInfo& t = file.tensor(part.gguf);
            if (t.type != gguf::GgmlType::BF16)
                continue;
            std::vector<uint16_t> expected(t.byteSize / 2);
            if (part.permuteHeads == 0) {
                ++stored;
                torch::Tensor rows = parameters.at(part.ours);
                if (part.rows >= 0)
                    rows = rows.narrow(0, part.rowStart, part.rows).contiguous();
                std::memcpy(expected.data(), rows.data_ptr(), t.byteSize);
                for (uint16_t& v : expected)
                    if ((v & 0x7f80) == 0x7f80 && (v & 0x7f) != 0)
                        v |= 0x40; // IEEE: a NaN's quiet bit is the top mantissa bit
            } else {
                const std::vector<float> values = gguf_model::ggufPartValues(parameters.at(part.ours), part);
                gguf::quantize(gguf::GgmlType::BF16, values.data(), expected.data(), values.size());
            }
            QVERIFY2(std::memcmp(t.data, expected.data(), t.byteSize) == 0, qPrintable(QString::fromStdString(part.gguf)));
        }
        QCOMPARE(stored, 2 + 5); // token_embd and output, v, o, gate, up, down
        uint16_t written[5] = {};
        std::memcpy(written, file.tensor(parts.front().gguf).data, sizeof written);
        QCOMPARE(written[3], uint16_t(0x7fc1));
        QCOMPARE(written[4], uint16_t(0xffc2));
    }

    // A write that fails (past the file size limit, as on a full disk) reaches the caller
    // naming the file, and neither the file nor its temporary is left behind, for parts
    // written from the parameter's bytes (bf16) and converted ones (f16).
    void aFailedWriteLeavesNoFile_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("bf16 as stored") << int(gguf::GgmlType::BF16);
        QTest::newRow("f16 converted") << int(gguf::GgmlType::F16);
    }
    void aFailedWriteLeavesNoFile()
    {
        QFETCH(int, type);
        model::Transformer m = tinyLlama();
        m->to(torch::kBFloat16);
        QTemporaryDir dir;
        const std::string path = dir.filePath("limited.gguf").toStdString();
        rlimit old{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG
        rlimit limited = old;
        limited.rlim_cur = 256 << 10;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        QString message;
        try {
            gguf_model::writeGgufModel(m, tinyTokenizer(), "", path, gguf::GgmlType(type));
        } catch (const Error& e) {
            message = e.what();
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(message.contains("limited.gguf") && message.contains("cannot write"), qPrintable(message));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    void cancelLeavesNoFile()
    {
        gguf_model::GgufModel loaded = gguf_model::loadGgufModel(test::ggufModelFixture("gpt2.f16.gguf"), torch::kCPU);
        QTemporaryDir dir;
        const std::string path = dir.filePath("cancelled.gguf").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, gguf_model::writeGgufModel(loaded.model, tinyTokenizer(), "", path,
                                                                   gguf::GgmlType::F16,
                                                                   [](int64_t done, int64_t) { return done < 3; }));
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }
};

LW_TEST_GUILESS_MAIN(TestGgufModelExport)
#include "test_gguf_model_export.moc"
