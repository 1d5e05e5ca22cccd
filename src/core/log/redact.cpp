#include "redact.h"

#include <QtCore/QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace capiqa::log {

namespace {

// Parameter names whose value is a credential. Graph takes the token as `access_token`; the
// others appear in app-secret flows and in bodies copied from SDK debug output.
constexpr QLatin1StringView SecretKeys{"access_token|appsecret_proof|app_secret|client_secret"};

const QRegularExpression &queryPattern()
{
    // key=value in a query string or form body: the value runs to the next separator.
    static const QRegularExpression re(u"\\b("_s + QString(SecretKeys) + u")=([^&\\s\"'#<>]*)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &jsonPattern()
{
    // "key": "string" or "key": bare-value (number, true, null) in JSON text.
    static const QRegularExpression re(u"(\"(?:"_s + QString(SecretKeys)
                                           + u")\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &headerLinePattern()
{
    static const QRegularExpression re(
        u"^(\\s*(?:authorization|proxy-authorization|cookie|set-cookie|x-access-token)\\s*:\\s*)\\S.*$"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    return re;
}

const QRegularExpression &bearerPattern()
{
    // Real tokens are long; the length keeps "OAuth access token" in an error message intact.
    static const QRegularExpression re(u"\\b(Bearer|OAuth)\\s+[A-Za-z0-9._~+/=-]{12,}"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

// Most text (every hashed body, most responses) holds none of the words a secret needs; skip
// the regular expressions for it.
bool mayHoldSecret(QStringView text)
{
    static constexpr std::array<QLatin1StringView, 7> hints{
        QLatin1StringView("token"),  QLatin1StringView("secret"), QLatin1StringView("proof"),
        QLatin1StringView("bearer"), QLatin1StringView("oauth"),  QLatin1StringView("cookie"),
        QLatin1StringView("authorization"),
    };
    for (const auto hint : hints) {
        if (text.contains(hint, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

QString redactSecrets(QString text)
{
    if (text.isEmpty() || !mayHoldSecret(text))
        return text;
    const QString redacted(Redacted);
    text.replace(queryPattern(), u"\\1="_s + redacted);
    text.replace(jsonPattern(), u"\\1\""_s + redacted + u'"');
    text.replace(headerLinePattern(), u"\\1"_s + redacted);
    text.replace(bearerPattern(), u"\\1 "_s + redacted);
    return text;
}

QUrl redactedUrl(const QUrl &url)
{
    QUrl out = url;
    if (!out.password().isEmpty())
        out.setPassword(QString(Redacted));
    // Working on the encoded query keeps every other parameter byte-for-byte and in order.
    if (out.hasQuery())
        out.setQuery(redactSecrets(out.query(QUrl::FullyEncoded)), QUrl::StrictMode);
    if (out.hasFragment())
        out.setFragment(redactSecrets(out.fragment(QUrl::FullyEncoded)), QUrl::StrictMode);
    return out;
}

QString redactedUrlText(const QUrl &url)
{
    return redactedUrl(url).toString();
}

bool isSecretHeader(QStringView name)
{
    static constexpr std::array<QLatin1StringView, 5> names{
        QLatin1StringView("authorization"), QLatin1StringView("proxy-authorization"),
        QLatin1StringView("cookie"),        QLatin1StringView("set-cookie"),
        QLatin1StringView("x-access-token"),
    };
    for (const auto n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace capiqa::log
