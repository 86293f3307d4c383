// Conversations of the Chat panel: save (create or replace), read, list, rename, delete.
#include "core/store/store.h"

#include "core/store/json_column.h"
#include "core/store/sqlite_connection.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

namespace lw::store {

namespace {

void requireRole(const ConversationMessage& message, size_t position)
{
    if (message.role != "user" && message.role != "assistant")
        throw Error::inField("messages[" + std::to_string(position) + "].role",
            "expected user or assistant, got '" + message.role + "'");
}

Json objectOr(const Json& json)
{
    return json.is_null() ? Json::object() : json;
}

} // namespace

int64_t Store::saveConversation(const Conversation& conversation)
{
    for (size_t i = 0; i < conversation.messages.size(); ++i)
        requireRole(conversation.messages[i], i);
    const double now = nowSeconds();
    Transaction transaction(*m_connection);
    int64_t id = conversation.id;
    if (id == 0) {
        m_connection
            ->query("INSERT INTO conversations(title, model, system_prompt, template_json, settings_json, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                conversation.title, conversation.model, conversation.systemPrompt,
                objectOr(conversation.chatTemplate).dump(), objectOr(conversation.settings).dump(),
                conversation.createdAt > 0 ? conversation.createdAt : now, now)
            .run();
        id = m_connection->lastInsertId();
    } else {
        m_connection
            ->query("UPDATE conversations SET title = ?, model = ?, system_prompt = ?, template_json = ?, "
                    "settings_json = ?, updated_at = ? WHERE id = ?",
                conversation.title, conversation.model, conversation.systemPrompt,
                objectOr(conversation.chatTemplate).dump(), objectOr(conversation.settings).dump(), now, id)
            .run();
        if (m_connection->changes() == 0)
            throw Error(m_path + ": saving a conversation: there is no conversation with id " +
                std::to_string(id));
        m_connection->query("DELETE FROM conversation_messages WHERE conversation_id = ?", id).run();
    }
    Query insert = m_connection->query(
        "INSERT INTO conversation_messages(conversation_id, position, role, content, stats_json, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < conversation.messages.size(); ++i) {
        const ConversationMessage& m = conversation.messages[i];
        insert.bindAll(id, int64_t(i), m.role, m.content, objectOr(m.stats).dump(),
            m.createdAt > 0 ? m.createdAt : now);
        insert.run();
        insert.reset();
    }
    transaction.commit();
    return id;
}

std::optional<Conversation> Store::conversation(int64_t id)
{
    Conversation c;
    {
        Query q = m_connection->query("SELECT id, title, model, system_prompt, template_json, settings_json, "
                                      "created_at, updated_at FROM conversations WHERE id = ?",
            id);
        if (!q.next())
            return std::nullopt;
        c.id = q.int64(0);
        c.title = q.text(1);
        c.model = q.text(2);
        c.systemPrompt = q.text(3);
        c.chatTemplate = detail::parseJsonColumn(q.text(4), m_path, "conversation", id, "template_json");
        c.settings = detail::parseJsonColumn(q.text(5), m_path, "conversation", id, "settings_json");
        c.createdAt = q.real(6);
        c.updatedAt = q.real(7);
    }
    Query q = m_connection->query("SELECT role, content, stats_json, created_at FROM conversation_messages "
                                  "WHERE conversation_id = ? ORDER BY position",
        id);
    while (q.next()) {
        ConversationMessage m;
        m.role = q.text(0);
        m.content = q.text(1);
        m.stats = detail::parseJsonColumn(q.text(2), m_path, "conversation", id, "stats_json");
        m.createdAt = q.real(3);
        c.messages.push_back(std::move(m));
    }
    return c;
}

std::vector<ConversationSummary> Store::listConversations()
{
    Query q = m_connection->query(
        "SELECT c.id, c.title, c.model, c.updated_at, "
        "(SELECT count(*) FROM conversation_messages WHERE conversation_id = c.id) "
        "FROM conversations c ORDER BY c.updated_at DESC, c.id DESC");
    std::vector<ConversationSummary> list;
    while (q.next()) {
        ConversationSummary s;
        s.id = q.int64(0);
        s.title = q.text(1);
        s.model = q.text(2);
        s.updatedAt = q.real(3);
        s.messageCount = q.int64(4);
        list.push_back(std::move(s));
    }
    return list;
}

void Store::renameConversation(int64_t id, const std::string& title)
{
    m_connection->query("UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?", title, nowSeconds(), id)
        .run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": renaming a conversation: there is no conversation with id " + std::to_string(id));
}

void Store::deleteConversation(int64_t id)
{
    // Messages go with it (ON DELETE CASCADE; the store turns foreign keys on).
    m_connection->query("DELETE FROM conversations WHERE id = ?", id).run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": deleting a conversation: there is no conversation with id " + std::to_string(id));
}

} // namespace lw::store
