// PII scrubbing on a table of texts that hold personal data and texts that only look
// numeric-ish (years, dates, prices, versions, ISBNs, times) and must stay as they are.
#include "core/filter/pii_scrubber.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

class TestPiiScrubber : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replacesPersonalData_data();
    void replacesPersonalData();
    void leavesLookAlikes_data();
    void leavesLookAlikes();
    void kindsChooseWhatIsScrubbed();
    void countsAccumulateAcrossTexts();
    void badKindsAreErrors();
};

void TestPiiScrubber::replacesPersonalData_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("emails");
    QTest::addColumn<int>("phones");
    QTest::addColumn<int>("ips");
    QTest::newRow("email, trailing dot") << "Write to an.nguyen+news@example.com.vn today." << "Write to <EMAIL> today."
                                         << 1 << 0 << 0;
    QTest::newRow("email at end of sentence") << "Mail me at a_b@mail.example.org." << "Mail me at <EMAIL>." << 1 << 0 << 0;
    QTest::newRow("email in brackets") << "(bob@ex.io)" << "(<EMAIL>)" << 1 << 0 << 0;
    QTest::newRow("email with digits first") << "0912345678@mail.vn" << "<EMAIL>" << 1 << 0 << 0;
    QTest::newRow("international vn") << "Gọi +84 912 345 678 nhé" << "Gọi <PHONE> nhé" << 0 << 1 << 0;
    QTest::newRow("international us") << "+1 (202) 555-0143" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("international uk") << "Tel: +44 20 7946 0958." << "Tel: <PHONE>." << 0 << 1 << 0;
    QTest::newRow("international trunk") << "+44 (0)20 7946 0958" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("international compact") << "+84912345678" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("area code") << "(028) 3822 1234" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("area code glued") << "call (555)123-4567 now" << "call <PHONE> now" << 0 << 1 << 0;
    QTest::newRow("national vn") << "Số 0912 345 678, gọi sau 5 giờ" << "Số <PHONE>, gọi sau 5 giờ" << 0 << 1 << 0;
    QTest::newRow("national vn dots") << "0912.345.678" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("national unbroken") << "SĐT: 0912345678" << "SĐT: <PHONE>" << 0 << 1 << 0;
    QTest::newRow("national uk") << "020 7946 0958" << "<PHONE>" << 0 << 1 << 0;
    QTest::newRow("national de") << "Ruf an: 030 1234567" << "Ruf an: <PHONE>" << 0 << 1 << 0;
    QTest::newRow("north american") << "555-123-4567 or 555.123.4567" << "<PHONE> or <PHONE>" << 0 << 2 << 0;
    QTest::newRow("ipv4") << "server 192.168.0.1 is down" << "server <IP_ADDRESS> is down" << 0 << 0 << 1;
    QTest::newRow("ipv4 then dot") << "ping 10.0.0.255." << "ping <IP_ADDRESS>." << 0 << 0 << 1;
    QTest::newRow("ipv4 with port") << "127.0.0.1:8080" << "<IP_ADDRESS>:8080" << 0 << 0 << 1;
    QTest::newRow("ipv6 full") << "2001:0db8:85a3:0000:0000:8a2e:0370:7334" << "<IP_ADDRESS>" << 0 << 0 << 1;
    QTest::newRow("ipv6 compressed") << "host 2001:db8::8a2e:370:7334 up" << "host <IP_ADDRESS> up" << 0 << 0 << 1;
    QTest::newRow("ipv6 loopback") << "bind to ::1 only" << "bind to <IP_ADDRESS> only" << 0 << 0 << 1;
    QTest::newRow("ipv6 link local, colon after") << "fe80::1: up" << "<IP_ADDRESS>: up" << 0 << 0 << 1;
    QTest::newRow("ipv6 mapped ipv4") << "::ffff:192.0.2.128" << "<IP_ADDRESS>" << 0 << 0 << 1;
    QTest::newRow("all three") << "a@b.io, +84 912 345 678, 8.8.8.8"
                               << "<EMAIL>, <PHONE>, <IP_ADDRESS>" << 1 << 1 << 1;
}

void TestPiiScrubber::replacesPersonalData()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(int, emails);
    QFETCH(int, phones);
    QFETCH(int, ips);
    filter::PiiCounts counts;
    const std::string scrubbed = filter::PiiScrubber().scrub(text.toStdString(), counts);
    QCOMPARE(QString::fromStdString(scrubbed), expected);
    QCOMPARE(counts.email, int64_t(emails));
    QCOMPARE(counts.phone, int64_t(phones));
    QCOMPARE(counts.ipAddress, int64_t(ips));
}

