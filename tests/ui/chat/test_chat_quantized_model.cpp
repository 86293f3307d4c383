// The Chat panel's generation worker on a Q4_0 GGUF file (a random GPT-2 shape with
// GPT-2's tokenizer, written by core/gguf_model): the model loads without float copies
// of its matrices and its decoder reads the Q4_0 blocks (the runner says so; a decoder
// made without the blocks would refuse the model).
#include "core/generate/known_models.h"
#include "core/gguf_model/gguf_model.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/panels/chat/generation_worker.h"
#include "test_registry.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lw::ui;

class TestChatQuantizedModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void decoderReadsTheBlocks();

private:
    ModelChoice choice(const QString& adapterDir = {}) const;
    QTemporaryDir m_dir;
    QString m_gguf;
};

void TestChatQuantizedModel::initTestCase()
{
    lw::model::ModelConfig config = lw::test::knownModelConfig(50257, 64, 128);
    config.tie_embeddings = true;
    lw::model::Transformer m(config);
    m->initializeWeights(29);
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    m_gguf = m_dir.filePath("chat-q4_0.gguf");
    lw::gguf_model::writeGgufModel(m, *tokenizer, "", m_gguf.toStdString(), lw::gguf::GgmlType::Q4_0);
}

ModelChoice TestChatQuantizedModel::choice(const QString& adapterDir) const
{
    ModelChoice c;
    c.key = m_gguf;
    c.label = QStringLiteral("chat-q4_0");
    c.checkpointPath = m_gguf;
    c.adapterDir = adapterDir;
    return c;
}

void TestChatQuantizedModel::decoderReadsTheBlocks()
{
    GenerationWorker worker;
    QSignalSpy loaded(&worker, &GenerationWorker::loaded);
    QSignalSpy failed(&worker, &GenerationWorker::loadFailed);
    worker.load(choice(), 1);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(loaded.size(), 1);
    const auto info = loaded.first().first().value<LoadedModelInfo>();
    QVERIFY2(info.runner.contains(QStringLiteral("q4_0 weights")), qPrintable(info.runner));
}

LW_TEST_MAIN(TestChatQuantizedModel)
#include "test_chat_quantized_model.moc"
