// The demo model as a new user gets it, through the real llmwb: trained from an empty
// project folder, it writes stories from an empty prompt (the start of a document) that
// are valid UTF-8 made of the demo stories' words, during training and after it.
#include "cli_runner.h"
#include "core/util/text_file.h"
#include "test_registry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using lw::test::llmwbPath;

namespace {

struct RawResult {
    int exitCode = -1;
    QByteArray out, err;
};

RawResult runRaw(const QStringList& args, int timeoutMs)
{
    QProcess p;
    p.start(llmwbPath(), args);
    RawResult r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QStringList wordsOf(const QString& text)
{
    static const QRegularExpression nonLetters(QStringLiteral("[^\\p{L}]+"));
    return text.split(nonLetters, Qt::SkipEmptyParts);
}

} // namespace

class TestCliDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainingSamplesFromAnEmptyPromptAreCorpusWords();
    void generatedStoriesFromAnEmptyPromptAreCorpusWords();

private:
    // Fails (with the offending text) unless `bytes` is valid UTF-8 holding corpus words only.
    void checkStory(const QByteArray& bytes);

    QTemporaryDir m_dir;
    QString m_project;
    QByteArray m_trainEvents;
    QSet<QString> m_corpusWords;
};

void TestCliDemo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("project"));
    // The whole demo training, as `llmwb train --demo` does it for a new user.
    const RawResult r = runRaw({"train", "--demo", "--project", m_project, "--events"}, 600000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    m_trainEvents = r.out;
    QFile corpus(m_project + QStringLiteral("/demo-stories.txt"));
    QVERIFY(corpus.open(QIODevice::ReadOnly));
    for (const QString& word : wordsOf(QString::fromUtf8(corpus.readAll())))
        m_corpusWords.insert(word);
    QVERIFY(m_corpusWords.size() > 100);
}

void TestCliDemo::checkStory(const QByteArray& bytes)
{
    const std::string_view view(bytes.constData(), size_t(bytes.size()));
    QVERIFY2(lw::util::findInvalidUtf8(view) == std::string_view::npos, bytes.constData());
    const QStringList words = wordsOf(QString::fromUtf8(bytes));
    QVERIFY2(words.size() >= 10, bytes.constData());
    for (const QString& word : words)
        QVERIFY2(m_corpusWords.contains(word), qPrintable(QStringLiteral("'%1' in: %2").arg(word, QString::fromUtf8(bytes))));
}

void TestCliDemo::trainingSamplesFromAnEmptyPromptAreCorpusWords()
{
    int samples = 0;
    double lastValLoss = 0;
    for (const QByteArray& line : m_trainEvents.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("eval"))
            lastValLoss = e.value(QStringLiteral("val_loss")).toDouble();
        if (e.value(QStringLiteral("event")).toString() != QLatin1String("sample"))
            continue;
        QCOMPARE(e.value(QStringLiteral("prompt")).toString(), QString()); // the demo samples start a story
        ++samples;
        // Samples of the last half of the run: the model has learned the stories by then.
        if (e.value(QStringLiteral("step")).toInt() >= 100)
            checkStory(e.value(QStringLiteral("text")).toString().toUtf8());
    }
    QVERIFY(samples >= 2);
    QVERIFY2(lastValLoss > 0 && lastValLoss < 1.0, qPrintable(QString::number(lastValLoss)));
}

void TestCliDemo::generatedStoriesFromAnEmptyPromptAreCorpusWords()
{
    for (const char* seed : {"1", "2", "3"}) {
        const RawResult r = runRaw({"generate", "--project", m_project, "--run", "1", "--best", "--prompt", "",
                                    "--max-tokens", "80", "--seed", seed},
                                   120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        checkStory(r.out);
    }
}

LW_TEST_GUILESS_MAIN(TestCliDemo)
#include "test_cli_demo.moc"
