// The Chat panel's conversations in the store: saved with their messages, read back
// after the file is closed and reopened, replaced whole (edit-and-resend truncates),
// listed most recent first, renamed and deleted with their messages; and a store of the
// previous schema version gains the tables without losing its runs.
#include "core/store/migrations.h"
#include "core/store/records.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace lw::store;

namespace {

Conversation sampleConversation()
{
    Conversation c;
    c.title = "Stories about cats";
    c.model = "runs/3-demo/checkpoints/best.ckpt";
    c.systemPrompt = "You tell short stories.";
    c.chatTemplate = {{"name", "chatml"}, {"stop", {"<|im_end|>"}}};
    c.settings = {{"temperature", 0.7}, {"top_k", 40}, {"seed", 7}};
    c.messages = {
        {"user", "Tell me about a cat.", Json::object(), 0},
        {"assistant", "Once upon a time, a cat — «Mèo» — sat.", {{"time_to_first_token_ms", 12.5}}, 0},
        {"user", "And then?", Json::object(), 0},
    };
    return c;
}

int64_t messageRows(Store& store)
{
    return store.connection().scalarInt64("SELECT count(*) FROM conversation_messages");
}

} // namespace

class TestStoreConversations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void savedConversationReadsBackAfterReopening();
    void savingAgainReplacesTheMessages();
    void listIsMostRecentFirstWithCounts();
    void renameAndDelete();
    void badMessagesWriteNothing();
    void unknownIdsAreErrors();
    void previousSchemaGainsConversations();

