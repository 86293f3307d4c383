#pragma once
// The open project's saved conversations, read and written off the GUI thread in the
// order asked (one store task at a time). A conversation being held is saved again
// after every change under the same id: the id of a new one is known to later saves
// even when they were queued before the first save came back.
#include "core/store/records.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace lw::ui {

class StoreTaskQueue;

// Which stored conversation the one on screen is (0 until its first save has run).
struct ConversationSlot {
    std::atomic<int64_t> id{0};
};

class ConversationArchive : public QObject {
    Q_OBJECT
public:
    explicit ConversationArchive(QObject* parent = nullptr);

    void setProjectDir(const QString& dir);
    QString projectDir() const;
    bool isBusy() const;

    void refresh();
    // Saves `conversation` as the one `slot` names; its model is a path (made relative
    // to the project) or "demo".
    void save(store::Conversation conversation, std::shared_ptr<ConversationSlot> slot);
    void open(int64_t id); // model comes back as an absolute path (or "demo")
    void remove(int64_t id);

Q_SIGNALS:
    void listed(const std::vector<lw::store::ConversationSummary>& conversations);
    void saved(int64_t id);
    void opened(const lw::store::Conversation& conversation);
    void removed(int64_t id);
    void failed(const QString& message);
    void idle();

private:
    StoreTaskQueue* m_queue;
};

} // namespace lw::ui
