#include "preferences.h"

#include "transport/sendoptions.h"

#include <QtCore/QSettings>

#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::settings {

namespace {

static_assert(Preferences::DefaultTimeoutMs == transport::SendOptions::DefaultTimeoutMs);

const auto NormalizerKey = u"send/normalizer"_s;
const auto ApiVersionKey = u"send/defaultApiVersion"_s;
const auto TimeoutKey = u"send/timeoutMs"_s;
const auto RetriesKey = u"send/retries"_s;
const auto ConcurrencyKey = u"send/concurrency"_s;
const auto RateKey = u"send/eventsPerSecond"_s;
const auto PortKey = u"emulator/port"_s;
const auto FaultsKey = u"emulator/faults"_s;
const auto AutostartKey = u"emulator/autostart"_s;

QString rangeError(QStringView what, int value, int min, int max)
{
    if (value >= min && value <= max)
        return {};
    return u"The %1 must be between %2 and %3 (got %4)."_s.arg(what).arg(min).arg(max).arg(value);
}

// Reads an int that must pass `error`; anything else (missing, not a number, out of range: a
// hand edit) gives `fallback`.
template<typename Check>
int readInt(const QSettings &settings, const QString &key, int fallback, Check error)
{
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    return ok && error(value).isEmpty() ? value : fallback;
}

} // namespace

Preferences::Preferences(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    Q_ASSERT(m_settings);
}

Preferences::~Preferences() = default;

QString Preferences::timeoutError(int timeoutMs)
{
    return rangeError(u"timeout in milliseconds", timeoutMs, MinTimeoutMs, MaxTimeoutMs);
}

QString Preferences::retriesError(int retries)
{
    return rangeError(u"number of retries", retries, 0, MaxRetries);
}

QString Preferences::concurrencyError(int concurrency)
{
    return rangeError(u"number of concurrent requests", concurrency, 1, MaxConcurrency);
}

QString Preferences::eventsPerSecondError(double eventsPerSecond)
{
    if (std::isfinite(eventsPerSecond) && eventsPerSecond >= 0 && eventsPerSecond <= MaxEventsPerSecond)
        return {};
    return u"The rate limit must be between 0 (no limit) and %1 events per second."_s.arg(MaxEventsPerSecond);
}

QString Preferences::emulatorPortError(int port)
{
    // Port 0 (any free port) is refused: the Local emulator profile needs a port it can name.
    return rangeError(u"emulator port", port, 1, 65535);
}

QString Preferences::emulatorFaultsError(QStringView faults)
{
    QString error;
    // FaultSpec's messages are fragments (the CLI prefixes the option name); make a sentence.
    if (!emulator::FaultSpec::parse(faults.trimmed(), &error))
        return u"The emulator faults are not valid: %1."_s.arg(error);
    return {};
}

QStringList Preferences::errors(const Values &values)
{
    QStringList result;
    for (const QString &error : {apiVersionError(values.defaultApiVersion), timeoutError(values.timeoutMs),
                                 retriesError(values.retries), concurrencyError(values.concurrency),
                                 eventsPerSecondError(values.eventsPerSecond), emulatorPortError(values.emulatorPort),
                                 emulatorFaultsError(values.emulatorFaults)}) {
        if (!error.isEmpty())
            result << error;
    }
    return result;
}

Preferences::Values Preferences::values() const
{
    Values v;
    v.defaultNormalizer = defaultNormalizer();
    v.defaultApiVersion = defaultApiVersion();
    v.timeoutMs = timeoutMs();
    v.retries = retries();
    v.concurrency = concurrency();
    v.eventsPerSecond = eventsPerSecond();
    v.emulatorPort = emulatorPort();
    v.emulatorFaults = emulatorFaults();
    v.emulatorAutostart = emulatorAutostart();
    return v;
}

Outcome Preferences::apply(const Values &values)
{
    Values clean = values;
    clean.defaultApiVersion = clean.defaultApiVersion.trimmed();
    clean.emulatorFaults = clean.emulatorFaults.trimmed();
    if (const QStringList problems = errors(clean); !problems.isEmpty())
        return Outcome::failure(problems.join(u' '));
    if (clean == this->values())
        return Outcome::success();
    Outcome saved = write(clean);
    Q_EMIT changed();
    return saved;
}

