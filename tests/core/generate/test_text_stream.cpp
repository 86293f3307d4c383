// Streaming text: stop sequences that arrive split across pieces stop the text before
// them and are never shown, text that might start one is held back until it cannot,
// and token-by-token decoding with GPT-2's tokenizer gives exactly the whole decode,
// without ever releasing half a UTF-8 character.
#include "core/generate/text_stream.h"
#include "known_models.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw::generate;

class TestTextStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stopSplitAcrossPiecesIsNeverShown();
    void heldTextIsReleasedWhenItCannotStartAStop();
    void earliestStopWinsAndTailIsDropped();
    void finishReleasesTheHeldTailWithoutAStop();
    void utf8PrefixNeverEndsInsideACharacter_data();
    void utf8PrefixNeverEndsInsideACharacter();
    void incrementalDecodingEqualsWholeDecode_data();
    void incrementalDecodingEqualsWholeDecode();
    void bytesThatFormNoCharacterComeOutReplaced();
};

void TestTextStream::stopSplitAcrossPiecesIsNeverShown()
{
    StopSequenceFilter filter({"<|im_end|>"});
    std::string shown;
    for (const char* piece : {"The answer", " is 42.", "<|", "im", "_end", "|>", " after"}) {
        shown += filter.push(piece);
        QVERIFY2(shown.find('<') == std::string::npos, shown.c_str());
    }
    QVERIFY(filter.stopped());
    QCOMPARE(filter.matchedStop(), std::string("<|im_end|>"));
    QCOMPARE(shown, std::string("The answer is 42."));
    QCOMPARE(filter.finish(), std::string());
}

void TestTextStream::heldTextIsReleasedWhenItCannotStartAStop()
{
    StopSequenceFilter filter({"\n\nUser:"});
    QCOMPARE(filter.push("Hello\n"), std::string("Hello"));
    QCOMPARE(filter.push("\nUs"), std::string());
    QCOMPARE(filter.push("ually"), std::string("\n\nUsually"));
    QVERIFY(!filter.stopped());
}

void TestTextStream::earliestStopWinsAndTailIsDropped()
{
    StopSequenceFilter filter({"END", "STOP"});
    QCOMPARE(filter.push("go STOP then END"), std::string("go "));
    QCOMPARE(filter.matchedStop(), std::string("STOP"));
    QCOMPARE(filter.push("more"), std::string());
}

void TestTextStream::finishReleasesTheHeldTailWithoutAStop()
{
    StopSequenceFilter filter({"###"});
    QCOMPARE(filter.push("a ##"), std::string("a "));
    QCOMPARE(filter.finish(), std::string("##"));
    QVERIFY(!filter.stopped());
}

void TestTextStream::utf8PrefixNeverEndsInsideACharacter_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("complete");
    QTest::newRow("ascii") << QByteArray("abc") << 3;
    QTest::newRow("whole e-acute") << QByteArray("caf\xc3\xa9") << 5;
    QTest::newRow("half e-acute") << QByteArray("caf\xc3") << 3;
    QTest::newRow("two of four bytes") << QByteArray("x\xf0\x9f") << 1;
    QTest::newRow("whole emoji") << QByteArray("x\xf0\x9f\x98\x80") << 5;
    QTest::newRow("stray continuation") << QByteArray("x\x80") << 2;
}

void TestTextStream::utf8PrefixNeverEndsInsideACharacter()
{
    QFETCH(QByteArray, text);
    QFETCH(int, complete);
    QCOMPARE(int(completeUtf8Prefix(std::string_view(text.constData(), size_t(text.size())))), complete);
}

void TestTextStream::incrementalDecodingEqualsWholeDecode_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("words") << "Hello, world. Is this-- a test?";
    QTest::newRow("accents and emoji") << QString::fromUtf8("Caf\xc3\xa9 na\xc3\xafve \xf0\x9f\x98\x80 \xe4\xbd\xa0\xe5\xa5\xbd!");
    QTest::newRow("special token") << "a<|endoftext|>b";
}

void TestTextStream::incrementalDecodingEqualsWholeDecode()
{
    QFETCH(QString, text);
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    const std::string utf8 = text.toStdString();
    const auto ids = tokenizer->encode(utf8, true);
    IncrementalDetokenizer detokenizer(*tokenizer);
    std::string streamed;
    for (int32_t id : ids) {
        const std::string piece = detokenizer.push(id);
        QCOMPARE(completeUtf8Prefix(piece), piece.size());
        streamed += piece;
    }
    streamed += detokenizer.finish();
    QCOMPARE(streamed, tokenizer->decode(ids));
    QCOMPARE(streamed, utf8);
}

void TestTextStream::bytesThatFormNoCharacterComeOutReplaced()
{
    // A byte-level model can emit any byte token: 0xFF starts no UTF-8 character, and a
    // lead byte of a three-byte character followed by one byte only is cut short.
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    auto byteToken = [&](unsigned char byte) {
        for (int32_t id = 0; id < tokenizer->vocabSize(); ++id)
            if (tokenizer->tokenBytes(id) == std::string(1, char(byte)))
                return id;
        return -1;
    };
    const int32_t ff = byteToken(0xFF), e2 = byteToken(0xE2), x82 = byteToken(0x82), a = byteToken('a');
    QVERIFY(ff >= 0 && e2 >= 0 && x82 >= 0 && a >= 0);
    IncrementalDetokenizer detokenizer(*tokenizer);
    std::string streamed;
    for (int32_t id : {a, ff, a, e2, x82})
        streamed += detokenizer.push(id);
    streamed += detokenizer.finish();
    QCOMPARE(streamed, std::string("a\xef\xbf\xbd" "a\xef\xbf\xbd"));
}

LW_TEST_GUILESS_MAIN(TestTextStream)
#include "test_text_stream.moc"
