// Reading user text: chunked reading encodes exactly like whole-file encoding, and bad
// files (wrong encoding, binary, empty, malformed JSON Lines, huge lines) are refused
// with the file and line, or handled, never mangled.
#include "core/data/dataset.h"
#include "core/data/demo_corpus.h"
#include "core/data/text_source.h"
#include "core/data/token_file.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

std::string readChunks(const std::string& path, size_t chunkBytes, int* chunks = nullptr)
{
    std::string all;
    int n = 0;
    data::forEachTextChunk(path, [&](const data::TextChunk& c) {
        all.append(c.text);
        ++n;
        return true;
    }, chunkBytes);
    if (chunks)
        *chunks = n;
    return all;
}

} // namespace

class TestTextSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chunksReassembleTheFile();
    void chunkedEncodingEqualsWholeEncoding();
    void badFilesNameFileAndLine_data();
    void badFilesNameFileAndLine();
    void jsonLinesDocuments();
    void hugeLineIsReadWhole();
    void demoCorpusIsDeterministic();
    void paragraphsSplitAtBlankLines_data();
    void paragraphsSplitAtBlankLines();
    void blankLineDocumentsAreSeparatedByEndOfText();

private:
    QTemporaryDir m_dir;
    std::string write(const std::string& name, const std::string& bytes)
    {
        const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
        util::writeFileAtomic(path, bytes);
        return path;
    }
};

void TestTextSource::chunksReassembleTheFile()
{
    const std::string path = lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt");
    int chunks = 0;
    QCOMPARE(readChunks(path, 1000, &chunks), util::readFile(path));
    QVERIFY(chunks > 10);
    // UTF-8 sequences cut by the read blocks are completed, not damaged.
    std::string text;
    for (int i = 0; i < 3000; ++i)
        text += "Tiếng Việt có dấu 😀 line " + std::to_string(i) + "\n";
    const std::string p = write("utf8.txt", text);
    QCOMPARE(readChunks(p, 777), text);
}

void TestTextSource::chunkedEncodingEqualsWholeEncoding()
{
    auto tok = tokenizer::loadTokenizer(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    const std::string path = lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt");
    std::vector<int32_t> chunked;
    data::forEachTextChunk(path, [&](const data::TextChunk& c) {
        auto ids = tok->encode(c.text, false);
        chunked.insert(chunked.end(), ids.begin(), ids.end());
        return true;
    }, 512);
    QCOMPARE(chunked, tok->encode(util::readFile(path), false));
}

void TestTextSource::badFilesNameFileAndLine_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("expected");
    QTest::newRow("latin-1") << QByteArray("good line\nsecond line\ncaf\xe9 au lait\n") << ".txt" << ":3: column 4";
    QTest::newRow("binary") << QByteArray("text\n\x00\x01\x02", 8) << ".txt" << ":2: column 1: contains a NUL byte";
    QTest::newRow("empty") << QByteArray() << ".txt" << "the file is empty";
    QTest::newRow("bad json line") << QByteArray("{\"text\": \"a\"}\n{\"text\": \"b\"\n") << ".jsonl" << ":2: invalid JSON";
    QTest::newRow("no text field") << QByteArray("{\"text\": \"a\"}\n{\"body\": \"b\"}\n") << ".jsonl"
                                   << ":2: expected an object with a string field \"text\"";
    QTest::newRow("empty jsonl") << QByteArray("\n\n") << ".jsonl" << "no documents";
}