Outcome Preferences::write(const Values &values)
{
    m_settings->setValue(NormalizerKey, normalizerName(values.defaultNormalizer));
    m_settings->setValue(ApiVersionKey, values.defaultApiVersion);
    m_settings->setValue(TimeoutKey, values.timeoutMs);
    m_settings->setValue(RetriesKey, values.retries);
    m_settings->setValue(ConcurrencyKey, values.concurrency);
    m_settings->setValue(RateKey, values.eventsPerSecond);
    m_settings->setValue(PortKey, values.emulatorPort);
    m_settings->setValue(FaultsKey, values.emulatorFaults);
    m_settings->setValue(AutostartKey, values.emulatorAutostart);
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return Outcome::failure(u"The change applies to this session but could not be saved to %1."_s
                                    .arg(m_settings->fileName()));
    return Outcome::success();
}

template<typename Mutate>
Outcome Preferences::update(Mutate mutate)
{
    Values v = values();
    mutate(v);
    return apply(v);
}

pii::Profile Preferences::defaultNormalizer() const
{
    return pii::profileFromName(m_settings->value(NormalizerKey).toString()).value_or(pii::Profile::Meta);
}

Outcome Preferences::setDefaultNormalizer(pii::Profile normalizer)
{
    return update([normalizer](Values &v) { v.defaultNormalizer = normalizer; });
}

QString Preferences::defaultApiVersion() const
{
    const QString version = m_settings->value(ApiVersionKey).toString().trimmed();
    return apiVersionError(version).isEmpty() ? version : QString(DefaultApiVersion);
}

Outcome Preferences::setDefaultApiVersion(const QString &version)
{
    return update([&version](Values &v) { v.defaultApiVersion = version; });
}

int Preferences::timeoutMs() const
{
    return readInt(*m_settings, TimeoutKey, DefaultTimeoutMs, &timeoutError);
}

Outcome Preferences::setTimeoutMs(int timeoutMs)
{
    return update([timeoutMs](Values &v) { v.timeoutMs = timeoutMs; });
}

int Preferences::retries() const
{
    return readInt(*m_settings, RetriesKey, DefaultRetries, &retriesError);
}

Outcome Preferences::setRetries(int retries)
{
    return update([retries](Values &v) { v.retries = retries; });
}

int Preferences::concurrency() const
{
    return readInt(*m_settings, ConcurrencyKey, DefaultConcurrency, &concurrencyError);
}

Outcome Preferences::setConcurrency(int concurrency)
{
    return update([concurrency](Values &v) { v.concurrency = concurrency; });
}

double Preferences::eventsPerSecond() const
{
    bool ok = false;
    const double rate = m_settings->value(RateKey).toDouble(&ok);
    return ok && eventsPerSecondError(rate).isEmpty() ? rate : 0.0;
}

Outcome Preferences::setEventsPerSecond(double eventsPerSecond)
{
    return update([eventsPerSecond](Values &v) { v.eventsPerSecond = eventsPerSecond; });
}

quint16 Preferences::emulatorPort() const
{
    return quint16(readInt(*m_settings, PortKey, emulator::DefaultPort, &emulatorPortError));
}

Outcome Preferences::setEmulatorPort(int port)
{
    // Checked here because Values holds a quint16, which would wrap an out-of-range int.
    if (const QString error = emulatorPortError(port); !error.isEmpty())
        return Outcome::failure(error);
    return update([port](Values &v) { v.emulatorPort = quint16(port); });
}

QString Preferences::emulatorFaults() const
{
    const QString faults = m_settings->value(FaultsKey).toString().trimmed();
    return emulatorFaultsError(faults).isEmpty() ? faults : QString();
}

Outcome Preferences::setEmulatorFaults(const QString &faults)
{
    return update([&faults](Values &v) { v.emulatorFaults = faults; });
}

emulator::FaultSpec Preferences::emulatorFaultSpec() const
{
    return emulator::FaultSpec::parse(emulatorFaults()).value_or(emulator::FaultSpec{});
}

bool Preferences::emulatorAutostart() const
{
    return m_settings->value(AutostartKey, true).toBool();
}

Outcome Preferences::setEmulatorAutostart(bool on)
{
    return update([on](Values &v) { v.emulatorAutostart = on; });
}

void Preferences::applyTo(transport::SendOptions &options) const
{
    options.timeoutMs = timeoutMs();
    options.retry.maxRetries = retries();
}

} // namespace capiqa::settings
