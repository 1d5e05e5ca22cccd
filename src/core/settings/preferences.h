#pragma once

#include "profile.h"

#include "emulator/emulatordefaults.h"
#include "emulator/faultspec.h"
#include "pii/pii.h"

#include <QtCore/QObject>
#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace capiqa::transport {
struct SendOptions;
}

namespace capiqa::settings {

/// Typed application preferences (how events are sent, how the built-in emulator runs), on the
/// same QSettings as the ProfileStore. The composition root owns one and passes it in; widgets
/// never open QSettings themselves. changed() fires after every effective change, so the app
/// can apply the new values live (client limits, emulator restart).
///
/// Values read back from a hand-edited file that fail validation fall back to their defaults,
/// so a broken entry never stops the app.
class Preferences final : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 1'500; ///< Meta's recommendation (SendOptions agrees)
    static constexpr int MinTimeoutMs = 100;
    static constexpr int MaxTimeoutMs = 600'000;
    static constexpr int DefaultRetries = 3;
    static constexpr int MaxRetries = 10;
    static constexpr int DefaultConcurrency = 4; ///< CapiClient's default
    static constexpr int MaxConcurrency = 64;
    static constexpr double MaxEventsPerSecond = 100'000;

    /// Every preference at once, for dialogs that edit them together and apply them in one go.
    struct Values
    {
        pii::Profile defaultNormalizer = pii::Profile::Meta;
        /// The API version new profiles start with.
        QString defaultApiVersion{DefaultApiVersion};
        int timeoutMs = DefaultTimeoutMs;
        int retries = DefaultRetries;
        int concurrency = DefaultConcurrency;
        double eventsPerSecond = 0; ///< 0: no limit
        quint16 emulatorPort = emulator::DefaultPort;
        QString emulatorFaults; ///< a FaultSpec string; empty: no faults
        bool emulatorAutostart = true;

        friend bool operator==(const Values &, const Values &) = default;
    };

    /// `settings` is not owned and must outlive this object.
    explicit Preferences(QSettings *settings, QObject *parent = nullptr);
    ~Preferences() override;

    /// Validation helpers: empty when the value is fine, otherwise one sentence to show as is.
    static QString timeoutError(int timeoutMs);
    static QString retriesError(int retries);
    static QString concurrencyError(int concurrency);
    static QString eventsPerSecondError(double eventsPerSecond);
    static QString emulatorPortError(int port);
    static QString emulatorFaultsError(QStringView faults);
    /// Every problem of `values`, in field order; empty when they can be applied.
    static QStringList errors(const Values &values);

    Values values() const;
    /// All or nothing: applies every value when all are valid (one changed() at most),
    /// otherwise changes nothing and returns every problem.
    Outcome apply(const Values &values);

    pii::Profile defaultNormalizer() const;
    Outcome setDefaultNormalizer(pii::Profile normalizer);
    QString defaultApiVersion() const;
    Outcome setDefaultApiVersion(const QString &version);
    int timeoutMs() const;
    Outcome setTimeoutMs(int timeoutMs);
    int retries() const;
    Outcome setRetries(int retries);
    int concurrency() const;
    Outcome setConcurrency(int concurrency);
    double eventsPerSecond() const;
    Outcome setEventsPerSecond(double eventsPerSecond);
    quint16 emulatorPort() const;
    Outcome setEmulatorPort(int port);
    QString emulatorFaults() const;
    Outcome setEmulatorFaults(const QString &faults);
    /// The parsed faults spec (an empty spec when none is set).
    emulator::FaultSpec emulatorFaultSpec() const;
    bool emulatorAutostart() const;
    Outcome setEmulatorAutostart(bool on);

    /// Copies the per-send preferences (timeout, retries) into `options`.
    void applyTo(transport::SendOptions &options) const;

Q_SIGNALS:
    void changed();

private:
    template<typename Mutate>
    Outcome update(Mutate mutate);
    Outcome write(const Values &values);

    QSettings *m_settings;
};

} // namespace capiqa::settings