private:
    std::string path() const { return m_dir->filePath("workbench.db").toStdString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStoreConversations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestStoreConversations::cleanup()
{
    m_dir.reset();
}

void TestStoreConversations::savedConversationReadsBackAfterReopening()
{
    const Conversation original = sampleConversation();
    int64_t id = 0;
    {
        Store store(path());
        id = store.saveConversation(original);
        QVERIFY(id > 0);
    }
    Store store(path(), Store::OpenMode::MustExist);
    auto back = store.conversation(id);
    QVERIFY(back);
    QCOMPARE(back->id, id);
    QCOMPARE(back->title, original.title);
    QCOMPARE(back->model, original.model);
    QCOMPARE(back->systemPrompt, original.systemPrompt);
    QCOMPARE(back->chatTemplate, original.chatTemplate);
    QCOMPARE(back->settings, original.settings);
    QVERIFY(back->createdAt > 1e9);
    QCOMPARE(back->updatedAt, back->createdAt);
    QCOMPARE(back->messages.size(), original.messages.size());
    for (size_t i = 0; i < original.messages.size(); ++i) {
        QCOMPARE(back->messages[i].role, original.messages[i].role);
        QCOMPARE(back->messages[i].content, original.messages[i].content);
        QCOMPARE(back->messages[i].stats, original.messages[i].stats);
        QVERIFY(back->messages[i].createdAt > 1e9);
    }
    QVERIFY(!store.conversation(id + 1));
}

void TestStoreConversations::savingAgainReplacesTheMessages()
{
    Store store(path());
    Conversation c = sampleConversation();
    c.id = store.saveConversation(c);
    const auto first = *store.conversation(c.id);
    QThread::msleep(20); // a later updated_at

    // Edit-and-resend of the first message: everything after it goes, a new answer follows.
    c.messages.resize(1);
    c.messages[0].content = "Tell me about a dog.";
    c.messages.push_back({"assistant", "A dog ran.", {{"decode_tokens_per_s", 80.0}}, 0});
    c.systemPrompt = "Be brief.";
    QCOMPARE(store.saveConversation(c), c.id);

    const auto back = *store.conversation(c.id);
    QCOMPARE(back.messages.size(), size_t(2));
    QCOMPARE(back.messages[0].content, std::string("Tell me about a dog."));
    QCOMPARE(back.messages[1].content, std::string("A dog ran."));
    QCOMPARE(back.messages[1].stats["decode_tokens_per_s"].get<double>(), 80.0);
    QCOMPARE(back.systemPrompt, std::string("Be brief."));
    QCOMPARE(back.createdAt, first.createdAt);
    QVERIFY(back.updatedAt > first.updatedAt);
    QCOMPARE(messageRows(store), int64_t(2));
}

void TestStoreConversations::listIsMostRecentFirstWithCounts()
{
    Store store(path());
    QVERIFY(store.listConversations().empty());
    Conversation a = sampleConversation();
    a.title = "a";
    a.id = store.saveConversation(a);
    QThread::msleep(20);
    Conversation b = sampleConversation();
    b.title = "b";
    b.messages.resize(1);
    b.id = store.saveConversation(b);

    auto list = store.listConversations();
    QCOMPARE(list.size(), size_t(2));
    QCOMPARE(list[0].title, std::string("b"));
    QCOMPARE(list[0].messageCount, int64_t(1));
    QCOMPARE(list[1].title, std::string("a"));
    QCOMPARE(list[1].messageCount, int64_t(3));
    QCOMPARE(list[1].model, a.model);

    // Continuing the older one brings it to the top.
    QThread::msleep(20);
    a.messages.push_back({"assistant", "The end.", Json::object(), 0});
    store.saveConversation(a);
    list = store.listConversations();
    QCOMPARE(list[0].id, a.id);
    QCOMPARE(list[0].messageCount, int64_t(4));
}

void TestStoreConversations::renameAndDelete()
{
    Store store(path());
    const int64_t keep = store.saveConversation(sampleConversation());
    const int64_t gone = store.saveConversation(sampleConversation());
    store.renameConversation(keep, "Renamed — đổi tên");
    QCOMPARE(store.conversation(keep)->title, std::string("Renamed — đổi tên"));
    QCOMPARE(store.conversation(keep)->messages.size(), size_t(3));

    store.deleteConversation(gone);
    QVERIFY(!store.conversation(gone));
    QCOMPARE(store.listConversations().size(), size_t(1));
    QCOMPARE(messageRows(store), int64_t(3)); // the deleted one's messages went with it
    QVERIFY_THROWS_EXCEPTION(lw::Error, store.deleteConversation(gone));
}

void TestStoreConversations::badMessagesWriteNothing()
{
    Store store(path());
    Conversation c = sampleConversation();
    c.messages[2].role = "system";
    try {
        store.saveConversation(c);
        QFAIL("a message with the role 'system' was saved");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("messages[2].role"), e.what());
    }
    QVERIFY(store.listConversations().empty());
    QCOMPARE(messageRows(store), int64_t(0));
}

void TestStoreConversations::unknownIdsAreErrors()
{
    Store store(path());
    Conversation c = sampleConversation();
    c.id = 42;
    QVERIFY_THROWS_EXCEPTION(lw::Error, store.saveConversation(c));
    QVERIFY_THROWS_EXCEPTION(lw::Error, store.renameConversation(42, "x"));
    QVERIFY(store.listConversations().empty());
    QCOMPARE(messageRows(store), int64_t(0));
}

void TestStoreConversations::previousSchemaGainsConversations()
{
    // A store written before conversations existed: only the first migration applied.
    {
        Connection db(path(), Connection::OpenMode::CreateIfMissing);
        db.exec("PRAGMA journal_mode = WAL");
        QCOMPARE(migrate(db, {storeMigrations().front()}), 1);
        db.exec("INSERT INTO runs(name, created_at, updated_at) VALUES ('old run', 0, 0)");
    }
    Store store(path(), Store::OpenMode::MustExist);
    QCOMPARE(store.schemaVersion(), latestSchemaVersion());
    QCOMPARE(store.listRuns().size(), size_t(1));
    QCOMPARE(store.listRuns()[0].name, std::string("old run"));
    const int64_t id = store.saveConversation(sampleConversation());
    QCOMPARE(store.conversation(id)->messages.size(), size_t(3));
}

LW_TEST_GUILESS_MAIN(TestStoreConversations)
#include "test_store_conversations.moc"
