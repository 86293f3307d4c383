// The writer thread of large exports: bytes reach the file in the order pushed (owned
// buffers and views, with a queue bound far below the total so push() must wait), a
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
#include <sys/resource.h>

using namespace lw;

class TestBackgroundWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bytesArriveInPushOrder();
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
            std::vector<uint8_t> bytes(size);
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
        for (int i = 0; i < 8; ++i)
            writer.push(std::vector<uint8_t>(512 << 10, uint8_t(i)));
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
            writer.push(std::vector<uint8_t>(256 << 10, uint8_t(i)));
        // An error in the producer: the writer and the file go without finish() or commit().
    }
    QVERIFY(!std::filesystem::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

LW_TEST_GUILESS_MAIN(TestBackgroundWriter)
#include "test_background_writer.moc"
