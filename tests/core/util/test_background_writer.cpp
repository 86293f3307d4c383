// The writer thread of large exports: bytes reach the file in the order pushed (owned
// buffers, recycled ones, views and shared bytes, with a queue bound far below the total
// so push() must wait), shared bytes are kept alive until written and released then, a
// failed write (the file size limit) comes back to the caller as an lw::Error, and a
// writer dropped mid-way leaves no file behind.
#include "core/util/atomic_file.h"
#include "core/util/background_writer.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <sys/resource.h>

using namespace lw;

class TestBackgroundWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bytesArriveInPushOrder();
    void recycledBuffersAreReusedAndBounded();
    void sharedBytesLiveUntilWritten();
    void aFailedWriteReachesTheCaller();
    void droppedWriterLeavesNoFile();
};

void TestBackgroundWriter::bytesArriveInPushOrder()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("out.bin").toStdString();
    std::mt19937 random(5);
    std::string expected;
    static const std::string view(100000, 'v');
    {
        util::AtomicFileWriter file(path);
        util::BackgroundWriter writer(file, /*maxQueuedBytes=*/64 << 10);
        for (int i = 0; i < 300; ++i) {
            const size_t size = random() % 100000;
            if (i % 7 == 3) {
                writer.pushView(view.data(), size);
                expected.append(view.data(), size);
                continue;
            }
            if (i % 7 == 5) {
                auto shared = std::make_shared<std::string>(size, char('a' + i % 26));
                writer.pushShared(shared, shared->data(), size);
                expected += *shared;
                continue;
            }
            // Recycled buffers come back with the bytes of an earlier chunk: all are overwritten.
            util::ByteBuffer bytes = i % 2 ? writer.takeBuffer(size) : util::ByteBuffer(size);
            for (uint8_t& b : bytes)
                b = uint8_t(random());
            expected.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            writer.push(std::move(bytes));
        }
        QCOMPARE(writer.pushed(), uint64_t(expected.size()));
        writer.finish();
        file.commit();
    }
    QVERIFY(util::readFile(path) == expected);
}

void TestBackgroundWriter::recycledBuffersAreReusedAndBounded()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("recycled.bin").toStdString();
    util::AtomicFileWriter file(path);
    const uint64_t bound = 4 << 20;
    util::BackgroundWriter writer(file, bound);
    std::set<const uint8_t*> addresses;
    for (int i = 0; i < 64; ++i) {
        util::ByteBuffer bytes = writer.takeBuffer(1 << 20);
        addresses.insert(bytes.data());
        bytes[0] = uint8_t(i);
        writer.push(std::move(bytes));
    }
    writer.finish();
    // At most bound/chunk buffers wait, one is being filled and one written, and the
    // spares are bounded too: a few distinct buffers serve all 64 chunks.
    QVERIFY2(addresses.size() <= 2 * bound / (1 << 20) + 2, qPrintable(QString::number(addresses.size())));
    QVERIFY(addresses.count(writer.takeBuffer(1 << 20).data()) == 1); // a written one, kept
    file.commit();
    const std::string written = util::readFile(path);
    QCOMPARE(written.size(), size_t(64) << 20);
    for (int i = 0; i < 64; ++i)
        QCOMPARE(uint8_t(written[size_t(i) << 20]), uint8_t(i));
}

void TestBackgroundWriter::sharedBytesLiveUntilWritten()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("shared.bin").toStdString();
    util::AtomicFileWriter file(path);
    util::BackgroundWriter writer(file, 1 << 20);
    std::weak_ptr<std::string> watched;
    {
        auto bytes = std::make_shared<std::string>(3 << 20, 's');
        watched = bytes;
        for (size_t at = 0; at < bytes->size(); at += 1 << 20)
            writer.pushShared(bytes, bytes->data() + at, 1 << 20);
    } // the caller's reference goes: the queue holds the rest
    writer.finish();
    QVERIFY(watched.expired());
    file.commit();
    QVERIFY(util::readFile(path) == std::string(3 << 20, 's'));
}

void TestBackgroundWriter::aFailedWriteReachesTheCaller()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("limited.bin").toStdString();
    // Past RLIMIT_FSIZE, write() fails with EFBIG (once SIGXFSZ is ignored).
    rlimit old{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = old;
    limited.rlim_cur = 1 << 20;
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    QString message;
    try {
        util::AtomicFileWriter file(path);
        util::BackgroundWriter writer(file, 1 << 20);
        const auto shared = std::make_shared<std::string>(512 << 10, 's');
        for (int i = 0; i < 8; ++i) {
            writer.push(util::ByteBuffer(512 << 10, uint8_t(i)));
            writer.pushShared(shared, shared->data(), shared->size());
        }
        writer.finish();
    } catch (const Error& e) {
        message = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY2(message.contains("limited.bin") && message.contains("cannot write"), qPrintable(message));
    QVERIFY(!std::filesystem::exists(path));
}

void TestBackgroundWriter::droppedWriterLeavesNoFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("dropped.bin").toStdString();
    {
        util::AtomicFileWriter file(path);
        util::BackgroundWriter writer(file, 1 << 20);
        for (int i = 0; i < 16; ++i)
            writer.push(util::ByteBuffer(256 << 10, uint8_t(i)));
        // An error in the producer: the writer and the file go without finish() or commit().
    }
    QVERIFY(!std::filesystem::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

LW_TEST_GUILESS_MAIN(TestBackgroundWriter)
#include "test_background_writer.moc"
