#include "ui/panels/chat/conversation_archive.h"

#include "core/store/store.h"
#include "ui/panels/runs/store_task_queue.h"

#include <stdexcept>

namespace lw::ui {

namespace {

constexpr const char* kDemoModel = "demo";

} // namespace

ConversationArchive::ConversationArchive(QObject* parent) : QObject(parent), m_queue(new StoreTaskQueue(this))
{
    connect(m_queue, &StoreTaskQueue::idle, this, &ConversationArchive::idle);
}

void ConversationArchive::setProjectDir(const QString& dir)
{
    m_queue->setProjectDir(dir);
}

QString ConversationArchive::projectDir() const
{
    return m_queue->projectDir();
}

bool ConversationArchive::isBusy() const
{
    return m_queue->isBusy();
}

void ConversationArchive::refresh()
{
    m_queue->run<std::vector<store::ConversationSummary>>(
        StoreTaskQueue::Open::Plain, [](store::Store& store) { return store.listConversations(); },
        [this](std::vector<store::ConversationSummary> list) { Q_EMIT listed(list); },
        [this](const QString& message) { Q_EMIT failed(message); });
}

void ConversationArchive::save(store::Conversation conversation, std::shared_ptr<ConversationSlot> slot)
{
    m_queue->run<int64_t>(
        StoreTaskQueue::Open::Plain,
        [conversation = std::move(conversation), slot](store::Store& store) mutable {
            conversation.id = slot->id.load();
            if (conversation.model != kDemoModel)
                conversation.model = store.storablePath(conversation.model);
            const int64_t id = store.saveConversation(conversation);
            slot->id.store(id);
            return id;
        },
        [this](int64_t id) { Q_EMIT saved(id); }, [this](const QString& message) { Q_EMIT failed(message); });
}

void ConversationArchive::open(int64_t id)
{
    m_queue->run<store::Conversation>(
        StoreTaskQueue::Open::Plain,
        [id](store::Store& store) {
            auto conversation = store.conversation(id);
            if (!conversation)
                throw std::runtime_error("there is no conversation " + std::to_string(id) + " in this project");
            if (!conversation->model.empty() && conversation->model != kDemoModel)
                conversation->model = store.absolutePath(conversation->model);
            return *conversation;
        },
        [this](store::Conversation conversation) { Q_EMIT opened(conversation); },
        [this](const QString& message) { Q_EMIT failed(message); });
}

void ConversationArchive::remove(int64_t id)
{
    m_queue->run<int64_t>(
        StoreTaskQueue::Open::Plain,
        [id](store::Store& store) {
            store.deleteConversation(id);
            return id;
        },
        [this](int64_t removedId) { Q_EMIT removed(removedId); },
        [this](const QString& message) { Q_EMIT failed(message); });
}

} // namespace lw::ui
