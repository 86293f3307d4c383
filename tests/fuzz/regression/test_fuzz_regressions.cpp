// Every input the fuzzers ever crashed on (tests/fuzz/regressions/<name>/), and every
// seed (tests/fuzz/corpus/<name>/), goes through its harness again: each must be
// accepted, or refused with an lw::Error that names the input file. A crash, another
// exception or a broken invariant fails the test, as it failed the fuzzer.
#include "test_paths.h"
#include "core/util/error.h"
#include "fuzz/fuzz_harness.h"
#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <typeinfo>

namespace {

QString fuzzFolder()
{
    return QString::fromUtf8(lw::test::sourceDir()) + QStringLiteral("/tests/fuzz");
}

lw::fuzz::Harness harnessNamed(const QString& name)
{
    for (const auto& h : lw::fuzz::harnesses())
        if (name == QLatin1String(h.name))
            return h.run;
    return nullptr;
}

QStringList savedFiles(const QString& kind, const QString& harness)
{
    const QDir folder(fuzzFolder() + QLatin1Char('/') + kind + QLatin1Char('/') + harness);
    return folder.entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyHarnessHasSeeds();
    void savedFoldersNameHarnesses();
    void savedInputs_data();
    void savedInputs();
};

void TestFuzzRegressions::everyHarnessHasSeeds()
{
    QVERIFY(!lw::fuzz::harnesses().empty());
    for (const auto& h : lw::fuzz::harnesses())
        QVERIFY2(!savedFiles(QStringLiteral("corpus"), QLatin1String(h.name)).isEmpty(),
                 qPrintable(QStringLiteral("no seeds in corpus/%1").arg(QLatin1String(h.name))));
}

void TestFuzzRegressions::savedFoldersNameHarnesses()
{
    for (const QString& kind : {QStringLiteral("corpus"), QStringLiteral("regressions")})
        for (const QString& name : QDir(fuzzFolder() + QLatin1Char('/') + kind).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QVERIFY2(harnessNamed(name), qPrintable(kind + QLatin1Char('/') + name + QStringLiteral(": no such harness")));
}

void TestFuzzRegressions::savedInputs_data()
{
    QTest::addColumn<QString>("harness");
    QTest::addColumn<QString>("path");
    for (const auto& h : lw::fuzz::harnesses()) {
        const QString name = QLatin1String(h.name);
        for (const QString& kind : {QStringLiteral("regressions"), QStringLiteral("corpus")})
            for (const QString& file : savedFiles(kind, name)) {
                const QString relative = kind + QLatin1Char('/') + name + QLatin1Char('/') + file;
                QTest::newRow(qPrintable(relative)) << name << fuzzFolder() + QLatin1Char('/') + relative;
            }
    }
}

void TestFuzzRegressions::savedInputs()
{
    QFETCH(QString, harness);
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const QByteArray bytes = file.readAll();
    const lw::fuzz::Harness run = harnessNamed(harness);
    QVERIFY(run);
    try {
        run(std::string_view(bytes.constData(), size_t(bytes.size())));
    } catch (const lw::Error& e) {
        QVERIFY2(lw::fuzz::namesInputFile(e.what()),
                 qPrintable(QStringLiteral("refused without naming the input file: ") + QString::fromUtf8(e.what())));
    } catch (const lw::fuzz::InvariantBroken& e) {
        QFAIL(qPrintable(QStringLiteral("invariant broken: ") + QString::fromUtf8(e.what())));
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QStringLiteral("%1 instead of lw::Error: %2")
                             .arg(QLatin1String(typeid(e).name()), QString::fromUtf8(e.what()))));
    }
}

LW_TEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