void TestPiiScrubber::leavesLookAlikes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("years") << "From 1999 to 2024, and 1990-2005.";
    QTest::newRow("dates") << "On 2024-01-15, 15/01/2024 and 01.02.2024 at 12:30:45.";
    QTest::newRow("date then time") << "01.02.2024 10:30";
    QTest::newRow("prices") << "It costs $1,299.99, 12.990.000 đ or 1 299 000 VND.";
    QTest::newRow("big number") << "Population 1234567890 and 12,000,000 people.";
    QTest::newRow("versions") << "Version 1.2.3, 10.0.19041, v2.3.4.5 and 1.2.3.4.5.";
    QTest::newRow("isbn-13") << "ISBN 978-3-16-148410-0 or 9783161484100";
    QTest::newRow("isbn-10") << "ISBN 0-306-40615-2";
    QTest::newRow("order number") << "Order #0912345678 shipped";
    QTest::newRow("bad octet") << "999.1.1.1 and 01.02.03.04";
    QTest::newRow("mac address") << "MAC 00:1A:2B:3C:4D:5E";
    QTest::newRow("c++ names") << "std::vector<int> and a::b and dead::beef";
    QTest::newRow("not an email") << "user@localhost, @handle, a@b, x@y.1";
    QTest::newRow("short national") << "0912 345 and 030 123";
    QTest::newRow("decimal") << "0.5% of 0912345678.5 units";
    QTest::newRow("glued to letters") << "ID0912345678 and số0912345678";
}

void TestPiiScrubber::leavesLookAlikes()
{
    QFETCH(QString, text);
    filter::PiiCounts counts;
    QCOMPARE(QString::fromStdString(filter::PiiScrubber().scrub(text.toStdString(), counts)), text);
    QCOMPARE(counts.total(), int64_t(0));
}

void TestPiiScrubber::kindsChooseWhatIsScrubbed()
{
    const std::string text = "a@b.io, +84 912 345 678, 8.8.8.8";
    auto scrubWith = [&](json kinds, filter::PiiCounts& counts) {
        const auto scrubber = filter::PiiScrubber::fromJson(json{{"step", "pii"}, {"kinds", kinds}}, "recipe step 5 (pii)");
        return scrubber.scrub(text, counts);
    };
    filter::PiiCounts emailOnly;
    QCOMPARE(scrubWith({"email"}, emailOnly), std::string("<EMAIL>, +84 912 345 678, 8.8.8.8"));
    QCOMPARE(emailOnly.total(), int64_t(1));
    filter::PiiCounts notEmail;
    QCOMPARE(scrubWith({"phone", "ip_address"}, notEmail), std::string("a@b.io, <PHONE>, <IP_ADDRESS>"));
    QCOMPARE(notEmail.phone, int64_t(1));
    QCOMPARE(notEmail.ipAddress, int64_t(1));
    QCOMPARE(notEmail.email, int64_t(0));
}

void TestPiiScrubber::countsAccumulateAcrossTexts()
{
    const filter::PiiScrubber scrubber;
    filter::PiiCounts counts;
    std::string out;
    scrubber.scrubInto("x@y.com and z@w.org", out, counts);
    QCOMPARE(out, std::string("<EMAIL> and <EMAIL>"));
    scrubber.scrubInto("no personal data", out, counts);
    QCOMPARE(out, std::string("no personal data"));
    QCOMPARE(counts.email, int64_t(2));
}

void TestPiiScrubber::badKindsAreErrors()
{
    try {
        filter::PiiScrubber::fromJson(json{{"step", "pii"}, {"kinds", {"email", "ssn"}}}, "recipe step 5 (pii)");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).rfind("recipe step 5 (pii): field 'kinds': unknown kind 'ssn'", 0) == 0, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, filter::PiiScrubber::fromJson(json{{"step", "pii"}, {"kinds", json::array()}}, "s"));
    QVERIFY_THROWS_EXCEPTION(Error, filter::PiiScrubber::fromJson(json{{"step", "pii"}, {"kinds", 3}}, "s"));
}

LW_TEST_GUILESS_MAIN(TestPiiScrubber)
#include "test_pii_scrubber.moc"
