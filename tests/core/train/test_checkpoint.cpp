// Checkpoints round-trip exactly, and damage of any kind is detected on load with an
// error naming the file.
#include "core/io/safetensors.h"
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripsEveryTensorAndTheState();
    void detectsDamage_data();
    void detectsDamage();
    void weightsOnDemandAreTheSavedWeights();
    void rejectsAnotherModelShape();
    void safetensorsHeaderIsValidated_data();
    void safetensorsHeaderIsValidated();

private:
    QTemporaryDir m_dir;
    std::string m_path;
};

void TestCheckpoint::initTestCase()
{
    torch::set_num_threads(2);
    model::Transformer m(model::presetConfig("tiny"));
    m->initializeWeights(3);
    train::FusedAdamW optimizer({});
    for (auto& item : m->named_parameters()) {
        optimizer.addParameter(item.key(), item.value(), item.value().dim() > 1);
        item.value().mutable_grad() = torch::randn(item.value().sizes());
    }
    optimizer.step(1e-3);
    train::TrainerState state;
    state.step = 42;
    state.tokensSeen = 4200;
    state.loader = {1, 17};
    state.bestValLoss = 2.5;
    state.bestStep = 40;
    m_path = m_dir.filePath("c.ckpt").toStdString();
    train::saveCheckpoint(m_path, m, &optimizer, nlohmann::json{{"max_steps", 100}}, state, "/tok");
}

void TestCheckpoint::roundTripsEveryTensorAndTheState()
{
    model::Transformer m(model::presetConfig("tiny"));
    m->initializeWeights(3);
    auto c = train::loadCheckpoint(m_path);
    QCOMPARE(c.state.step, int64_t(42));
    QCOMPARE(c.state.loader.index, int64_t(17));
    QCOMPARE(*c.state.bestValLoss, 2.5);
    QCOMPARE(c.trainConfig["max_steps"].get<int>(), 100);
    QCOMPARE(c.tokenizerPath, std::string("/tok"));
    QVERIFY(c.modelConfig == m->config());
    QCOMPARE(c.optimizer.size(), 2 * m->named_parameters().size());
    model::Transformer restored(c.modelConfig);
    train::loadModelWeights(restored, c, m_path);
    // Weights were updated by one optimizer step before saving: compare with the file's values.
    for (auto& item : restored->named_parameters())
        QVERIFY(torch::equal(item.value(), c.model.at(item.key())));
    QVERIFY(c.cpuRngState.defined());
    // The file is a valid safetensors file for other readers too.
    auto header = io::readSafetensorsHeader(m_path);
    QCOMPARE(header.metadata.at("format"), std::string("llmwb-checkpoint"));
}

void TestCheckpoint::detectsDamage_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bit flip in the weights") << "flip-data" << "checksum mismatch";
    QTest::newRow("digit changed in the metadata") << "flip-header" << "checksum";
    QTest::newRow("truncated") << "truncate" << "truncated";
    QTest::newRow("empty") << "empty" << "not a safetensors file";
    QTest::newRow("garbage header length") << "header-length" << "header length";
}

void TestCheckpoint::detectsDamage()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    std::string bytes = util::readFile(m_path);
    if (damage == "flip-data")
        bytes[bytes.size() - 1000] ^= 0x10;
    else if (damage == "flip-header") {
        size_t at = bytes.find("\\\"step\\\":42");
        QVERIFY(at != std::string::npos);
        bytes[at + 9] = '3'; // step 43: still valid JSON, different meaning
    } else if (damage == "truncate")
        bytes.resize(bytes.size() / 2);
    else if (damage == "empty")
        bytes.clear();
    else if (damage == "header-length")
        bytes[5] = char(0x7f);
    const std::string damaged = m_dir.filePath("damaged.ckpt").toStdString();
    util::writeFileAtomic(damaged, bytes);
    // Loading, and reading the weights on demand (export), both refuse it.
    const std::function<void()> readers[] = {[&] { train::loadCheckpoint(damaged); },
                                             [&] { train::checkpointParameterSource(damaged); }};
    for (const auto& read : readers) {
        try {
            read();
            QFAIL("damage was not detected");
        } catch (const Error& e) {
            QString message = e.what();
            QVERIFY2(message.startsWith(QString::fromStdString(damaged)), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }
}

void TestCheckpoint::weightsOnDemandAreTheSavedWeights()
{
    auto c = train::loadCheckpoint(m_path, false);
    train::Checkpoint metadata;
    model::ParameterSource source = train::checkpointParameterSource(m_path, &metadata);
    QVERIFY(source.config == c.modelConfig);
    QVERIFY(metadata.modelConfig == c.modelConfig);
    QCOMPARE(metadata.tokenizerPath, std::string("/tok"));
    QCOMPARE(metadata.state.step, int64_t(42));
    QVERIFY(metadata.model.empty());
    QVERIFY(!c.model.empty());
    for (const auto& [name, value] : c.model) {
        const torch::Tensor read = source.read(name);
        QCOMPARE(read.scalar_type(), value.scalar_type());
        QVERIFY2(torch::equal(read, value), name.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(Error, source.read("no.such.weight"));
}

void TestCheckpoint::rejectsAnotherModelShape()
{
    auto c = train::loadCheckpoint(m_path, false);
    model::ModelConfig other = c.modelConfig;
    other.n_layer += 1;
    model::Transformer m(other);
    QVERIFY_THROWS_EXCEPTION(Error, train::loadModelWeights(m, c, m_path));
}

void TestCheckpoint::safetensorsHeaderIsValidated_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("offsets past end") << R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})" << 8 << "truncated";
    QTest::newRow("size mismatch") << R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})" << 16 << "does not match";
    QTest::newRow("overlap") << R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})" << 12 << "overlap";
    QTest::newRow("negative dim") << R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})" << 4 << "negative";
    QTest::newRow("unknown dtype") << R"({"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})" << 16 << "dtype";
    QTest::newRow("not json") << R"({"a":)" << 0 << "corrupt";
    QTest::newRow("huge shape") << R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})" << 4 << "large";
}

void TestCheckpoint::safetensorsHeaderIsValidated()
{
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(QString, expected);
    std::string h = header.toStdString();
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = char((uint64_t(h.size()) >> (8 * i)) & 0xff);
    bytes += h + std::string(size_t(dataBytes), '\0');
    const std::string path = m_dir.filePath("bad.safetensors").toStdString();
    util::writeFileAtomic(path, bytes);
    try {
        io::readSafetensors(path);
        QFAIL("invalid header accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
