// The demo's spam and ham messages: every text distinct, half of them spam, the same for
// the same seed; imported into a project, no text is in two of the train, validation and
// test splits, so the demo's accuracy is measured on messages the model never trained on.
#include "core/finetune/demo_messages.h"
#include "core/records/dataset_catalog.h"
#include "core/records/record_file.h"
#include "core/records/splits.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace lw;

class TestDemoMessages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void messagesAreDistinctAndBalanced();
    void noTextIsInTwoSplits();
};

void TestDemoMessages::messagesAreDistinctAndBalanced()
{
    const std::vector<finetune::DemoMessage> rows = finetune::demoMessages(2024, 400);
    QCOMPARE(rows.size(), size_t(400));
    std::set<std::string> texts;
    int64_t spam = 0;
    for (const auto& row : rows) {
        texts.insert(row.text);
        spam += row.spam ? 1 : 0;
    }
    QCOMPARE(texts.size(), size_t(400));
    QCOMPARE(spam, int64_t(200));
    // Labels do not follow the row order: some neighbours share one.
    int64_t sameAsPrevious = 0;
    for (size_t i = 1; i < rows.size(); ++i)
        sameAsPrevious += rows[i].spam == rows[i - 1].spam ? 1 : 0;
    QVERIFY2(sameAsPrevious > 100, qPrintable(QString::number(sameAsPrevious)));
    const std::vector<finetune::DemoMessage> again = finetune::demoMessages(2024, 400);
    for (size_t i = 0; i < rows.size(); ++i)
        QCOMPARE(again[i].text, rows[i].text);
    QVERIFY(finetune::demoMessages(7, 400).front().text != rows.front().text ||
            finetune::demoMessages(7, 400).back().text != rows.back().text);
}

void TestDemoMessages::noTextIsInTwoSplits()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const store::Project project = store::Project::openOrCreate(dir.path().toStdString(), "messages");
    finetune::ensureDemoClassificationData(project);
    store::Store store = project.openStore();
    const records::CatalogEntry entry = records::openVersion(store, finetune::kDemoMessagesName);
    const std::vector<records::Split> splits = records::loadSplits(entry.version);
    QCOMPARE(splits.size(), size_t(400));
    std::map<std::string, std::set<records::Split>> splitsOfText;
    std::map<records::Split, int64_t> rowsOfSplit;
    records::forEachRecord(entry.version.recordsPath(), [&](records::Record& record, int64_t row) {
        splitsOfText[record.question].insert(splits[size_t(row)]);
        ++rowsOfSplit[splits[size_t(row)]];
        return true;
    });
    QCOMPARE(splitsOfText.size(), size_t(400));
    for (const auto& [text, in] : splitsOfText)
        QVERIFY2(in.size() == 1, text.c_str());
    // 80/10/10 of 400 by a hash of each text: every split holds rows.
    QVERIFY(rowsOfSplit[records::Split::Train] > 280);
    QVERIFY(rowsOfSplit[records::Split::Validation] > 20);
    QVERIFY(rowsOfSplit[records::Split::Test] > 20);
}

LW_TEST_GUILESS_MAIN(TestDemoMessages)
#include "test_demo_messages.moc"
