#pragma once

#include "event/requestbuilder.h"
#include "pii/pii.h"
#include "pii/piiprocessor.h"
#include "validate/validator.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>

#include <array>

/// The composer's engine, free of widgets: one raw event (customer data as typed) in, what
/// capiqa would send for it out, with every value's diagnostics and the validator's findings.
/// The GUI's composer page and tests drive it; it is cheap enough to run on every keystroke.
namespace capiqa::compose {

struct ComposeSettings
{
    pii::Profile normalizer = pii::Profile::Meta;
    QString testEventCode;   ///< put into the body unless `production`
    bool production = false;
    qint64 now = 0;          ///< what "now" means for event_time; 0 = the clock
    /// Extra event_id template variables. A fixed `uuid` keeps the preview of a `{uuid}` id
    /// stable while the user types; the send then draws a fresh one.
    QMap<QString, QString> variables;
};

/// What the raw event becomes.
struct Composition
{
    QJsonObject resolvedEvent; ///< "now" and the event_id template resolved, PII still raw
    QJsonObject requestBody;   ///< the exact body sent; empty when the event cannot be built
    QList<event::FieldDiagnostic> diagnostics;
    QList<validate::Finding> findings; ///< build errors first, then the validator's
    qint64 now = 0;                    ///< the reference time used

    bool canSend() const { return !requestBody.isEmpty() && !validate::hasErrors(findings); }
};

/// Resolves, builds (hashing per `settings.normalizer`) and validates one raw event.
Composition compose(const QJsonObject &rawEvent, const ComposeSettings &settings);

/// One value under all four official implementations, for the live preview.
struct ImplementationComparison
{
    std::array<pii::PiiResult, pii::AllProfiles.size()> results;

    const pii::PiiResult &result(pii::Profile profile) const { return results[std::size_t(profile)]; }
    /// Profiles whose sent payload differs from `profile`'s (rejections and drops count alike).
    QList<pii::Profile> differingFrom(pii::Profile profile) const;
};

ImplementationComparison compareImplementations(pii::Field field, QStringView value);

/// One line per implementation for a tooltip: "node-sdk: hashed 'john@x.com' → 8f3c…".
QString describeComparison(const ImplementationComparison &comparison);

} // namespace capiqa::compose
