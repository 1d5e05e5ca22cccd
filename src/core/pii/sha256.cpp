#include "sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

namespace capiqa::pii {

namespace {

struct MdDeleter {
    void operator()(EVP_MD *md) const { EVP_MD_free(md); }
};
struct CtxDeleter {
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

// Fetching the algorithm is the expensive part of a one-shot digest in OpenSSL 3; do it once
// per thread and keep the context.
struct ThreadDigest {
    std::unique_ptr<EVP_MD, MdDeleter> md{EVP_MD_fetch(nullptr, "SHA256", nullptr)};
    std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx{EVP_MD_CTX_new()};
};

ThreadDigest &threadDigest()
{
    thread_local ThreadDigest digest;
    return digest;
}

constexpr char HexDigits[] = "0123456789abcdef";

void toHex(const unsigned char *bytes, std::size_t n, char *out)
{
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = HexDigits[bytes[i] >> 4];
        out[2 * i + 1] = HexDigits[bytes[i] & 0xF];
    }
}

} // namespace

void Sha256::hex(std::string_view data, Hex &out)
{
    ThreadDigest &d = threadDigest();
    unsigned char digest[32];
    unsigned int len = 0;
    if (!d.md || !d.ctx || EVP_DigestInit_ex2(d.ctx.get(), d.md.get(), nullptr) != 1
        || EVP_DigestUpdate(d.ctx.get(), data.data(), data.size()) != 1
        || EVP_DigestFinal_ex(d.ctx.get(), digest, &len) != 1 || len != 32) {
        // Only a broken OpenSSL installation gets here; there is no sensible hash to return.
        throw std::runtime_error("OpenSSL SHA-256 is unavailable");
    }
    toHex(digest, 32, out.data());
}

QByteArray Sha256::hex(std::string_view data)
{
    Hex out;
    hex(data, out);
    return QByteArray(out.data(), qsizetype(out.size()));
}

QByteArray Sha256::hmacHex(const QByteArray &key, const QByteArray &data)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(data.constData()),
              std::size_t(data.size()), mac, &len))
        throw std::runtime_error("OpenSSL HMAC-SHA256 is unavailable");
    QByteArray out(qsizetype(len) * 2, Qt::Uninitialized);
    toHex(mac, len, out.data());
    return out;
}

bool isHex(std::string_view s, std::size_t n)
{
    if (s.size() != n)
        return false;
    for (char c : s) {
        const bool digit = c >= '0' && c <= '9';
        const bool lower = c >= 'a' && c <= 'f';
        const bool upper = c >= 'A' && c <= 'F';
        if (!digit && !lower && !upper)
            return false;
    }
    return true;
}

} // namespace capiqa::pii
