#pragma once

#include <QtCore/QByteArray>

#include <array>
#include <string_view>

namespace capiqa::pii {

/// SHA-256 through OpenSSL's EVP interface. One digest context per thread is kept and reused,
/// so hashing many short values costs no allocation per value.
class Sha256 final
{
public:
    using Hex = std::array<char, 64>;

    /// Lowercase hex of SHA-256 over the bytes of `data`.
    static void hex(std::string_view data, Hex &out);
    static QByteArray hex(std::string_view data);
    static QByteArray hex(const QByteArray &data) { return hex(std::string_view(data.constData(), std::size_t(data.size()))); }

    /// Lowercase hex of HMAC-SHA256(key, data) (appsecret_proof, webhook signatures).
    static QByteArray hmacHex(const QByteArray &key, const QByteArray &data);
};

/// True when `s` is exactly `n` ASCII hex digits (either case).
bool isHex(std::string_view s, std::size_t n);

} // namespace capiqa::pii
