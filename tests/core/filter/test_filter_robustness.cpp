// Untrusted rows: seeded random byte strings, drawn from the bytes the filters look for
// (UTF-8 lead and continuation bytes, '@', '.', ':', digits, '#', white space), go through
// every step; nothing may read out of bounds (run under AddressSanitizer or valgrind to
// see it) and each result must keep the invariants checked here.
#include "core/filter/instruction_sanity.h"
#include "core/filter/language_filter.h"
#include "core/filter/length_filter.h"
#include "core/filter/pii_scrubber.h"
#include "core/filter/quality_filter.h"
#include "core/filter/text_scan.h"
#include "test_registry.h"

#include <QtTest>

#include <random>

using namespace lw;

namespace {

std::string randomRow(std::mt19937& rng)
{
    static const std::string alphabet = std::string("aZ09 \n\t.@:#-+()/,_") + "\xc3\xa0\xe1\xba\xbf\xf0\x9f\x98\x80\x80\xff";
    std::uniform_int_distribution<size_t> length(0, 200);
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string row(length(rng), '\0');
    for (char& c : row)
        c = alphabet[pick(rng)];
    return row;
}

int64_t countOccurrences(const std::string& text, const std::string& needle)
{
    int64_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++count;
    return count;
}

} // namespace

class TestFilterRobustness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomBytesKeepInvariants();
};

void TestFilterRobustness::randomBytesKeepInvariants()
{
    std::mt19937 rng(2026);
    const filter::PiiScrubber scrubber;
    const filter::QualityFilter web(filter::QualitySettings::gopher());
    const filter::QualityFilter standard;
    const auto sanity = filter::InstructionSanity::fromJson({{"step", "instruction_sanity"}}, "s");
    for (int i = 0; i < 5000; ++i) {
        const std::string row = randomRow(rng);
        filter::PiiCounts counts;
        const std::string scrubbed = scrubber.scrub(row, counts);
        // Every replacement leaves exactly one placeholder (the alphabet has no '<').
        QCOMPARE(countOccurrences(scrubbed, "<EMAIL>"), counts.email);
        QCOMPARE(countOccurrences(scrubbed, "<PHONE>"), counts.phone);
        QCOMPARE(countOccurrences(scrubbed, "<IP_ADDRESS>"), counts.ipAddress);
        if (counts.total() == 0)
            QCOMPARE(scrubbed, row);

        const std::string_view trimmed = filter::trimSpace(row);
        QVERIFY(trimmed.data() >= row.data() && trimmed.data() + trimmed.size() <= row.data() + row.size());
        QVERIFY(filter::countCodePoints(row) <= int64_t(row.size()));
        QVERIFY(filter::sameNormalisedText(row, row));
        QCOMPARE(sanity.check(row, row).keep, false);

        const auto keepOrReason = [](const filter::Decision& d) { return d.keep == d.reason.empty(); };
        QVERIFY(keepOrReason(web.check(row)));
        QVERIFY(keepOrReason(standard.check(row)));
        const filter::LanguageGuess guess = filter::detectLanguage(row);
        QVERIFY(guess.confidence >= 0 && guess.confidence <= 1);
    }
}

LW_TEST_GUILESS_MAIN(TestFilterRobustness)
#include "test_filter_robustness.moc"
