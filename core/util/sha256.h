#pragma once
// SHA-256 through OpenSSL's libcrypto, for artifact checksums.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lw::util {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    std::string hexDigest(); // finishes the hash; call once

private:
    struct State;
    std::unique_ptr<State> m_state;
};

std::string sha256Hex(std::string_view bytes);
std::string sha256FileHex(const std::string& path); // lw::Error if unreadable

} // namespace lw::util
