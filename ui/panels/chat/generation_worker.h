#pragma once
// The Chat panel's generation thread: loads a model (with its tokenizer) once and keeps
// it, with the Generator's KV cache, between requests, so that the next turn of a
// conversation only runs its new tokens through the model. Lives on its own QThread;
// the GUI talks to it through ModelSession, and hears back through queued signals.
#include "ui/panels/chat/generation_types.h"

#include <QObject>

#include <memory>

namespace lw::serve {
struct ServedModel;
}
namespace lw::peft {
class AdapterSet;
}

namespace lw::ui {

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    GenerationWorker();
    ~GenerationWorker() override;

    // Loads the checkpoint of `choice` (the demo model's is known by then) with its
    // adapter. A change of adapter alone keeps the model: the old adapter is detached, the
    // new one attached, and the decoder's weights are rebuilt from the base and it.
    // `threads`: LibTorch's threads on this thread (0: all).
    void load(const ModelChoice& choice, int threads);
    void generate(quint64 jobId, const GenerationJob& job);
    // How much of the context the chat prompt of `job` takes (nothing is generated).
    void measure(quint64 jobId, const GenerationJob& job);

Q_SIGNALS:
    void loaded(const lw::ui::LoadedModelInfo& info);
    void loadFailed(const QString& key, const QString& message);
    void tokenArrived(quint64 jobId, const lw::ui::StreamedToken& token);
    void finished(quint64 jobId, const QList<lw::ui::AnswerResult>& results);
    void failed(quint64 jobId, const QString& message);
    void measured(quint64 jobId, const lw::ui::ContextUse& use);

private:
    LoadedModelInfo infoOf(const QString& key) const;
    // Applies the adapter in `dir` ("" for none) to the loaded model; lw::Error when it
    // does not fit (the model is then left without one).
    void setAdapter(const QString& dir);
    void rebuildGenerator();

    std::unique_ptr<serve::ServedModel> m_model;
    QString m_key;
    std::shared_ptr<peft::AdapterSet> m_adapter;
    QString m_adapterDir;
    int m_threads = -1;
};

} // namespace lw::ui
