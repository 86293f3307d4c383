#pragma once
// An error the server answers with, in OpenAI's shape:
//   {"error": {"message": "...", "type": "invalid_request_error", "param": "max_tokens", "code": null}}
// Thrown anywhere while a request is handled; the HTTP layer turns it into the response.
#include <nlohmann/json.hpp>
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

    int status() const { return m_status; }
    const std::string& type() const { return m_type; }
    const std::string& param() const { return m_param; }
    const std::string& code() const { return m_code; }

    nlohmann::json toJson() const
    {
        auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
        return {{"error", {{"message", what()}, {"type", m_type}, {"param", orNull(m_param)}, {"code", orNull(m_code)}}}};
    }

private:
    int m_status;
    std::string m_type, m_param, m_code;
};

} // namespace lw::serve
