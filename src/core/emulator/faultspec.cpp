#include "faultspec.h"

#include <QtCore/QLocale>
#include <QtCore/QStringList>

#include <cmath>

namespace capiqa::emulator {

using namespace Qt::StringLiterals;

QString faultName(Fault fault)
{
    switch (fault) {
    case Fault::None: return u"none"_s;
    case Fault::Http500: return u"500"_s;
    case Fault::Http503: return u"503"_s;
    case Fault::Http429: return u"429"_s;
    case Fault::Transient: return u"transient"_s;
    case Fault::Slow: return u"slow"_s;
    case Fault::Drop: return u"drop"_s;
    }
    return u"none"_s;
}

namespace {

constexpr int MaxRetryAfterSeconds = 3600;
constexpr int MaxSlowDelayMs = 600'000;

QString number(double d)
{
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool parseRate(QStringView key, QStringView text, double *rate, QString *error)
{
    bool ok = false;
    const double d = text.toDouble(&ok);
    if (!ok || !std::isfinite(d) || d < 0 || d > 1)
        return fail(error, u"\"%1=%2\": the rate must be a number from 0 to 1 (0.05 = 5% of requests)"_s
                               .arg(key, text));
    *rate = d;
    return true;
}

/// One ":option" of an item. A bare number is the item's main option (`primary`).
bool parseIntOption(QStringView key, QStringView option, QLatin1StringView primary, int min, int max,
                    int *out, QString *error)
{
    QStringView value = option;
    if (const qsizetype eq = option.indexOf(u'='); eq >= 0) {
        if (option.left(eq).trimmed().compare(primary, Qt::CaseInsensitive) != 0)
            return fail(error, u"\"%1\": unknown option \"%2\" (known: %3)"_s.arg(key, option, primary));
        value = option.mid(eq + 1).trimmed();
    }
    bool ok = false;
    const int n = value.toInt(&ok);
    if (!ok || n < min || n > max)
        return fail(error, u"\"%1\": %2 must be a whole number from %3 to %4"_s.arg(key, primary).arg(min).arg(max));
    *out = n;
    return true;
}

bool parseItem(QStringView item, FaultSpec &spec, QStringList &seen, QString *error)
{
    const QList<QStringView> parts = item.split(u':');
    const QStringView head = parts.first().trimmed();
    const qsizetype eq = head.indexOf(u'=');
    if (eq < 0)
        return fail(error, u"\"%1\": expected key=value, e.g. 500=0.05"_s.arg(item));
    const QString key = head.left(eq).trimmed().toString().toLower();
    const QStringView value = head.mid(eq + 1).trimmed();
    if (seen.contains(key))
        return fail(error, u"\"%1\" is given twice"_s.arg(key));
    seen.append(key);

    const QList<QStringView> options = parts.mid(1);
    auto noOptions = [&] {
        return options.isEmpty() || fail(error, u"\"%1\" takes no options"_s.arg(key));
    };

    if (key == "seed"_L1) {
        bool ok = false;
        const qulonglong seed = value.toULongLong(&ok);
        if (!ok || seed > 0xFFFFFFFFull)
            return fail(error, u"\"seed=%1\": the seed must be a whole number from 0 to 4294967295"_s.arg(value));
        spec.seed = quint32(seed);
        return noOptions();
    }

    double *rate = nullptr;
    if (key == "500"_L1)
        rate = &spec.http500;
    else if (key == "503"_L1)
        rate = &spec.http503;
    else if (key == "429"_L1)
        rate = &spec.http429;
    else if (key == "transient"_L1)
        rate = &spec.transient;
    else if (key == "slow"_L1)
        rate = &spec.slow;
    else if (key == "drop"_L1)
        rate = &spec.drop;
    else
        return fail(error, u"unknown fault \"%1\" (known: 500, 503, 429, transient, slow, drop, seed)"_s.arg(key));
    if (!parseRate(key, value, rate, error))
        return false;

    if (key == "429"_L1 || key == "slow"_L1) {
        const bool is429 = key == "429"_L1;
        if (options.size() > 1)
            return fail(error, u"\"%1\" takes one option"_s.arg(key));
        for (QStringView option : options) {
            if (is429 ? !parseIntOption(key, option.trimmed(), "retry-after"_L1, 0, MaxRetryAfterSeconds,
                                        &spec.retryAfterSeconds, error)
                      : !parseIntOption(key, option.trimmed(), "delay"_L1, 1, MaxSlowDelayMs, &spec.slowDelayMs,
                                        error))
                return false;
        }
        return true;
    }
    return noOptions();
}

} // namespace

std::optional<FaultSpec> FaultSpec::parse(QStringView text, QString *error)
{
    FaultSpec spec;
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(u"none"_s, Qt::CaseInsensitive) == 0)
        return spec;

    QStringList seen;
    for (QStringView item : trimmed.split(u',')) {
        if (item.trimmed().isEmpty())
            continue; // tolerate "a,,b" and a trailing comma
        if (!parseItem(item.trimmed(), spec, seen, error))
            return std::nullopt;
    }
    // A little slack so that rates such as 0.1 * 10 still add up to 1.
    if (spec.totalRate() > 1 + 1e-9) {
        fail(error, u"the fault rates add up to %1; they must add up to at most 1"_s.arg(number(spec.totalRate())));
        return std::nullopt;
    }
    return spec;
}

QString FaultSpec::toString() const
{
    const FaultSpec defaults;
    QStringList items;
    auto add = [&](QLatin1StringView key, double rate, const QString &option = {}) {
        if (rate > 0 || !option.isEmpty())
            items.append(key + u'=' + number(rate) + option);
    };
    add("500"_L1, http500);
    add("503"_L1, http503);
    add("429"_L1, http429,
        http429 > 0 || retryAfterSeconds != defaults.retryAfterSeconds
            ? u":retry-after="_s + QString::number(retryAfterSeconds) : QString());
    add("transient"_L1, transient);
    add("slow"_L1, slow,
        slow > 0 || slowDelayMs != defaults.slowDelayMs ? u":"_s + QString::number(slowDelayMs) : QString());
    add("drop"_L1, drop);
    if (!items.isEmpty() || seed != 0)
        items.append(u"seed="_s + QString::number(seed));
    return items.join(u',');
}

void FaultInjector::reset(const FaultSpec &spec)
{
    m_spec = spec;
    m_rng.seed(spec.seed);
}

Fault FaultInjector::next()
{
    // 32 random bits → [0,1): exact in a double and fixed by the standard, unlike
    // std::uniform_real_distribution, whose algorithm each library chooses.
    const double u = double(m_rng()) / 4294967296.0;
    // Fixed order of the bands; changing it changes every seeded sequence.
    const std::pair<double, Fault> bands[] = {
        {m_spec.drop, Fault::Drop},      {m_spec.slow, Fault::Slow},           {m_spec.http500, Fault::Http500},
        {m_spec.http503, Fault::Http503}, {m_spec.http429, Fault::Http429}, {m_spec.transient, Fault::Transient},
    };
    double upper = 0;
    for (const auto &[rate, fault] : bands) {
        upper += rate;
        if (u < upper)
            return fault;
    }
    return Fault::None;
}

} // namespace capiqa::emulator
