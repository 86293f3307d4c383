// Reading the gguf-py fixtures: every key comes back with the type and value the script
// wrote, in its order; tensor infos have the script's dims and types, lie at aligned
// offsets of an aligned data section, and point into the file's bytes; typed access
// refuses any other type with the key and the actual type.
#include "core/gguf/gguf_file.h"
#include "core/util/error.h"
#include "gguf_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using namespace lw::gguf;
using namespace lw::test::gguf;
using nlohmann::json;

namespace {

// The value a key holds, compared with the script's JSON for its type.
void compareWithScript(const GgufFile& file, const json& expected)
{
    const std::string key = expected["key"];
    const std::string type = expected["type"];
    const json& v = expected["value"];
    const GgufValue& value = file.value(key);
    if (type == "array")
        QCOMPARE(value.typeName(), "array of " + expected["element_type"].get<std::string>());
    else
        QCOMPARE(value.typeName(), type);
    const std::string elementType = type == "array" ? expected["element_type"].get<std::string>() : type;
    const bool array = type == "array";
    auto check = [&](auto sample) {
        using T = decltype(sample);
        // Exact equality, floats included (QCOMPARE on one float would be fuzzy).
        if (array)
            QVERIFY2(file.get<std::vector<T>>(key) == v.get<std::vector<T>>(), key.c_str());
        else
            QVERIFY2(file.get<T>(key) == v.get<T>(), key.c_str());
    };
    if (elementType == "u8") check(uint8_t());
    else if (elementType == "i8") check(int8_t());
    else if (elementType == "u16") check(uint16_t());
    else if (elementType == "i16") check(int16_t());
    else if (elementType == "u32") check(uint32_t());
    else if (elementType == "i32") check(int32_t());
    else if (elementType == "u64") check(uint64_t());
    else if (elementType == "i64") check(int64_t());
    else if (elementType == "f32") check(float()); // the JSON double is the f32 exactly
    else if (elementType == "f64") check(double());
    else if (elementType == "bool") check(bool());
    else if (elementType == "string") check(std::string());
    else QFAIL(qPrintable(QString::fromStdString("unexpected type " + elementType)));
}

} // namespace

class TestGgufFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void metadataEqualsScript_data();
    void metadataEqualsScript();
    void tensorInfosEqualScript_data();
    void tensorInfosEqualScript();
    void typedAccessRefusesOtherTypes();
};

void TestGgufFile::metadataEqualsScript_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("metadata") << QStringLiteral("metadata.gguf");
    QTest::newRow("tensors") << QStringLiteral("tensors.gguf");
}

void TestGgufFile::metadataEqualsScript()
{
    QFETCH(QString, file);
    const json& expected = expectedFixtures()[file.toStdString()];
    const GgufFile gguf(fixturePath(file.toStdString()));
    QCOMPARE(gguf.version(), uint32_t(3));
    QCOMPARE(gguf.metadata().size(), expected["metadata"].size());
    for (size_t i = 0; i < gguf.metadata().size(); ++i) {
        QCOMPARE(gguf.metadata()[i].key, expected["metadata"][i]["key"].get<std::string>()); // file order
        compareWithScript(gguf, expected["metadata"][i]);
    }
    QCOMPARE(gguf.alignment(), expected["alignment"].get<uint32_t>());
}

void TestGgufFile::tensorInfosEqualScript_data()
{
    metadataEqualsScript_data();
}

void TestGgufFile::tensorInfosEqualScript()
{
    QFETCH(QString, file);
    const json& expected = expectedFixtures()[file.toStdString()]["tensors"];
    const GgufFile gguf(fixturePath(file.toStdString()));
    const std::string bytes = util::readFile(gguf.path());
    QCOMPARE(gguf.tensors().size(), expected.size());
    QCOMPARE(gguf.dataOffset() % gguf.alignment(), uint64_t(0));
    QVERIFY(gguf.dataOffset() <= bytes.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const GgufTensorInfo& t = gguf.tensors()[i];
        QCOMPARE(t.name, expected[i]["name"].get<std::string>());
        QCOMPARE(t.dims, expected[i]["dims"].get<std::vector<uint64_t>>());
        QCOMPARE(ggmlTypeName(uint32_t(t.type)), [&] {
            std::string name = expected[i]["type"];
            for (char& c : name)
                if (c != 'K')
                    c = char(std::tolower(c)); // gguf-py says Q4_K, ggml q4_K
            return name;
        }());
        QCOMPARE(t.offset % gguf.alignment(), uint64_t(0));
        uint64_t elements = 1;
        for (uint64_t d : t.dims)
            elements *= d;
        QCOMPARE(t.elementCount, elements);
        // The tensor's bytes are the file's own, at the data section plus its offset.
        QCOMPARE(t.data, reinterpret_cast<const uint8_t*>(gguf.tensors()[0].data) - gguf.tensors()[0].offset + t.offset);
        QCOMPARE(std::string(reinterpret_cast<const char*>(t.data), t.byteSize),
                 bytes.substr(gguf.dataOffset() + t.offset, t.byteSize));
        QCOMPARE(gguf.findTensor(t.name), &t);
    }
}

void TestGgufFile::typedAccessRefusesOtherTypes()
{
    const GgufFile gguf(fixturePath("metadata.gguf"));
    const std::string path = gguf.path();
    QCOMPARE(errorMessageOf([&] { gguf.get<int32_t>("test.u32"); }), path + ": key 'test.u32': is u32, expected i32");
    QCOMPARE(errorMessageOf([&] { gguf.get<std::vector<int32_t>>("test.array.u32"); }),
             path + ": key 'test.array.u32': is array of u32, expected array of i32");
    QCOMPARE(errorMessageOf([&] { gguf.get<std::string>("test.array.string"); }),
             path + ": key 'test.array.string': is array of string, expected string");
    QCOMPARE(errorMessageOf([&] { gguf.get<float>("test.f64"); }), path + ": key 'test.f64': is f64, expected f32");
    QCOMPARE(errorMessageOf([&] { gguf.get<uint32_t>("no.such.key"); }), path + ": no key 'no.such.key'");
    QCOMPARE(errorMessageOf([&] { gguf.tensor("no.such.tensor"); }), path + ": no tensor 'no.such.tensor'");
    QVERIFY(!gguf.has("no.such.key"));
    QCOMPARE(GgufFile(fixturePath("tensors.gguf")).get<uint32_t>("general.alignment"), uint32_t(64));
}

LW_TEST_GUILESS_MAIN(TestGgufFile)
#include "test_gguf_file.moc"
