// Export reads a folder's weights as views of their memory map: a tensor stored in the
// dtype asked for is the map itself (no copy), one at an offset not aligned for its
// dtype, or asked for in another dtype, is a copy; all hold the values the file
// stores, and a view keeps the file mapped after the set that made it is gone. The file
// is written here byte by byte from the safetensors specification (an 8-byte
// little-endian header length, the JSON header, the data), not by our writer.
#include "core/hf/safetensors_set.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace lw;

namespace {

// "odd": one byte at 0, so "w" (bf16, 2x3) starts at the odd offset 1; "x" (f32, 4)
// at 16, aligned (the data section starts at a multiple of 8 from the map's start).
const float kX[4] = {1.5f, -2.0f, 3.25f, 1e-3f};
const uint16_t kW[6] = {0x3f80, 0xc000, 0x4040, 0x3e80, 0x0000, 0x8000}; // 1, -2, 3, 0.25, 0, -0

void writeFixture(const std::string& folder)
{
    std::string header = R"({"odd":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                         R"("w":{"dtype":"BF16","shape":[2,3],"data_offsets":[1,13]},)"
                         R"("x":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})";
    header.resize((header.size() + 7) / 8 * 8, ' ');
    std::string data(32, '\0');
    data[0] = 7;
    std::memcpy(&data[1], kW, sizeof kW);
    std::memcpy(&data[16], kX, sizeof kX);
    const uint64_t length = header.size(); // little-endian on the machines we build for
    std::ofstream out(folder + "/model.safetensors", std::ios::binary);
    out.write(reinterpret_cast<const char*>(&length), 8);
    out << header << data;
}

} // namespace

class TestSafetensorsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void viewsAreTheMapAndHoldTheStoredValues()
    {
        QTemporaryDir dir;
        writeFixture(dir.path().toStdString());
        torch::Tensor x, w, wAgain, xHalf;
        {
            const hf::SafetensorsSet set = hf::SafetensorsSet::open(dir.path().toStdString());
            x = set.view("x", torch::kFloat);
            // Two views of one tensor are the same bytes of the map; copies would differ.
            QCOMPARE(set.view("x", torch::kFloat).data_ptr(), x.data_ptr());
            w = set.view("w", torch::kBFloat16);
            wAgain = set.view("w", torch::kBFloat16);
            QVERIFY(w.data_ptr() != wAgain.data_ptr()); // unaligned: copied
            xHalf = set.view("x", torch::kHalf);
        } // the set and its own reference to the map are gone: the views keep it
        QCOMPARE(x.sizes().vec(), std::vector<int64_t>{4});
        QVERIFY(std::memcmp(x.data_ptr(), kX, sizeof kX) == 0);
        QCOMPARE(w.sizes().vec(), (std::vector<int64_t>{2, 3}));
        QCOMPARE(w.scalar_type(), torch::kBFloat16);
        QVERIFY(std::memcmp(w.data_ptr(), kW, sizeof kW) == 0);
        QCOMPARE(xHalf.scalar_type(), torch::kHalf);
        const float halves[4] = {1.5f, -2.0f, 3.25f, 0.0010004043579101562f}; // 1e-3 to the nearest half
        for (int i = 0; i < 4; ++i)
            QCOMPARE(xHalf[i].item<float>(), halves[i]);
    }
};

LW_TEST_GUILESS_MAIN(TestSafetensorsView)
#include "test_safetensors_view.moc"
