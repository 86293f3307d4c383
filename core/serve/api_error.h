#pragma once
// An error the server answers with, in OpenAI's shape:
//   {"error": {"message": "...", "type": "invalid_request_error", "param": "max_tokens", "code": null}}
// Thrown anywhere while a request is handled; the HTTP layer turns it into the response.
// Errors that pass (a full queue, a model still training) tell the client when to try
// again (a Retry-After header) and may carry more fields in the error object (the
// training's progress).
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace lw::serve {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& message, std::string type = "invalid_request_error",
             std::string param = {}, std::string code = {})
        : std::runtime_error(message), m_status(status), m_type(std::move(type)), m_param(std::move(param)),
          m_code(std::move(code))
    {
    }

    // 400 for a request field ("messages[1].role": unknown role ...).
    static ApiError invalid(const std::string& param, const std::string& message, const std::string& code = {})
    {
        return ApiError(400, param.empty() ? message : param + ": " + message, "invalid_request_error", param, code);
    }

    // Sent as the Retry-After header (whole seconds, at least 1).
    ApiError& retryAfter(int seconds)
    {
        m_retryAfter = seconds < 1 ? 1 : seconds;
        return *this;
    }
    // A field of its own in the error object ("progress": {...}).
    ApiError& detail(const std::string& key, nlohmann::json value)
    {
        m_details[key] = std::move(value);
        return *this;
    }

    int status() const { return m_status; }
    const std::string& type() const { return m_type; }
    const std::string& param() const { return m_param; }
    const std::string& code() const { return m_code; }
    const std::optional<int>& retryAfterSeconds() const { return m_retryAfter; }

    nlohmann::json toJson() const
    {
        auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
        nlohmann::json error = {
            {"message", what()}, {"type", m_type}, {"param", orNull(m_param)}, {"code", orNull(m_code)}};
        for (const auto& [key, value] : m_details.items())
            error[key] = value;
        return {{"error", error}};
    }

private:
    int m_status;
    std::string m_type, m_param, m_code;
    std::optional<int> m_retryAfter;
    nlohmann::json m_details = nlohmann::json::object();
};

} // namespace lw::serve