void TestTextSource::badFilesNameFileAndLine()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, suffix);
    QFETCH(QString, expected);
    const std::string path = write("bad" + suffix.toStdString(), bytes.toStdString());
    try {
        readChunks(path, 1 << 20);
        QFAIL("bad input accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), e.what());
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestTextSource::jsonLinesDocuments()
{
    const std::string path = write("docs.jsonl", "{\"text\": \"first document\"}\n\n{\"text\": \"second\\nwith a newline\"}\n");
    std::vector<std::string> docs;
    bool allStartDocuments = true;
    data::forEachTextChunk(path, [&](const data::TextChunk& c) -> bool {
        allStartDocuments &= c.documentStart;
        docs.emplace_back(c.text);
        return true;
    });
    QVERIFY(allStartDocuments);
    QCOMPARE(docs.size(), size_t(2));
    QCOMPARE(docs[1], std::string("second\nwith a newline"));
}

void TestTextSource::hugeLineIsReadWhole()
{
    const std::string line(6 << 20, 'x'); // one 6 MiB line, larger than a read block
    const std::string path = write("huge.txt", line + "\nend\n");
    QCOMPARE(readChunks(path, 1 << 20), line + "\nend\n");
}

void TestTextSource::demoCorpusIsDeterministic()
{
    const std::string a = data::generateDemoStories(7, 50000), b = data::generateDemoStories(7, 50000);
    QCOMPARE(a, b);
    QVERIFY(a.size() >= 50000);
    QVERIFY(data::generateDemoStories(8, 50000) != a);
    QVERIFY(a.find("Once upon a time") != std::string::npos || a.find("Long ago") != std::string::npos);
}

void TestTextSource::paragraphsSplitAtBlankLines_data()
{
    QTest::addColumn<QByteArray>("chunk");
    QTest::addColumn<bool>("atDocumentStart");
    QTest::addColumn<QStringList>("expected"); // "+" marks a paragraph that starts a document
    QTest::newRow("two paragraphs") << QByteArray("a\nb\n\nc") << false << QStringList{"a\nb", "+c"};
    QTest::newRow("continues the document") << QByteArray("x\n\ny") << false << QStringList{"x", "+y"};
    QTest::newRow("leading blank lines at a document start")
        << QByteArray("\n\n  \nx\r\n\r\ny\n") << true << QStringList{"x", "+y\n"};
    QTest::newRow("leading blank lines inside a document")
        << QByteArray("\n\nx") << false << QStringList{"+x"};
    QTest::newRow("white-space lines count as blank")
        << QByteArray("one\n \t\n\n  two") << false << QStringList{"one", "+  two"};
    QTest::newRow("no blank line") << QByteArray("only\nlines\n") << false << QStringList{"only\nlines\n"};
    QTest::newRow("trailing blank lines") << QByteArray("end\n\n\n") << false << QStringList{"end"};
    QTest::newRow("nothing but blank lines") << QByteArray("\n \n\n") << true << QStringList{};
}

void TestTextSource::paragraphsSplitAtBlankLines()
{
    QFETCH(QByteArray, chunk);
    QFETCH(bool, atDocumentStart);
    QFETCH(QStringList, expected);
    QStringList got;
    data::forEachParagraph(std::string_view(chunk.constData(), size_t(chunk.size())), atDocumentStart,
                           [&](std::string_view paragraph, bool startsDocument) {
                               got << (startsDocument ? "+" : "") +
                                          QString::fromUtf8(paragraph.data(), qsizetype(paragraph.size()));
                           });
    QCOMPARE(got, expected);
}

void TestTextSource::blankLineDocumentsAreSeparatedByEndOfText()
{
    // Stories separated by blank lines become documents: the token stream is
    // story, <|endoftext|>, story, ... and each piece decodes to its story.
    const std::string text = data::generateDemoStories(11, 6000);
    std::vector<std::string> stories;
    for (size_t start = 0; start < text.size();) {
        const size_t end = text.find("\n\n", start);
        stories.push_back(text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 2;
    }
    QVERIFY(stories.size() >= 5);

    auto tok = tokenizer::loadTokenizer(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    const int32_t eos = tok->eosId().value();
    data::PrepareOptions options;
    options.inputs = {write("stories.txt", text)};
    options.outputDir = m_dir.filePath("stories-dataset").toStdString();
    options.valFraction = 0.0;
    options.blankLineDocuments = true;
    const data::DatasetInfo info = data::prepareTextDataset(options, *tok);
    QCOMPARE(info.documents, int64_t(stories.size()));

    data::TokenFile tokens(info.tokensPath());
    std::vector<std::string> decoded(1);
    std::vector<int32_t> piece;
    for (uint64_t i = 0; i <= tokens.count(); ++i) {
        if (i == tokens.count() || tokens.at(i) == eos) {
            decoded.back() = tok->decode(piece);
            piece.clear();
            if (i < tokens.count())
                decoded.emplace_back();
        } else {
            piece.push_back(tokens.at(i));
        }
    }
    QCOMPARE(decoded, stories);
}

LW_TEST_GUILESS_MAIN(TestTextSource)
#include "test_text_source.moc"
