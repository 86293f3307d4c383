#include "core/serve/generation_job.h"

namespace lw::serve {

GenerationJob::Progress GenerationJob::waitForProgress(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait_for(lock, timeout, [&] { return m_finished || !m_pieces.empty() || !m_open.tokens.empty(); });
    Progress out;
    out.pieces = std::move(m_pieces);
    m_pieces.clear();
    out.unreleasedTokens = std::move(m_open.tokens);
    m_open.tokens.clear();
    out.finished = m_finished;
    return out;
}

void GenerationJob::waitUntilFinished()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [&] { return m_finished; });
}

bool GenerationJob::waitUntilFinished(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_finished; });
}

void GenerationJob::addOutput(const generate::GeneratedToken* token, const std::string& text)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (token)
            m_open.tokens.push_back(*token);
        if (!text.empty()) {
            m_open.text = text;
            m_pieces.push_back(std::move(m_open));
            m_open = Piece();
        }
    }
    m_changed.notify_all();
}

void GenerationJob::finish(generate::GenerationResult result)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_finished)
            return;
        m_result = std::move(result);
        m_finished = true;
    }
    m_changed.notify_all();
}

void GenerationJob::fail(const ApiError& error)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_finished)
            return;
        m_error = error;
        m_finished = true;
    }
    m_changed.notify_all();
}

} // namespace lw::serve
