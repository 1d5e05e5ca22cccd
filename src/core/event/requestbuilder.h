#pragma once

#include "pii/pii.h"
#include "pii/piiprocessor.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <functional>

namespace capiqa::event {

/// What happened to one value while a request was built: one row in the GUI's/CLI's report.
struct FieldDiagnostic {
    enum class Kind : quint8 {
        Pii,          ///< a value of a hashed key (em, ph, …); piiStatus says what the profile did
        NotHashed,    ///< a never-hashed key (fbp, client_ip_address, …): sent unchanged
        UnknownKey,   ///< a user_data key capiqa does not know: sent unchanged
        Duplicate,    ///< same result as an earlier value of the key: sent once, as the SDKs do
        OmittedNull,  ///< a JSON null in the input: left out, capiqa never sends null
        Removed,      ///< access_token in the body: removed, it belongs in the query string
        SdkBehaviour, ///< the chosen SDK profile changes or drops this non-PII value
        Invalid,      ///< wrong JSON type: the event cannot be built
    };

    Kind kind = Kind::Pii;
    pii::Status piiStatus = pii::Status::Hashed; ///< meaningful for Kind::Pii
    QString field;   ///< "em", "client_ip_address", "custom_data.value", "access_token"
    QString path;    ///< where in the request: "data[0].user_data.em[1]"
    pii::Profile profile = pii::Profile::Meta;
    QString sent;    ///< what went into the body for this value; empty when nothing did
    QString message; ///< rejected/invalid: why the event failed; otherwise what changed and why

    /// The event cannot be built (a rejected PII value or a wrong type).
    bool isFatal() const;
    /// pii::statusWord() for Kind::Pii ("hashed", "dropped-null", …); otherwise "not-hashed",
    /// "unknown-key", "duplicate", "omitted-null", "removed", "sdk-behaviour" or "invalid".
    QString status() const;
};

/// One event built on its own (the composer's preview).
struct EventBuildResult {
    QJsonObject event; ///< empty when the event failed
    QList<FieldDiagnostic> diagnostics;
    QStringList errors; ///< "data[0].user_data.em[1]: Invalid email format …"
    bool ok() const { return errors.isEmpty(); }
};

/// A whole request body built.
struct BuildResult {
    /// The body to POST, holding only the events that built. When ok() is false, sending it
    /// would silently lose the failed events (the SDKs would fail the whole request): show the
    /// errors instead.
    QJsonObject body;
    QList<FieldDiagnostic> diagnostics;
    QStringList errors;
    QList<qsizetype> failedEvents; ///< indices into the input's data[]
    bool ok() const { return errors.isEmpty(); }
};

/// Turns a request written with raw customer information into the body capiqa sends: each
/// hashed key (em, ph, fn, ln, ge, db, ct, st, zp, country, external_id) takes a string or an
/// array and leaves as an array of what the chosen normaliser profile sends, deduplicated in
/// order after hashing; never-hashed keys pass unchanged. What the profile does with each value
/// (hashed, passed through, dropped, rejected) is reported per value. The output never holds a
/// JSON null or an access_token, the Node SDK's two faults; with the node-sdk profile the
/// SDK's other habits (action_source lowercased, falsy custom_data fields and a value that
/// parseFloat() cannot read left out) are reproduced, each reported, so the body matches what
/// that SDK would send. Reuses one PiiProcessor: not thread-safe, use one per thread.
class RequestBuilder final
{
public:
    /// Replaces a profile's normaliser: for tests of the builder itself and for experiments.
    using Normalizer = std::function<pii::PiiResult(pii::Field, QStringView value)>;

    explicit RequestBuilder(pii::Profile profile = pii::Profile::Meta);

    pii::Profile profile() const { return m_profile; }
    void setProfile(pii::Profile profile);
    /// An empty function restores the profile's own normaliser.
    void setNormalizer(Normalizer normalizer) { m_normalizer = std::move(normalizer); }

    /// On by default. Off, only fatal diagnostics (rejected values, wrong types) are kept: the
    /// sending path, where a diagnostic per value would cost more than the hashing.
    void setDiagnosticsEnabled(bool enabled) { m_diagnostics = enabled; }
    bool diagnosticsEnabled() const { return m_diagnostics; }

    /// `rawRequest` has the shape of a request body ({"data": [...], "test_event_code": …}).
    BuildResult build(const QJsonObject &rawRequest);
    /// One event, as if it were data[index] of a request (for the paths in messages).
    EventBuildResult buildEvent(const QJsonObject &rawEvent, qsizetype index = 0);

private:
    pii::PiiResult normalize(pii::Field field, QStringView value);
    void buildUserData(QJsonObject &userData, const QString &path, EventBuildResult &result);
    FieldDiagnostic diagnostic(FieldDiagnostic::Kind kind, const QString &field, const QString &path) const;
    /// An Invalid diagnostic from the model's "path: message" error.
    FieldDiagnostic invalidFromModel(const QString &error, const QString &eventPath) const;

    pii::Profile m_profile;
    pii::PiiProcessor m_processor;
    Normalizer m_normalizer;
    bool m_diagnostics = true;
};

} // namespace capiqa::event
