#include "retrypolicy.h"

#include <QtCore/QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::transport {

int RetryPolicy::nominalBackoffMs(int retry) const
{
    const double base = std::max(0, initialBackoffMs) * std::pow(std::max(1.0, multiplier), std::max(0, retry - 1));
    return int(std::clamp(base, 0.0, double(std::max(0, maxBackoffMs))));
}

int RetryPolicy::backoffMs(int retry, QRandomGenerator &rng) const
{
    const double nominal = nominalBackoffMs(retry);
    const double spread = std::clamp(jitter, 0.0, 1.0);
    if (spread <= 0.0 || nominal <= 0.0)
        return int(nominal);
    const double factor = 1.0 + (rng.generateDouble() * 2.0 - 1.0) * spread;
    return std::max(0, int(std::lround(nominal * factor)));
}

std::optional<int> RetryPolicy::retryAfterMs(const QByteArray &headerValue, const QDateTime &nowUtc) const
{
    const QByteArray value = headerValue.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const int cap = std::max(0, maxRetryAfterMs);
    bool isNumber = false;
    const double seconds = value.toDouble(&isNumber);
    if (isNumber) {
        if (!(seconds >= 0.0)) // negative or NaN
            return std::nullopt;
        return int(std::min(seconds * 1000.0, double(cap)));
    }
    // The other form RFC 9110 allows: an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT").
    // Qt's RFC 2822 parser wants a numeric zone; HTTP dates always end in "GMT".
    QString text = QString::fromLatin1(value);
    if (text.endsWith(u"GMT"_s) || text.endsWith(u"UTC"_s))
        text = text.chopped(3) + u"+0000"_s;
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    const qint64 ms = std::clamp<qint64>(nowUtc.msecsTo(when), 0, cap);
    return int(ms);
}

} // namespace capiqa::transport
